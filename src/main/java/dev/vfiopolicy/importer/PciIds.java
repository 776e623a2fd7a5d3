package dev.vfiopolicy.importer;

import dev.vfiopolicy.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PCI ID database ({@code pci.ids}, the file lspci names devices from): vendor, device and
 * class names. Subsystem and prog-if lines are skipped. {@link #EMPTY} stands for "not
 * installed"; the importer then keeps the names the dumps printed.
 */
final class PciIds {
  /** Where Debian and Fedora install it ({@code pciutils}, {@code hwdata}). */
  static final List<Path> SYSTEM_PATHS =
      List.of(Path.of("/usr/share/misc/pci.ids"), Path.of("/usr/share/hwdata/pci.ids"));

  static final PciIds EMPTY = new PciIds("", "");

  private static final Pattern VENDOR = Pattern.compile("([0-9a-fA-F]{4})\\s+(\\S.*)");
  private static final Pattern CHILD = Pattern.compile("\t([0-9a-fA-F]{2,4})\\s+(\\S.*)");
  private static final Pattern CLASS = Pattern.compile("C ([0-9a-fA-F]{2})\\s+(\\S.*)");
  private static final Pattern VERSION = Pattern.compile("#\\s*Version:\\s*(\\S+)");

  private final String label;
  private final String version;
  private final Map<String, String> vendors = new HashMap<>();
  private final Map<String, String> devices = new HashMap<>();
  private final Map<String, String> classes = new HashMap<>();
  /** Vendor name to ids: several vendor ids share a name ("Red Hat, Inc.", "Intel ..."). */
  private final Map<String, List<String>> vendorsByName = new HashMap<>();
  private final Map<String, String> classesByName = new HashMap<>();

  private PciIds(String label, String version) {
    this.label = label;
    this.version = version;
  }

  /** The first of {@code candidates} that exists, or {@link #EMPTY}. */
  static PciIds firstOf(List<Path> candidates) {
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        return load(p);
      }
    }
    return EMPTY;
  }

  static PciIds load(Path file) {
    TextInput in = TextInput.read(file, "pci.ids");
    return parse(in);
  }

  static PciIds parse(TextInput in) {
    String version = "";
    for (String line : in.lines()) {
      Matcher v = VERSION.matcher(line);
      if (v.matches()) {
        version = v.group(1);
        break;
      }
    }
    PciIds ids = new PciIds(in.name(), version);
    String vendor = null;
    String cls = null;
    for (String line : in.lines()) {
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("\t\t")) {
        continue;
      }
      Matcher m;
      if ((m = CLASS.matcher(line)).matches()) {
        cls = m.group(1).toLowerCase(Locale.ROOT);
        vendor = null;
      } else if ((m = VENDOR.matcher(line)).matches()) {
        vendor = m.group(1).toLowerCase(Locale.ROOT);
        cls = null;
        String name = m.group(2).strip();
        ids.vendors.put(vendor, name);
        ids.vendorsByName.computeIfAbsent(name, k -> new ArrayList<>()).add(vendor);
      } else if ((m = CHILD.matcher(line)).matches()) {
        String id = m.group(1).toLowerCase(Locale.ROOT);
        String name = m.group(2).strip();
        if (vendor != null && id.length() == 4) {
          ids.devices.put(vendor + id, name);
        } else if (cls != null && id.length() == 2) {
          ids.classes.put(cls + id, name);
          ids.classesByName.putIfAbsent(name.toLowerCase(Locale.ROOT), cls + id);
        }
      }
    }
    if (ids.vendors.isEmpty()) {
      throw new InputException(in.display() + ": not a pci.ids file (no vendor lines such as"
          + " '8086  Intel Corporation')");
    }
    return ids;
  }

  boolean isEmpty() {
    return vendors.isEmpty();
  }

  /** "pci.ids version 2023.04.10", for source fields; machine paths stay out of the file. */
  String describe() {
    return version.isEmpty() ? label : label + " version " + version;
  }

  String vendorName(String vendorId) {
    return vendors.get(vendorId);
  }

  String deviceName(String vendorId, String deviceId) {
    return devices.get(vendorId + deviceId);
  }

  String className(String code) {
    return classes.get(code);
  }

  String classCode(String name) {
    return classesByName.get(name.toLowerCase(Locale.ROOT));
  }

  /**
   * The vendor whose name starts {@code description} (lspci prints the vendor's pci.ids name
   * first), the longest name winning; null when none does.
   */
  VendorMatch vendorOf(String description) {
    String best = null;
    for (String name : vendorsByName.keySet()) {
      if ((description.equals(name) || description.startsWith(name + " "))
          && (best == null || name.length() > best.length())) {
        best = name;
      }
    }
    return best == null ? null : new VendorMatch(best, List.copyOf(vendorsByName.get(best)));
  }

  /** A vendor name and the ids that carry it, in file order. */
  record VendorMatch(String name, List<String> ids) {}
}
