package dev.vfiopolicy.model;

/**
 * A kernel-wide behaviour the engine knows by name; which release brings or ends it is kernel
 * data (catalog/kernels.yaml).
 */
public enum KernelSwitch {
  /** The RFC series' /dev/vfio/devices, for vfio-pci only. */
  RFC_CDEV_PCI("rfc-cdev-pci"),
  /** Intel's group-path coherency (IOMMU_CACHE, VFIO_DMA_CC_IOMMU) is one answer per host. */
  INTEL_GLOBAL_COHERENCY("intel-global-coherency"),
  /** VFIO refuses a device whose IOMMU lacks IOMMU_CAP_CACHE_COHERENCY. */
  VFIO_REFUSES_NON_COHERENT("vfio-refuses-non-coherent"),
  IOMMUFD("iommufd"),
  /** /dev/vfio/devices/vfioX for every VFIO device; VFIO_GROUP becomes optional. */
  VFIO_DEVICE_CDEV("vfio-device-cdev"),
  /** kvm-vfio accepts device (cdev) fds. */
  KVM_VFIO_DEVICE_FDS("kvm-vfio-device-fds"),
  /** Emulated-IOMMU devices (mdev, vfio-ccw, vfio-ap) get cdevs. */
  CDEV_EMULATED_DEVICES("cdev-emulated-devices"),
  /** vfio-ap opens only with KVM attached. */
  VFIO_AP_NEEDS_KVM("vfio-ap-needs-kvm"),
  /** VFIO_DEVICE_BIND_FLAG_TOKEN: VFs with a VF token can be bound through the cdev. */
  VF_TOKEN_CDEV("vf-token-cdev"),
  IOMMUFD_DIRTY_TRACKING("iommufd-dirty-tracking"),
  /** IOMMU_HWPT_INVALIDATE: nesting usable by a VMM. */
  IOMMUFD_HWPT_INVALIDATE("iommufd-hwpt-invalidate");

  private final String id;

  KernelSwitch(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static KernelSwitch fromId(String id) {
    return Ids.lookup(KernelSwitch.class, id, KernelSwitch::id);
  }
}
