package dev.vfiopolicy.model;

/**
 * One IOMMU unit (a DMAR unit, an AMD-Vi IOMMU, an SMMU...) and the capabilities the kernel reads.
 *
 * @param cacheCoherency IOMMU_CAP_CACHE_COHERENCY: IOMMU_CACHE is supported; VFIO requires it from
 *     5.19 on (brief §2.3)
 * @param enforceCacheCoherency IOMMU_CAP_ENFORCE_CACHE_COHERENCY: the unit can block no-snoop
 *     (VT-d ECAP.SC, always on AMD-Vi, SMMUv3 with CANWBS)
 * @param scalableMode VT-d scalable mode in use (the RFC's force-snoop shortcut, brief §1.1)
 * @param nesting the unit supports nested translation through iommufd
 * @param dirtyTracking the unit supports IOMMU hardware dirty tracking through iommufd
 * @param source where the facts came from and what was inferred; empty when not recorded
 */
public record IommuUnit(
    String name,
    IommuType type,
    boolean cacheCoherency,
    boolean enforceCacheCoherency,
    boolean scalableMode,
    boolean nesting,
    boolean dirtyTracking,
    String source) {

  /** The unit a device without a translating IOMMU is "behind". */
  public static final IommuUnit NONE =
      new IommuUnit("none", IommuType.NONE, false, false, false, false, false, "");
}
