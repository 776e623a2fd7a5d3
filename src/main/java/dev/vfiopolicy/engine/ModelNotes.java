package dev.vfiopolicy.engine;

import dev.vfiopolicy.model.KernelFact;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the model departs from the brief, or simplifies it, and what it assumes; printed in
 * every report. The fixed notes are below; {@link #notes} adds the assumptions of the kernels a
 * report covers (Kconfig choices, timeline facts TIMELINE.md only believes) and the
 * counterfactual cells.
 */
public final class ModelNotes {
  private ModelNotes() {}

  public static final List<String> NOTES =
      List.of(
          "A scenario is a kernel release (catalog/kernels.yaml, from TIMELINE.md) and its"
              + " Kconfig choices: what each IOMMU driver reports of a unit's hardware"
              + " (CACHE_COHERENCY, ENFORCE_CACHE_COHERENCY, nesting, dirty tracking), which"
              + " interfaces exist and what kvm-vfio accepts all follow from the release."
              + " Population files describe hardware; policies read what the kernel reports.",
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
          "Whether a unit really blocks no-snoop is taken from its hardware: VT-d ECAP.SC (once"
              + " the kernel asks for snooping; before 5.19 the group path asked only when every"
              + " DMAR unit of the host passed the global test), AMD-Vi always, SMMUv3 CANWBS"
              + " whatever the kernel knows of it. Kernels before 5.19 took VT-d scalable mode as"
              + " force-snoop (RFC 19/20); a scalable-mode unit without ECAP.SC is taken not to"
              + " block, as the merged kernel decides [UNVERIFIED on hardware].",
          "A population file's enforce_cache_coherency on an AMD-Vi unit is ignored: the driver"
              + " reports enforced coherency always (IOMMU_PTE_FC). cache_coherency matters only"
              + " for SMMUs; VT-d, AMD-Vi, s390, virtio-iommu and sPAPR report it (from the"
              + " release in the timeline) whatever the file says.",
          "Under upstream-merged no coherency flag exists, so vm-iommufd-detect cannot detect;"
              + " the raw VT-d ECAP that IOMMU_GET_HW_INFO returns since 6.6 is not counted as a"
              + " flag.",
          "Emulated-IOMMU devices (mdev, vfio-ccw, vfio-ap) are taken as never enforced-coherent"
              + " [INFERRED in the brief, row 19], so the hide policies hide them.",
          "On the RFC kernel the idealised policies (hide-non-snoop, expose-and-detect) read"
              + " what that kernel could answer per unit (VT-d scalable mode or ECAP.SC, AMD-Vi"
              + " always); rfc-literal-hide keeps the RFC's own query, which only VT-d answered.",
          "In rfc-2021 the cdev use cases assume a VMM that speaks the RFC's uAPI; none shipped"
              + " (the cover letter: \"our time doesn't afford a clean implementation in Qemu\").",
          "The iommufd no-IOMMU cdev (2026) has no release in TIMELINE.md and is not modelled:"
              + " no-IOMMU devices are group-only in every scenario.");

  /** The fixed notes, then what the chosen scenarios and policies assume. */
  public static List<String> notes(List<Scenario> scenarios, List<Policy> policies) {
    List<String> out = new ArrayList<>(NOTES);
    Set<String> assumed = new LinkedHashSet<>();
    for (Scenario s : scenarios) {
      for (String a : s.assumptions()) {
        assumed.add(a + " (" + s.id() + ")");
      }
    }
    for (String a : mergeByText(assumed)) {
      out.add("Assumed: " + a + ".");
    }
    Set<String> believed = new LinkedHashSet<>();
    for (Scenario s : scenarios) {
      for (KernelFact f : s.kernel().facts()) {
        if (f.believedOnly()) {
          believed.add(f.id());
        }
      }
    }
    for (Scenario s : scenarios) {
      for (KernelFact f : s.kernel().timeline().facts()) {
        if (believed.remove(f.id())) {
          out.add("Assumed (TIMELINE.md confidence " + f.confidence() + ", not verified): "
              + f.id() + ", " + f.when() + ": " + f.fact() + ".");
        }
      }
    }
    for (Policy p : policies) {
      for (Scenario s : scenarios) {
        if (p.counterfactualOn(s.kernel())) {
          out.add("Counterfactual: " + p.id() + " on " + s.id() + " (kernel "
              + s.kernel().label() + ") shows what its behaviour, which kernels have from "
              + p.counterfactualBefore() + " on, would have done there; it is not a result of"
              + " that time. Its cells are marked *.");
        }
      }
    }
    return out;
  }

  /** "X (a)", "X (b)" -> "X (a, b)". */
  private static List<String> mergeByText(Set<String> items) {
    java.util.Map<String, List<String>> by = new java.util.LinkedHashMap<>();
    for (String i : items) {
      int open = i.lastIndexOf(" (");
      by.computeIfAbsent(i.substring(0, open), k -> new ArrayList<>())
          .add(i.substring(open + 2, i.length() - 1));
    }
    List<String> out = new ArrayList<>();
    by.forEach((text, ids) -> out.add(text + " (" + String.join(", ", ids) + ")"));
    return out;
  }
}
