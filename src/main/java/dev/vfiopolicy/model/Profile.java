package dev.vfiopolicy.model;

/**
 * Everything the policies and the engine read of a device, and nothing else: devices with equal
 * profiles get equal outcomes, so evaluation runs once per distinct profile. The unit's fields
 * are what the hardware can do; what a kernel reports of them is {@link Kernel#reports}.
 *
 * @param vfToken a VF whose PF is bound to vfio-pci with a VF token
 * @param hostVtdSnoop every VT-d unit of the host has snoop control or scalable mode: before
 *     5.19 Intel's group-path coherency was this one answer per host; true off VT-d
 */
public record Profile(
    Arch arch,
    Bus bus,
    DeviceClass deviceClass,
    String vendor,
    boolean noSnoop,
    boolean nosnoopEnabled,
    boolean vfToken,
    IommuType iommuType,
    boolean cacheCoherency,
    boolean enforceCacheCoherency,
    boolean scalableMode,
    boolean nesting,
    boolean dirtyTracking,
    boolean hostVtdSnoop) {

  public static Profile of(Host host, Device device) {
    IommuUnit u = device.iommu();
    return new Profile(
        host.arch(),
        device.bus(),
        device.deviceClass(),
        device.vendor(),
        device.noSnoop(),
        device.nosnoopEnabled(),
        device.vfToken(),
        u.type(),
        u.cacheCoherency(),
        u.enforceCacheCoherency(),
        u.scalableMode(),
        u.nesting(),
        u.dirtyTracking(),
        hostVtdSnoop(host.iommus(), u));
  }

  /**
   * Pre-5.19 Intel coherency of the group path (domain_update_iommu_snooping(NULL)): false when
   * any DMAR unit of the host has neither snoop control nor scalable mode. Only VT-d devices
   * read it, so it is true for the rest and does not split their profiles.
   */
  public static boolean hostVtdSnoop(java.util.List<IommuUnit> units, IommuUnit unit) {
    if (unit.type() != IommuType.INTEL_VTD) {
      return true;
    }
    for (IommuUnit x : units) {
      if (x.type() == IommuType.INTEL_VTD && !x.enforceCacheCoherency() && !x.scalableMode()) {
        return false;
      }
    }
    return true;
  }

  /** A physical device with no translating IOMMU: VFIO's no-IOMMU mode is its only way in. */
  public boolean noIommu() {
    return !bus.emulatedIommu() && iommuType == IommuType.NONE;
  }

  // equals, hashCode and toString are written out, with the meaning the record gives them:
  // every device is hashed into its profile, and the generated methods are method-handle
  // chains, linked on first use and not inlined by the quick JIT (a tenth of a default report).

  @Override
  public boolean equals(Object o) {
    return o instanceof Profile p && arch == p.arch && bus == p.bus
        && deviceClass == p.deviceClass && vendor.equals(p.vendor) && noSnoop == p.noSnoop
        && nosnoopEnabled == p.nosnoopEnabled && vfToken == p.vfToken
        && iommuType == p.iommuType && cacheCoherency == p.cacheCoherency
        && enforceCacheCoherency == p.enforceCacheCoherency && scalableMode == p.scalableMode
        && nesting == p.nesting && dirtyTracking == p.dirtyTracking
        && hostVtdSnoop == p.hostVtdSnoop;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(arch, bus, deviceClass, vendor, noSnoop, nosnoopEnabled,
        vfToken, iommuType, cacheCoherency, enforceCacheCoherency, scalableMode, nesting,
        dirtyTracking, hostVtdSnoop);
  }

  /** The record's own form, "Profile[arch=X86_64, ...]": VM profiles sort their members by it. */
  @Override
  public String toString() {
    return "Profile[arch=" + arch + ", bus=" + bus + ", deviceClass=" + deviceClass
        + ", vendor=" + vendor + ", noSnoop=" + noSnoop + ", nosnoopEnabled=" + nosnoopEnabled
        + ", vfToken=" + vfToken + ", iommuType=" + iommuType + ", cacheCoherency="
        + cacheCoherency + ", enforceCacheCoherency=" + enforceCacheCoherency
        + ", scalableMode=" + scalableMode + ", nesting=" + nesting + ", dirtyTracking="
        + dirtyTracking + ", hostVtdSnoop=" + hostVtdSnoop + "]";
  }

}
