package dev.vfiopolicy.population;

import dev.vfiopolicy.model.Arch;
import dev.vfiopolicy.model.Bus;
import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.IommuType;
import dev.vfiopolicy.model.IommuUnit;
import dev.vfiopolicy.model.Vm;
import dev.vfiopolicy.yaml.Node;
import dev.vfiopolicy.yaml.Nodes;
import dev.vfiopolicy.yaml.YamlReader;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads population files (the YAML of the report contract), host by host, so a file of any
 * length is never held whole. Every reference is checked: a device's IOMMU must be a unit of its
 * host, vendor ids are four hex digits, a unit cannot enforce coherency it does not have.
 */
public final class PopulationReader {
  private static final Pattern VENDOR = Pattern.compile("[0-9a-fA-F]{4}");

  private PopulationReader() {}

  /** Header keys of a population file besides {@code hosts}. */
  public record Header(String name, String description) {}

  public static Header read(InputStream in, String file, Consumer<Host> hosts) {
    FleetReaders.DuplicateNames names = new FleetReaders.DuplicateNames();
    Node.MapNode top =
        YamlReader.stream(
            in,
            file,
            "hosts",
            n -> {
              Host h = host(n);
              names.check(h.name(), file, Nodes.of(n, "host").node("name").loc().line());
              hosts.accept(h);
            });
    Nodes m = Nodes.of(top, "population file").allowOnly("name", "description", "hosts");
    if (!m.has("hosts")) {
      throw m.loc().error("population file: missing key 'hosts' (a list of hosts)");
    }
    return new Header(m.string("name", ""), m.string("description", ""));
  }

  static Host host(Node n) {
    Nodes h = Nodes.of(n, "host");
    String name = h.string("name");
    h = h.named("host '" + name + "'")
        .allowOnly("name", "arch", "kind", "iommus", "devices", "vms", "source");
    Arch arch = h.choice("arch", Arch::fromId);
    Map<String, IommuUnit> units = new LinkedHashMap<>();
    if (h.list("iommus", List.of()).size() > Limits.DEVICES) {
      throw h.node("iommus").error(Limits.tooManyDevices(name, "IOMMU units"));
    }
    if (h.list("devices", List.of()).size() > Limits.DEVICES) {
      throw h.node("devices").error(Limits.tooManyDevices(name, "devices"));
    }
    for (Node u : h.list("iommus", List.of())) {
      IommuUnit unit = unit(Nodes.of(u, "host '" + name + "' iommu"));
      if (units.put(unit.name(), unit) != null || unit.name().equals("none")) {
        throw u.error("host '" + name + "': duplicate or reserved iommu name '" + unit.name()
            + "'");
      }
    }
    List<Device> devices = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Node d : h.list("devices", List.of())) {
      Device dev = device(Nodes.of(d, "host '" + name + "' device"), name, units);
      if (!ids.add(dev.id())) {
        throw d.error("host '" + name + "': two devices are called '" + dev.id()
            + "'; give each a distinct bdf (or name, where there is no bdf)");
      }
      devices.add(dev);
    }
    String kind = h.string("kind", Host.UNSPECIFIED);
    if (!isKind(kind)) {
      throw h.node("kind").error("host '" + name + "': 'kind' must be lower-case letters,"
          + " digits and dashes (a preset id, 'imported', or your own), found '"
          + kind + "'");
    }
    return new Host(name, arch, new ArrayList<>(units.values()), devices,
        vms(h, name, devices), kind, h.string("source", ""));
  }

  /**
   * Whether {@code kind} is lower-case letters, digits and dashes, 1 to 64, not starting with a
   * dash ({@code [a-z0-9][a-z0-9-]{0,63}}): checked for every host read, so a loop, not a regex.
   */
  static boolean isKind(String kind) {
    int n = kind.length();
    if (n < 1 || n > 64) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = kind.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0))) {
        return false;
      }
    }
    return true;
  }

  /** The VMs a host lists: each names its devices by bdf (or name where there is none). */
  private static List<Vm> vms(Nodes h, String host, List<Device> devices) {
    Map<String, Device> byId = new LinkedHashMap<>();
    for (Device d : devices) {
      byId.put(d.id(), d);
    }
    List<Vm> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> taken = new HashSet<>();
    for (Node v : h.list("vms", List.of())) {
      Nodes m = Nodes.of(v, "host '" + host + "' vm");
      String vmName = m.string("name");
      m = m.named("host '" + host + "' vm '" + vmName + "'").allowOnly("name", "devices");
      if (!names.add(vmName)) {
        throw m.node("name").error("host '" + host + "': two VMs are called '" + vmName + "'");
      }
      List<String> ids = m.strings("devices");
      List<Node> nodes = m.list("devices");
      if (ids.isEmpty()) {
        throw m.node("devices").error("host '" + host + "' vm '" + vmName + "': a VM has at"
            + " least one device");
      }
      List<Device> members = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        Device d = byId.get(ids.get(i));
        if (d == null) {
          throw nodes.get(i).error("host '" + host + "' vm '" + vmName + "': no device '"
              + ids.get(i) + "' on this host; devices are named by bdf (or by name where they"
              + " have none): " + String.join(", ", byId.keySet()));
        }
        if (!d.deviceClass().assignable()) {
          throw nodes.get(i).error("host '" + host + "' vm '" + vmName + "': '" + ids.get(i)
              + "' is a bridge, which is not assigned");
        }
        if (!taken.add(d.id())) {
          throw nodes.get(i).error("host '" + host + "' vm '" + vmName + "': device '"
              + ids.get(i) + "' is already in another VM");
        }
        members.add(d);
      }
      out.add(new Vm(vmName, members));
    }
    return out;
  }

  /** An IOMMU unit, as written in population files and presets. */
  static IommuUnit unit(Nodes u) {
    String name = u.string("name");
    u = u.named("iommu '" + name + "'")
        .allowOnly("name", "type", "cache_coherency", "enforce_cache_coherency", "scalable_mode",
            "nesting", "dirty_tracking", "source");
    IommuUnit unit =
        new IommuUnit(
            name,
            u.choice("type", IommuType::fromId),
            u.bool("cache_coherency", false),
            u.bool("enforce_cache_coherency", false),
            u.bool("scalable_mode", false),
            u.bool("nesting", false),
            u.bool("dirty_tracking", false),
            u.string("source", ""));
    if (unit.enforceCacheCoherency() && !unit.cacheCoherency()) {
      throw u.node("enforce_cache_coherency").error("iommu '" + name + "': enforce_cache_coherency"
          + " needs cache_coherency (a unit that cannot map cacheable cannot force snoop)");
    }
    if (unit.type() == IommuType.NONE) {
      throw u.node("type").error("iommu '" + name + "': type none is not a unit; give devices"
          + " without an IOMMU 'iommu: none'");
    }
    return unit;
  }

  private static Device device(Nodes d, String host, Map<String, IommuUnit> units) {
    String name = d.string("name");
    d = d.named("host '" + host + "' device '" + name + "'")
        .allowOnly("name", "bdf", "bus", "class", "vendor", "iommu", "group", "no_snoop",
            "nosnoop_enabled", "vf_token", "source");
    Bus bus = d.has("bus") ? d.choice("bus", Bus::fromId) : Bus.PCI;
    String vendor = d.string("vendor");
    if (!VENDOR.matcher(vendor).matches()) {
      throw d.node("vendor").error("host '" + host + "' device '" + name + "': 'vendor' must be"
          + " a 4-hex-digit PCI vendor id such as \"8086\", found '" + vendor + "'");
    }
    String iommuName = d.string("iommu");
    IommuUnit unit;
    if (iommuName.equals("none")) {
      unit = IommuUnit.NONE;
    } else {
      unit = units.get(iommuName);
      if (unit == null) {
        throw d.node("iommu").error("host '" + host + "' device '" + name + "': iommu '"
            + iommuName + "' is not a unit of this host; expected one of: "
            + String.join(", ", units.keySet()) + (units.isEmpty() ? "none" : ", none"));
      }
      if (bus.emulatedIommu()) {
        throw d.node("iommu").error("host '" + host + "' device '" + name + "': " + bus.id()
            + " devices use an emulated IOMMU; write 'iommu: none'");
      }
    }
    return new Device(
        name,
        d.string("bdf", ""),
        bus,
        d.choice("class", DeviceClass::fromId),
        vendor.toLowerCase(java.util.Locale.ROOT),
        unit,
        (int) d.integer("group", 0, Integer.MAX_VALUE),
        d.bool("no_snoop", false),
        d.bool("nosnoop_enabled", false),
        d.bool("vf_token", false),
        d.string("source", ""));
  }
}
