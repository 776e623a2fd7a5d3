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
          "A scenario is a kernel release and its Kconfig choices. What each IOMMU driver"
              + " reports of a unit's hardware (CACHE_COHERENCY, ENFORCE_CACHE_COHERENCY,"
              + " nesting, dirty tracking), which interfaces exist and what kvm-vfio accepts all"
              + " follow from the release, fact by fact, each with its commit ('vfio-policy"
              + " scenarios list'). Population files describe hardware; policies read what the"
              + " kernel reports.",
          "A VM is the devices a population assigns together; every other assignable device is"
              + " a VM of its own. The VM starts only if each of its devices does; KVM's"
              + " non-coherent state is the OR over the VM's registered fds"
              + " (kvm_vfio_update_coherency). IOMMU-group viability (every device of a group"
              + " bound to VFIO) is not modelled.",
          "Userspace drivers (no KVM) with non-coherent DMA are reported as works: the hazard is"
              + " the same on the group and cdev paths and no policy changes it; VFIO's contract"
              + " is IOMMU_CACHE (<4-v2-f090ae795824+6ad-intel_no_snoop_jgg@nvidia.com>).",
          "A use case that needs an iommufd-only feature cannot fall back to the group, so it is"
              + " broken (the policy hid the cdev) or unsupported; 'degraded' is not an outcome.",
          "Whether a unit really blocks no-snoop is taken from its hardware: VT-d ECAP.SC (once"
              + " the kernel asks for snooping; before 5.19 the group path asked only when every"
              + " DMAR unit of the host passed the global test), AMD-Vi always, SMMUv3 CANWBS"
              + " whatever the kernel knows of it. Kernels before 5.19 took VT-d scalable mode as"
              + " force-snoop (RFC 19/20); a scalable-mode unit without ECAP.SC is taken not to"
              + " block, as the merged kernel decides [not verified on hardware].",
          "A population file's enforce_cache_coherency on an AMD-Vi unit is ignored: the driver"
              + " reports enforced coherency always (IOMMU_PTE_FC). cache_coherency matters only"
              + " for SMMUs; VT-d, AMD-Vi, s390, virtio-iommu and sPAPR report it (from the"
              + " release that brought it) whatever the file says.",
          "Under upstream-merged no coherency flag exists, so vm-iommufd-detect cannot detect;"
              + " the raw VT-d ECAP that IOMMU_GET_HW_INFO returns since 6.6 is not counted as a"
              + " flag.",
          "Emulated-IOMMU devices (mdev, vfio-ccw, vfio-ap) are taken as never enforced-coherent"
              + " [inferred from vfio_register_emulated_iommu_dev], so the hide policies hide"
              + " them.",
          "On the RFC kernel the idealised policies (hide-non-snoop, expose-and-detect) read"
              + " what that kernel could answer per unit (VT-d scalable mode or ECAP.SC, AMD-Vi"
              + " always); rfc-literal-hide keeps the RFC's own query, which only VT-d answered.",
          "On the RFC kernel the cdev use cases assume a VMM that speaks the RFC's uAPI; none"
              + " shipped (the cover letter: \"our time doesn't afford a clean implementation in"
              + " Qemu\"). vm-iommufd there stands for QEMU's behaviour (a refused kvm-vfio add"
              + " fails the attach).",
          "The iommufd no-IOMMU cdev (2026) has no known release and is not modelled: no-IOMMU"
              + " devices are group-only in every scenario.");

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
