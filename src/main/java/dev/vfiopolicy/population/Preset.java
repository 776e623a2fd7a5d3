package dev.vfiopolicy.population;

import dev.vfiopolicy.model.Arch;
import dev.vfiopolicy.model.Bus;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.IommuUnit;
import java.util.List;

/**
 * A recipe for generated hosts: weighted host kinds, each with its IOMMU units and device
 * templates. A mixed preset instead lists other presets with weights. Every weight carries the
 * source it rests on, or says it is an assumption.
 */
public record Preset(
    String id,
    String title,
    String description,
    List<String> sources,
    List<Kind> kinds,
    List<Part> mix) {
  public Preset {
    sources = List.copyOf(sources);
    kinds = List.copyOf(kinds);
    mix = List.copyOf(mix);
  }

  /**
   * One kind of host and how often it occurs.
   *
   * @param vms typical VMs of several devices; every other assignable device is a VM alone
   */
  public record Kind(
      String id,
      double weight,
      String source,
      Arch arch,
      List<IommuUnit> iommus,
      List<Template> devices,
      List<VmTemplate> vms) {
    public Kind {
      iommus = List.copyOf(iommus);
      devices = List.copyOf(devices);
      vms = List.copyOf(vms);
    }
  }

  /**
   * A VM a host of a kind may run: the first device of each named template, assigned together,
   * with the given chance when the host has them all. No template is in two VM templates.
   *
   * @param templates indexes into the kind's devices
   */
  public record VmTemplate(String id, List<Integer> templates, double probability, String source) {
    public VmTemplate {
      templates = List.copyOf(templates);
    }
  }

  /**
   * Devices of one sort on a host of a kind.
   *
   * @param vendors vendor ids with weights; one is drawn per device
   * @param probability chance that the host has these devices at all
   * @param minCount fewest devices when present
   * @param maxCount most devices when present (drawn uniformly)
   * @param noSnoop chance that a device actually issues no-snoop DMA
   * @param bdf fixed address, or null to allocate one
   * @param group label: templates with the same label on a host share one IOMMU group; null for
   *     a group of its own
   * @param follows one device per device of the previous template, as its next PCI function and
   *     in its group (a GPU's HDMI audio)
   */
  public record Template(
      DeviceClass deviceClass,
      String name,
      Bus bus,
      String iommu,
      List<Weighted> vendors,
      double probability,
      int minCount,
      int maxCount,
      double noSnoop,
      String bdf,
      String group,
      boolean follows) {
    public Template {
      vendors = List.copyOf(vendors);
    }
  }

  public record Weighted(String id, double weight) {}

  /** A component of a mixed preset. */
  public record Part(String preset, double weight, String source) {}
}
