package dev.vfiopolicy.model;

/** The bus a VFIO device sits on, which decides how VFIO registers it. */
public enum Bus {
  PCI("pci", false),
  PLATFORM("platform", false),
  FSL_MC("fsl-mc", false),
  /** Mediated devices (vGPU and the like): registered with an emulated IOMMU. */
  MDEV("mdev", true),
  /** s390 channel I/O (vfio-ccw), an mdev driver. */
  CCW("ccw", true),
  /** s390 crypto adjunct processor (vfio-ap), an mdev driver. */
  AP("ap", true);

  private final String id;
  private final boolean emulatedIommu;

  Bus(String id, boolean emulatedIommu) {
    this.id = id;
    this.emulatedIommu = emulatedIommu;
  }

  public String id() {
    return id;
  }

  /**
   * Registered through vfio_register_emulated_iommu_dev(): no IOMMU unit of its own, DMA pinned
   * through the parent driver (iommufd_access on the cdev path).
   */
  public boolean emulatedIommu() {
    return emulatedIommu;
  }

  public static Bus fromId(String id) {
    return Ids.lookup(Bus.class, id, Bus::id);
  }
}
