package dev.vfiopolicy.model;

/** IOMMU driver behind a unit (brief §3). */
public enum IommuType {
  INTEL_VTD("intel-vtd"),
  AMD_VI("amd-vi"),
  ARM_SMMU_V3("arm-smmu-v3"),
  ARM_SMMU("arm-smmu"),
  S390("s390"),
  SPAPR_TCE("spapr-tce"),
  VIRTIO_IOMMU("virtio-iommu"),
  /** No translating IOMMU: no-IOMMU mode for physical devices, or an emulated IOMMU for mdev. */
  NONE("none");

  private final String id;

  IommuType(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static IommuType fromId(String id) {
    return Ids.lookup(IommuType.class, id, IommuType::id);
  }
}
