package dev.vfiopolicy.importer;

import dev.vfiopolicy.model.IommuType;
import dev.vfiopolicy.model.IommuUnit;
import java.util.Locale;
import java.util.Set;

/**
 * One IOMMU unit as an input describes it, with the decoding of its capability registers into
 * the capabilities the kernel reports, and a {@code source} that says which facts were read and
 * which were inferred.
 *
 * @param includePciAll VT-d DRHD flags bit 0 (INCLUDE_PCI_ALL); null when not known
 * @param pciAddress the unit's own PCI function (AMD-Vi); null when not known
 * @param serves the devices sysfs lists under the unit; empty when the input does not say
 * @param register the capability register decoded (VT-d ECAP, AMD-Vi EFR, SMMUv3 features);
 *     null when none was read. Two inputs describe the same unit only if they agree on it.
 */
record IommuFacts(
    String name,
    IommuType type,
    boolean cacheCoherency,
    boolean enforceCacheCoherency,
    boolean scalableMode,
    boolean nesting,
    boolean dirtyTracking,
    String source,
    Boolean includePciAll,
    PciAddress pciAddress,
    Set<String> serves,
    Long register) {

  IommuFacts {
    serves = Set.copyOf(serves);
  }

  /** A unit without a decoded register. */
  IommuFacts(String name, IommuType type, boolean cacheCoherency, boolean enforceCacheCoherency,
      boolean scalableMode, boolean nesting, boolean dirtyTracking, String source,
      Boolean includePciAll, PciAddress pciAddress, Set<String> serves) {
    this(name, type, cacheCoherency, enforceCacheCoherency, scalableMode, nesting, dirtyTracking,
        source, includePciAll, pciAddress, serves, null);
  }

  /** Whether the kernel runs VT-d units in scalable mode, as far as the input shows. */
  enum ScalableMode {
    ON,
    OFF,
    UNKNOWN
  }

  // VT-d extended capability bits, drivers/iommu/intel/iommu.h.
  static final int ECAP_SC = 7;
  static final int ECAP_NEST = 26;
  static final int ECAP_SMTS = 43;
  static final int ECAP_SLADS = 45;
  static final int ECAP_SMPWC = 48;
  /** AMD-Vi Extended Feature Register: host dirty bit support (amd_iommu_types.h). */
  static final int EFR_HDSUP = 52;
  /** SMMUv3 driver feature flag ARM_SMMU_FEAT_COHERENCY, (1 << 8) in every version. */
  static final int SMMU_FEAT_COHERENCY = 8;

  IommuUnit toUnit() {
    return new IommuUnit(name, type, cacheCoherency, enforceCacheCoherency, scalableMode,
        nesting, dirtyTracking, source);
  }

  /** The capabilities outcomes depend on; units with equal keys are interchangeable. */
  String capabilities() {
    return type.id() + " cache_coherency=" + cacheCoherency + " enforce_cache_coherency="
        + enforceCacheCoherency + " scalable_mode=" + scalableMode + " nesting=" + nesting
        + " dirty_tracking=" + dirtyTracking;
  }

  IommuFacts withServes(Set<String> devices) {
    return new IommuFacts(name, type, cacheCoherency, enforceCacheCoherency, scalableMode,
        nesting, dirtyTracking, source, includePciAll, pciAddress, devices, register);
  }

  IommuFacts withSource(String newSource) {
    return new IommuFacts(name, type, cacheCoherency, enforceCacheCoherency, scalableMode,
        nesting, dirtyTracking, newSource, includePciAll, pciAddress, serves, register);
  }

  /**
   * A VT-d unit from its ECAP register. Snoop Control (ECAP.SC) is what
   * intel_iommu_capable() reports as IOMMU_CAP_ENFORCE_CACHE_COHERENCY; IOMMU_CAP_CACHE_COHERENCY
   * is unconditional since 5.19. Nesting needs scalable mode and ECAP.NEST; dirty tracking needs
   * scalable mode, SLADS and SMPWC (nested_supported(), ssads_supported()).
   *
   * @param where the register's citation ("dmesg x.txt:133", "sysfs .../ecap")
   * @param smWhere where the scalable-mode setting was seen; empty when unknown
   */
  static IommuFacts vtd(String name, long ecap, Integer drhdFlags, String drhdWhere,
      ScalableMode sm, String smWhere, String where) {
    boolean sc = bit(ecap, ECAP_SC);
    boolean smts = bit(ecap, ECAP_SMTS);
    boolean nest = bit(ecap, ECAP_NEST);
    boolean slads = bit(ecap, ECAP_SLADS);
    boolean smpwc = bit(ecap, ECAP_SMPWC);
    boolean smOn = smts && sm != ScalableMode.OFF;
    StringBuilder s = new StringBuilder(where).append(": ").append(name).append(" ecap ")
        .append(Long.toHexString(ecap)).append(": SC=").append(b(sc))
        .append(sc ? " (enforces coherency)" : " (cannot enforce coherency)")
        .append(", SMTS=").append(b(smts)).append(", NEST=").append(b(nest))
        .append(", SLADS=").append(b(slads)).append(", SMPWC=").append(b(smpwc));
    if (drhdFlags != null) {
      s.append("; DRHD flags 0x").append(Integer.toHexString(drhdFlags)).append(" (")
          .append(drhdWhere).append(")");
    }
    if (smts) {
      switch (sm) {
        case ON -> s.append("; scalable mode on (").append(smWhere).append(")");
        case OFF -> s.append("; scalable mode off (").append(smWhere)
            .append("), so no nesting or dirty tracking");
        default -> s.append("; scalable mode assumed on: the input shows neither"
            + " intel_iommu=sm_on nor sm_off, and CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON is"
            + " y by default upstream (distributions may differ)");
      }
    }
    s.append("; cache_coherency: VT-d reports it unconditionally since 5.19");
    return new IommuFacts(name, IommuType.INTEL_VTD, true, sc, smOn, smOn && nest,
        smOn && slads && smpwc, s.toString(),
        drhdFlags == null ? null : (drhdFlags & 1) != 0, null, Set.of(), ecap);
  }

  /**
   * An AMD-Vi unit: amd_iommu_capable() reports both coherency capabilities unconditionally
   * (IOMMU_PTE_FC is always set). Dirty tracking needs EFR.HDSUP (and the v1 page table, the
   * default). Nesting through iommufd is recent on AMD and not decoded here.
   */
  static IommuFacts amdVi(String name, PciAddress at, Long efr, String efrWhere, String where) {
    StringBuilder s = new StringBuilder(where).append(": AMD-Vi IOMMU");
    if (at != null) {
      s.append(" at ").append(at);
    }
    s.append("; cache_coherency and enforce_cache_coherency: always on AMD-Vi");
    boolean hd = false;
    if (efr != null) {
      hd = bit(efr, EFR_HDSUP);
      s.append("; EFR 0x").append(Long.toHexString(efr)).append(" (").append(efrWhere)
          .append("): HDSUP=").append(b(hd));
    } else {
      s.append("; EFR not in the input, dirty_tracking written as false");
    }
    s.append("; nesting: not decoded, written as false");
    return new IommuFacts(name, IommuType.AMD_VI, true, true, false, false, hd, s.toString(),
        null, at, Set.of(), efr);
  }

  /**
   * An SMMUv3 from the driver's "features" word. IOMMU_CAP_ENFORCE_CACHE_COHERENCY comes from
   * the IORT CANWBS flag, which no log line shows; nesting needs it too.
   */
  static IommuFacts smmuV3(String name, Long features, String where) {
    boolean coherent = features == null || bit(features, SMMU_FEAT_COHERENCY);
    String s = where + ": SMMUv3 " + name
        + (features == null ? "; coherency not shown, assumed coherent"
            : "; features 0x" + Long.toHexString(features) + ": COHERENCY=" + b(coherent))
        + "; enforce_cache_coherency (IORT CANWBS) is not visible here: unknown, written as"
        + " false; nesting needs CANWBS: written as false; dirty tracking not decoded: false";
    return new IommuFacts(name, IommuType.ARM_SMMU_V3, coherent, false, false, false, false, s,
        null, null, Set.of(), features);
  }

  /** An SMMUv2: coherent table walk means IOMMU_CAP_CACHE_COHERENCY; no enforce capability. */
  static IommuFacts smmuV2(String name, Boolean coherentWalk, String where) {
    boolean coherent = coherentWalk == null || coherentWalk;
    String s = where + ": SMMUv2 " + name + (coherentWalk == null
        ? "; table walk coherency not shown, assumed coherent"
        : coherentWalk ? "; coherent table walk"
            : "; non-coherent table walk (a device marked dma-coherent by firmware would still"
                + " be coherent; the log does not show it)")
        + "; SMMUv2 has no enforce capability";
    return new IommuFacts(name, IommuType.ARM_SMMU, coherent, false, false, false, false, s,
        null, null, Set.of());
  }

  /** A unit whose existence and capabilities are inferred, not read. */
  static IommuFacts inferred(String name, IommuType type, boolean cacheCoherency,
      boolean enforce, Boolean includePciAll, String why) {
    return new IommuFacts(name, type, cacheCoherency, enforce, false, false, false,
        "inferred from the platform (no dmesg or sysfs IOMMU data): " + why, includePciAll,
        null, Set.of());
  }

  static boolean bit(long value, int bit) {
    return (value >>> bit & 1) != 0;
  }

  private static String b(boolean v) {
    return v ? "1" : "0";
  }

  static long parseHex(String s) {
    return Long.parseUnsignedLong(s.toLowerCase(Locale.ROOT).replaceFirst("^0x", ""), 16);
  }
}
