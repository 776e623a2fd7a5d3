package dev.vfiopolicy.model;

/**
 * Everything the policies and the engine read of a device, and nothing else: devices with equal
 * profiles get equal outcomes, so evaluation runs once per distinct profile.
 */
public record Profile(
    Arch arch,
    Bus bus,
    DeviceClass deviceClass,
    String vendor,
    boolean noSnoop,
    boolean nosnoopEnabled,
    IommuType iommuType,
    boolean cacheCoherency,
    boolean enforceCacheCoherency,
    boolean scalableMode,
    boolean nesting,
    boolean dirtyTracking) {

  public static Profile of(Host host, Device device) {
    IommuUnit u = device.iommu();
    return new Profile(
        host.arch(),
        device.bus(),
        device.deviceClass(),
        device.vendor(),
        device.noSnoop(),
        device.nosnoopEnabled(),
        u.type(),
        u.cacheCoherency(),
        u.enforceCacheCoherency(),
        u.scalableMode(),
        u.nesting(),
        u.dirtyTracking());
  }

  /** A physical device with no translating IOMMU: VFIO's no-IOMMU mode is its only way in. */
  public boolean noIommu() {
    return !bus.emulatedIommu() && iommuType == IommuType.NONE;
  }

  /**
   * DMA that the IOMMU does not force coherent: the device issues no-snoop, or (before 5.19, when
   * VFIO still accepted it) its IOMMU unit cannot even map cacheable; and the unit cannot block
   * it. Devices without a unit of their own (emulated IOMMU, no-IOMMU) count only their no-snoop.
   */
  public boolean noncoherentDma() {
    boolean unitNotCacheable = iommuType != IommuType.NONE && !cacheCoherency;
    return (noSnoop || unitNotCacheable) && !enforceCacheCoherency;
  }
}
