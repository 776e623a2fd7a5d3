package dev.vfiopolicy.population;

import dev.vfiopolicy.model.Arch;
import dev.vfiopolicy.model.Bus;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.IommuUnit;
import dev.vfiopolicy.yaml.Node;
import dev.vfiopolicy.yaml.Nodes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads preset files (presets/*.yaml). */
public final class PresetLoader {
  private PresetLoader() {}

  public static Preset fromNode(Node root) {
    Nodes p = Nodes.of(root, "preset");
    String id = p.string("id");
    p = p.named("preset '" + id + "'")
        .allowOnly("id", "title", "description", "sources", "kinds", "mix");
    List<Preset.Kind> kinds = new ArrayList<>();
    Set<String> kindIds = new HashSet<>();
    for (Node k : p.list("kinds", List.of())) {
      Preset.Kind kind = kind(Nodes.of(k, "preset '" + id + "' kind"));
      if (!kindIds.add(kind.id())) {
        throw k.error("preset '" + id + "': duplicate kind '" + kind.id() + "'");
      }
      kinds.add(kind);
    }
    List<Preset.Part> mix = new ArrayList<>();
    for (Node m : p.list("mix", List.of())) {
      Nodes part = Nodes.of(m, "preset '" + id + "' mix entry").allowOnly("preset", "weight",
          "source");
      mix.add(new Preset.Part(part.string("preset"), part.number("weight", 0, 1e9),
          part.string("source")));
    }
    double total = kinds.stream().mapToDouble(Preset.Kind::weight).sum()
        + mix.stream().mapToDouble(Preset.Part::weight).sum();
    if (!(total > 0)) {
      throw p.loc().error("preset '" + id + "': the weights add up to 0; give some kind or mix"
          + " entry a weight above 0");
    }
    if (kinds.isEmpty() == mix.isEmpty()) {
      throw p.loc().error("preset '" + id + "': give either 'kinds' or 'mix', not both or none");
    }
    return new Preset(id, p.string("title"), p.string("description"), p.strings("sources"),
        kinds, mix);
  }

  private static Preset.Kind kind(Nodes k) {
    String id = k.string("id");
    k = k.named("kind '" + id + "'")
        .allowOnly("id", "weight", "source", "arch", "iommus", "devices", "vms");
    List<IommuUnit> units = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node u : k.list("iommus", List.of())) {
      IommuUnit unit = PopulationReader.unit(Nodes.of(u, "kind '" + id + "' iommu"));
      if (!names.add(unit.name())) {
        throw u.error("kind '" + id + "': duplicate iommu '" + unit.name() + "'");
      }
      units.add(unit);
    }
    List<Preset.Template> templates = new ArrayList<>();
    for (Node d : k.list("devices")) {
      Preset.Template t = template(Nodes.of(d, "kind '" + id + "' device"), id, names);
      if (t.follows() && templates.isEmpty()) {
        throw d.error("kind '" + id + "': the first device cannot 'follow' another");
      }
      templates.add(t);
    }
    List<Preset.VmTemplate> vms = new ArrayList<>();
    Set<Integer> inVm = new HashSet<>();
    Set<String> vmIds = new HashSet<>();
    for (Node v : k.list("vms", List.of())) {
      Preset.VmTemplate vm = vm(Nodes.of(v, "kind '" + id + "' vm"), id, templates, inVm);
      if (!vmIds.add(vm.id())) {
        throw v.error("kind '" + id + "': duplicate vm id '" + vm.id() + "'");
      }
      vms.add(vm);
    }
    return new Preset.Kind(id, k.number("weight", 0, 1e9), k.string("source"),
        k.choice("arch", Arch::fromId), units, templates, vms);
  }

  /** Most devices of a generated VM: the profile counter packs a VM's devices in one long. */
  static final int MAX_VM_DEVICES = 4;

  private static Preset.VmTemplate vm(
      Nodes v, String kind, List<Preset.Template> templates, Set<Integer> inVm) {
    String vmId = v.string("id");
    v = v.named("kind '" + kind + "' vm '" + vmId + "'")
        .allowOnly("id", "devices", "probability", "source");
    List<String> names = v.strings("devices");
    List<Node> nodes = v.list("devices");
    if (names.size() < 2 || names.size() > MAX_VM_DEVICES) {
      throw v.node("devices").error("kind '" + kind + "' vm '" + vmId + "': a VM template names"
          + " 2 to " + MAX_VM_DEVICES + " devices (every other device is a VM of its own)");
    }
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      int found = -1;
      for (int j = 0; j < templates.size(); j++) {
        if (templates.get(j).name().equals(names.get(i))) {
          if (found >= 0) {
            throw nodes.get(i).error("kind '" + kind + "' vm '" + vmId + "': two devices are"
                + " called '" + names.get(i) + "'");
          }
          found = j;
        }
      }
      if (found < 0) {
        throw nodes.get(i).error("kind '" + kind + "' vm '" + vmId + "': no device called '"
            + names.get(i) + "' in this kind");
      }
      if (!templates.get(found).deviceClass().assignable()) {
        throw nodes.get(i).error("kind '" + kind + "' vm '" + vmId + "': '" + names.get(i)
            + "' is a " + templates.get(found).deviceClass().id() + ", which is not assigned");
      }
      if (!inVm.add(found)) {
        throw nodes.get(i).error("kind '" + kind + "' vm '" + vmId + "': '" + names.get(i)
            + "' is already in another VM of this kind");
      }
      indexes.add(found);
    }
    return new Preset.VmTemplate(vmId, indexes, v.number("probability", 0, 1),
        v.string("source"));
  }

  private static Preset.Template template(Nodes d, String kind, Set<String> units) {
    String name = d.string("name");
    d = d.named("kind '" + kind + "' device '" + name + "'")
        .allowOnly("name", "class", "bus", "iommu", "vendor", "vendors", "probability", "count",
            "no_snoop", "bdf", "group", "follows");
    String iommu = d.string("iommu");
    if (!iommu.equals("none") && !units.contains(iommu)) {
      throw d.node("iommu").error("kind '" + kind + "' device '" + name + "': iommu '" + iommu
          + "' is not a unit of this kind");
    }
    List<Preset.Weighted> vendors = new ArrayList<>();
    boolean follows = d.bool("follows", false);
    if (follows) {
      if (d.has("vendor") || d.has("vendors") || d.has("count") || d.has("probability")
          || d.has("bdf") || d.has("group")) {
        throw d.loc().error("kind '" + kind + "' device '" + name + "': a device that follows"
            + " takes its vendor, count, address and group from the device it follows");
      }
    } else if (d.has("vendor") == d.has("vendors")) {
      throw d.loc().error("kind '" + kind + "' device '" + name
          + "': give 'vendor' or 'vendors' (id: weight), one of them");
    }
    if (follows) {
      // vendor, count and address come from the followed device
    } else if (d.has("vendor")) {
      vendors.add(new Preset.Weighted(d.string("vendor").toLowerCase(java.util.Locale.ROOT), 1));
    } else {
      Nodes vs = Nodes.of(d.node("vendors"), "device '" + name + "' vendors");
      for (String v : vs.raw().entries().keySet()) {
        vendors.add(new Preset.Weighted(v.toLowerCase(java.util.Locale.ROOT),
            vs.number(v, 0, 1e9)));
      }
    }
    int min = 1;
    int max = 1;
    if (d.has("count")) {
      Node c = d.node("count");
      if (c instanceof Node.ListNode l && l.items().size() == 2) {
        Nodes pair = Nodes.of(new Node.MapNode(c.loc(), new java.util.LinkedHashMap<>(
            java.util.Map.of("min", new Node.Entry(c.loc(), l.items().get(0)),
                "max", new Node.Entry(c.loc(), l.items().get(1))))), "count");
        min = (int) pair.integer("min", 0, 64);
        max = (int) pair.integer("max", min, 64);
      } else {
        min = (int) d.integer("count", 0, 64);
        max = min;
      }
    }
    if (d.has("bdf") && max > 1) {
      throw d.node("bdf").error("kind '" + kind + "' device '" + name + "': a fixed bdf needs"
          + " count 1");
    }
    return new Preset.Template(
        d.choice("class", DeviceClass::fromId),
        name,
        d.has("bus") ? d.choice("bus", Bus::fromId) : Bus.PCI,
        iommu,
        vendors,
        d.has("probability") ? d.number("probability", 0, 1) : 1.0,
        min,
        max,
        d.has("no_snoop") ? d.number("no_snoop", 0, 1) : 0.0,
        d.string("bdf", null),
        d.string("group", null),
        follows);
  }
}
