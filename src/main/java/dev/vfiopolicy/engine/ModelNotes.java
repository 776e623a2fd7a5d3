package dev.vfiopolicy.engine;

import java.util.List;

/** Where the model departs from the brief, or simplifies it; printed in every report. */
public final class ModelNotes {
  private ModelNotes() {}

  public static final List<String> NOTES =
      List.of(
          "Each device is evaluated as if it were the only device of its VM or application;"
              + " the per-VM OR of kvm_vfio_update_coherency() over several devices (brief §6.3"
              + " row 5) and IOMMU-group viability are not modelled.",
          "unsafe is reported for x86 KVM guests whose non-coherent DMA KVM never learns of,"
              + " and for every KVM guest with non-coherent DMA on other architectures (no"
              + " kvm_arch_register_noncoherent_dma there); the brief's x86_intel is widened to"
              + " x86_64, which changes nothing for AMD-Vi units since they always enforce.",
          "Userspace drivers (no KVM) with non-coherent DMA are reported as works: the hazard is"
              + " the same on the group and cdev paths and no policy changes it (brief §5.3).",
          "The brief's 'degraded' is not an outcome: a use case that needs an iommufd-only"
              + " feature cannot fall back, so it is broken (policy hid the cdev) or unsupported.",
          "The pre-5.19 global IOMMU_CAP_CACHE_COHERENCY test on Intel (brief §2.4) only makes"
              + " more VMs non-coherent (a cost, not a hazard) and is not modelled.",
          "Under upstream-merged no coherency flag exists, so vm-iommufd-detect cannot detect;"
              + " the raw VT-d ECAP that IOMMU_GET_HW_INFO returns since 6.6 is not counted as a"
              + " flag.",
          "The linux-6.6 and cdev-only scenarios stand for 6.6 and later kernels: they include"
              + " iommufd dirty tracking (6.7) and nesting (VT-d 6.7, SMMUv3 6.13), which 6.6"
              + " itself lacks.",
          "Emulated-IOMMU devices (mdev, vfio-ccw, vfio-ap) are taken as never enforced-coherent"
              + " [INFERRED in the brief, row 19], so the hide policies hide them.",
          "In rfc-2021 the cdev use cases assume a VMM that speaks the RFC's uAPI; none shipped"
              + " (the cover letter: \"our time doesn't afford a clean implementation in Qemu\").",
          "Kernels 5.19 to 6.5 (iommufd without the VFIO cdev) are not a scenario; one can be"
              + " added to catalog/scenarios.yaml with cdev_interface: false.");
}
