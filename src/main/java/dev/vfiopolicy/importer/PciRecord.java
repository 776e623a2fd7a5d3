package dev.vfiopolicy.importer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the inputs say about one PCI function. Fields are null where no input said. Records for
 * the same address, from one dump or several, are merged: identity facts (ids, class code) must
 * agree, or the inputs are from different machines; the others keep the first value seen.
 */
final class PciRecord {
  final PciAddress address;
  /** Every input that mentions the function, in the order they were merged. */
  final Set<String> cited = new LinkedHashSet<>();

  String vendorId;
  String deviceId;
  Origin idsFrom;
  /** Base class and subclass, four hex digits ("0300"). */
  String classCode;
  Origin classFrom;
  /** The class as lspci names it ("VGA compatible controller"). */
  String className;
  /** Vendor and device name as lspci prints them, without ids, revision and prog-if. */
  String description;
  String driver;
  /** PCIe DevCtl "Enable No Snoop" (lspci NoSnoop+): a permission, not evidence of use. */
  Boolean nosnoop;
  Origin nosnoopFrom;
  Integer group;
  Origin groupFrom;

  PciRecord(PciAddress address, Origin origin) {
    this.address = address;
    cited.add(origin.cite());
  }

  void ids(String vendor, String device, Origin from) {
    vendor = vendor.toLowerCase(java.util.Locale.ROOT);
    device = device.toLowerCase(java.util.Locale.ROOT);
    if (vendorId != null && !(vendorId.equals(vendor) && deviceId.equals(device))) {
      throw from.error(address.shortForm() + " is [" + vendor + ":" + device + "] here but ["
          + vendorId + ":" + deviceId + "] in " + idsFrom.cite()
          + "; are these inputs from the same machine?");
    }
    if (vendorId == null) {
      vendorId = vendor;
      deviceId = device;
      idsFrom = from;
    }
  }

  void classCode(String code, Origin from) {
    code = code.toLowerCase(java.util.Locale.ROOT);
    if (classCode != null && !classCode.equals(code)) {
      throw from.error(address.shortForm() + " has class " + code + " here but " + classCode
          + " in " + classFrom.cite() + "; are these inputs from the same machine?");
    }
    if (classCode == null) {
      classCode = code;
      classFrom = from;
    }
  }

  void nosnoop(boolean enabled, Origin from, List<String> warnings) {
    if (nosnoop == null) {
      nosnoop = enabled;
      nosnoopFrom = from;
    } else if (nosnoop != enabled) {
      warnings.add(from.cite() + ": " + address.shortForm() + " NoSnoop" + (enabled ? "+" : "-")
          + " differs from " + nosnoopFrom.cite() + "; kept the first");
    }
  }

  void group(int number, Origin from, List<String> warnings) {
    cited.add(from.cite());
    if (group == null) {
      group = number;
      groupFrom = from;
    } else if (group != number) {
      warnings.add(from.cite() + ": " + address.shortForm() + " is in IOMMU group " + number
          + " but in group " + group + " in " + groupFrom.cite() + "; kept the first");
    }
  }

  /** Takes in another record of the same function; {@code other} wins nothing already set. */
  void merge(PciRecord other, List<String> warnings) {
    cited.addAll(other.cited);
    if (other.vendorId != null) {
      ids(other.vendorId, other.deviceId, other.idsFrom);
    }
    if (other.classCode != null) {
      classCode(other.classCode, other.classFrom);
    }
    if (className == null) {
      className = other.className;
    }
    if (description == null) {
      description = other.description;
    }
    if (driver == null) {
      driver = other.driver;
    }
    if (other.nosnoop != null) {
      nosnoop(other.nosnoop, other.nosnoopFrom, warnings);
    }
    if (other.group != null) {
      group(other.group, other.groupFrom, warnings);
    }
  }

  boolean hasClass() {
    return classCode != null || className != null;
  }
}
