package dev.vfiopolicy.importer;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.Arch;
import dev.vfiopolicy.model.IommuType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides which IOMMU unit serves each device, and which units the host has: sysfs names them
 * (class/iommu/X/devices); dmesg lists the units but not their device scope, so placing a device
 * is inferred where several units could serve it; without either, the units are inferred from
 * the platform (brief §3). A device placed by inference says so in its note.
 */
final class UnitPlacer {
  /** Where a device goes: its unit (null for none) and why. */
  record Placement(IommuFacts unit, String note) {}

  record Result(List<IommuFacts> units, Map<PciAddress, Placement> placements) {}

  private final Map<PciAddress, PciRecord> records;
  private final Map<PciAddress, DeviceClassifier.Result> classes;
  private final Map<PciAddress, String> vendors;
  private final List<DmesgParser.Facts> dmesg;
  private final SysfsReader.Facts sysfs;
  private final List<String> warnings;
  private final List<String> hostNotes;
  private List<IommuFacts> units = new ArrayList<>();

  /**
   * @param warnings where to add what the command should print
   * @param hostNotes where to add what the host's source should say
   */
  UnitPlacer(Map<PciAddress, PciRecord> records, Map<PciAddress, DeviceClassifier.Result> classes,
      Map<PciAddress, String> vendors, List<DmesgParser.Facts> dmesg, SysfsReader.Facts sysfs,
      List<String> warnings, List<String> hostNotes) {
    this.records = records;
    this.classes = classes;
    this.vendors = vendors;
    this.dmesg = dmesg;
    this.sysfs = sysfs;
    this.warnings = warnings;
    this.hostNotes = hostNotes;
  }

  /** The host's units, and the unit (or none) of every record. */
  Result place(Arch arch) {
    Map<PciAddress, Placement> placements = placements(arch);
    return new Result(units, placements);
  }

  private Map<PciAddress, Placement> placements(Arch arch) {
    if (sysfs != null) {
      return placeFromSysfs(arch);
    }
    List<IommuFacts> fromLog = dmesgUnits();
    boolean completeScan = dmesg.stream().anyMatch(f -> f.completeBoot() && f.enumerationSeen());
    boolean groupsInLog = dmesg.stream().anyMatch(DmesgParser.Facts::groupsSeen);
    boolean groupsInLspci = records.values().stream()
        .anyMatch(r -> r.groupFrom != null && r.groupFrom.kind().equals("lspci"));
    String log = dmesg.stream().filter(f -> f.completeBoot() && f.enumerationSeen())
        .map(DmesgParser.Facts::file).findFirst().orElse("");
    if (completeScan && !groupsInLog && !groupsInLspci) {
      units = fromLog;
      String why = fromLog.isEmpty()
          ? "dmesg " + log + " covers the boot and shows no IOMMU"
          : "dmesg " + log + " shows IOMMU units but adds no device to an IOMMU group:"
              + " translation is off (intel_iommu=off, amd_iommu=off, or not enabled by"
              + " default)";
      hostNotes.add("IOMMU: " + why + "; every device written with iommu: none");
      return allNone(why);
    }
    if (!fromLog.isEmpty()) {
      units = fromLog;
      hostNotes.add("IOMMU units from dmesg; a kernel log does not say which devices each unit"
          + " serves, so where several units could serve a device its placement is inferred");
      boolean groupsComplete =
          dmesg.stream().anyMatch(f -> f.completeBoot() && f.groupsSeen());
      Map<PciAddress, Placement> out = new LinkedHashMap<>();
      for (PciRecord r : records.values()) {
        if (groupsComplete && r.group == null) {
          out.put(r.address, new Placement(null, "no 'Adding to iommu group' line for it in"
              + " a log that covers the boot"));
        } else {
          out.put(r.address, fallback(r, units));
        }
      }
      return out;
    }
    units = inferredUnits(arch);
    hostNotes.add("IOMMU units inferred from the platform (no dmesg or sysfs IOMMU data);"
        + " assumes the IOMMU is enabled");
    Map<PciAddress, Placement> out = new LinkedHashMap<>();
    for (PciRecord r : records.values()) {
      out.put(r.address, fallback(r, units));
    }
    return out;
  }

  private Map<PciAddress, Placement> placeFromSysfs(Arch arch) {
    Set<String> unmodelled = new HashSet<>();
    List<IommuFacts> known = new ArrayList<>();
    Map<String, IommuFacts> logUnits = new LinkedHashMap<>();
    for (IommuFacts u : dmesgUnits()) {
      logUnits.put(u.name(), u);
    }
    for (IommuFacts u : sysfs.units()) {
      if (u.type() == IommuType.NONE) {
        unmodelled.addAll(u.serves());
        continue;
      }
      IommuFacts log = logUnits.get(u.name());
      if (log != null && log.type() == IommuType.INTEL_VTD && u.type() == IommuType.INTEL_VTD) {
        if (log.register().equals(u.register())) {
          // dmesg adds what sysfs lacks: the DRHD flags and the scalable-mode setting.
          u = log.withServes(u.serves()).withSource(log.source() + "; "
              + u.source().substring(0, u.source().indexOf(':')) + " agrees");
        } else {
          warnings.add(u.name() + ": sysfs and dmesg show different ECAP registers (another"
              + " boot or machine?); kept sysfs");
        }
      }
      known.add(u);
    }
    units = known;
    boolean anyGroup = records.values().stream().anyMatch(r -> r.group != null);
    if (known.isEmpty() && !anyGroup && unmodelled.isEmpty()) {
      String why = sysfs.label() + ": no class/iommu entries and no iommu_group links, so no"
          + " IOMMU translates DMA";
      hostNotes.add("IOMMU: " + why + "; every device written with iommu: none");
      return allNone(why);
    }
    if (known.isEmpty() && unmodelled.isEmpty()) {
      units = inferredUnits(arch);
      hostNotes.add("IOMMU groups exist but " + sysfs.label() + " lists no IOMMU unit: units"
          + " inferred from the platform");
    }
    Map<PciAddress, Placement> out = new LinkedHashMap<>();
    int dropped = 0;
    for (PciRecord r : records.values()) {
      String bdf = r.address.toString();
      IommuFacts serving = units.stream().filter(u -> u.serves().contains(bdf)).findFirst()
          .orElse(null);
      if (serving != null) {
        out.put(r.address, new Placement(serving, "class/iommu/" + serving.name()
            + "/devices lists it"));
      } else if (unmodelled.contains(bdf)) {
        dropped++;
      } else if (r.group == null) {
        out.put(r.address, new Placement(null, "no iommu_group link"));
      } else {
        out.put(r.address, fallback(r, units));
      }
    }
    if (dropped > 0) {
      warnings.add(dropped + " devices are behind an IOMMU driver vfio-policy does not model:"
          + " left out");
    }
    return out;
  }

  private Map<PciAddress, Placement> allNone(String why) {
    Map<PciAddress, Placement> out = new LinkedHashMap<>();
    for (PciRecord r : records.values()) {
      out.put(r.address, new Placement(null, why));
    }
    return out;
  }

  /** Units from every log, once each; two logs may not disagree about one unit. */
  private List<IommuFacts> dmesgUnits() {
    Map<String, IommuFacts> byName = new LinkedHashMap<>();
    for (DmesgParser.Facts f : dmesg) {
      for (IommuFacts u : f.units()) {
        IommuFacts seen = byName.putIfAbsent(u.name(), u);
        if (seen != null && !seen.capabilities().equals(u.capabilities())) {
          throw new InputException("dmesg " + f.file() + ": unit " + u.name() + " ("
              + u.capabilities() + ") differs from the same unit in another log ("
              + seen.capabilities() + "); are the logs from the same machine?");
        }
      }
    }
    List<IommuFacts> out = new ArrayList<>(byName.values());
    if (out.stream().anyMatch(u -> u.type() == IommuType.INTEL_VTD)
        && out.stream().anyMatch(u -> u.type() == IommuType.AMD_VI)) {
      throw new InputException("the dmesg inputs show both Intel DMAR and AMD-Vi units; are"
          + " they from the same machine?");
    }
    return out;
  }

  /**
   * Places a device when no input names its unit. Intel client platforms give the integrated
   * GPU its own DRHD (flags 0x0, listed first) and everything else to the INCLUDE_PCI_ALL one;
   * on servers, with several units and no scope, any choice is a guess, harmless only when the
   * candidates have the same capabilities, and the note says which.
   */
  private Placement fallback(PciRecord r, List<IommuFacts> all) {
    if (all.isEmpty()) {
      return new Placement(null, "no IOMMU unit");
    }
    IommuType type = all.get(0).type();
    List<IommuFacts> us = all.stream().filter(u -> u.type() == type).toList();
    if (us.size() == 1) {
      return new Placement(us.get(0), us.get(0).source().startsWith("inferred")
          ? "inferred from the platform" : "the only " + type.id() + " unit");
    }
    DeviceClassifier.Result c = classes.get(r.address);
    if (type == IommuType.INTEL_VTD) {
      IommuFacts gfx = us.stream().filter(u -> !Boolean.TRUE.equals(u.includePciAll()))
          .findFirst().orElse(null);
      boolean igdPresent = classes.values().stream().anyMatch(DeviceClassifier.Result::intelIgd);
      if (igdPresent && gfx != null) {
        if (c.intelIgd()) {
          return new Placement(gfx, "inferred: the first non-INCLUDE_PCI_ALL DRHD serves the"
              + " integrated GPU at 00:02.0 on Intel client platforms");
        }
        us = us.stream().filter(u -> u != gfx).toList();
      }
      if (us.size() == 1) {
        return new Placement(us.get(0), Boolean.TRUE.equals(us.get(0).includePciAll())
            ? "the INCLUDE_PCI_ALL DRHD serves every device outside another unit's scope"
            : "the only DMAR unit left");
      }
      IommuFacts catchAll = us.stream().filter(u -> Boolean.TRUE.equals(u.includePciAll()))
          .findFirst().orElse(us.get(0));
      return guess(catchAll, us, "assumed the " + (Boolean.TRUE.equals(
          catchAll.includePciAll()) ? "INCLUDE_PCI_ALL " : "first ") + "unit");
    }
    if (type == IommuType.AMD_VI) {
      IommuFacts near = null;
      for (IommuFacts u : us) {
        PciAddress a = u.pciAddress();
        if (a != null && a.domain() == r.address.domain() && a.bus() <= r.address.bus()
            && (near == null || a.bus() > near.pciAddress().bus())) {
          near = u;
        }
      }
      if (near != null) {
        return guess(near, us, "the AMD-Vi IOMMU at " + near.pciAddress().shortForm()
            + " is the nearest below bus "
            + String.format(Locale.ROOT, "%02x", r.address.bus()) + " on this segment");
      }
    }
    return guess(us.get(0), us, "assumed the first unit");
  }

  private static Placement guess(IommuFacts chosen, List<IommuFacts> candidates, String how) {
    boolean same = candidates.stream().map(IommuFacts::capabilities).distinct().count() == 1;
    List<String> names = candidates.stream().map(IommuFacts::name).toList();
    String units = names.size() <= 4 ? String.join(", ", names)
        : names.get(0) + " ... " + names.get(names.size() - 1) + " (" + names.size() + ")";
    return new Placement(chosen, same
        ? "inferred: " + how + "; no input shows the device scope, but units " + units
            + " have the same capabilities, so which one serves the device changes no outcome"
        : "inferred, uncertain: " + how + "; no input shows the device scope, and units "
            + units + " differ in capabilities");
  }

  /** Brief §3: what each platform's IOMMU reports, when no input shows the units. */
  private List<IommuFacts> inferredUnits(Arch arch) {
    switch (arch) {
      case AARCH64:
        return List.of(IommuFacts.inferred("smmu0", IommuType.ARM_SMMU_V3, true, false, null,
            "aarch64 host: an SMMUv3, assumed coherent; CANWBS (enforce) unknown, written as"
                + " false (brief §3.3)"));
      case S390X:
        return List.of(IommuFacts.inferred("zpci", IommuType.S390, true, false, null,
            "s390x host: zPCI reports cache coherency only (brief §3.4)"));
      case PPC64LE:
        return List.of(IommuFacts.inferred("phb0", IommuType.SPAPR_TCE, true, false, null,
            "ppc64le host: sPAPR TCE, legacy VFIO only (brief §3.4)"));
      default:
        break;
    }
    String vendor = x86Vendor();
    if (vendor.equals("amd")) {
      return List.of(IommuFacts.inferred("ivhd0", IommuType.AMD_VI, true, true, null,
          "AMD host: AMD-Vi reports cache coherency and enforce unconditionally (brief §3.2)"));
    }
    boolean igd = classes.values().stream().anyMatch(DeviceClassifier.Result::intelIgd);
    if (!igd) {
      return List.of(IommuFacts.inferred("dmar0", IommuType.INTEL_VTD, true, true, true,
          "Intel host without integrated graphics: one INCLUDE_PCI_ALL DRHD, Snoop Control"
              + " assumed as on every non-graphics unit measured (brief §3.1)"));
    }
    return List.of(
        IommuFacts.inferred("dmar0", IommuType.INTEL_VTD, true, false, false,
            "Intel host with integrated graphics: its own DRHD (flags 0x0), without Snoop"
                + " Control on every Intel client measured (brief §3.1)"),
        IommuFacts.inferred("dmar1", IommuType.INTEL_VTD, true, true, true,
            "Intel host: the INCLUDE_PCI_ALL DRHD, with Snoop Control as on every"
                + " non-graphics unit measured (brief §3.1)"));
  }

  /** "intel" or "amd": host bridges decide (AMD CPUs show 1022 functions at 00:18.x). */
  private String x86Vendor() {
    int intel = 0;
    int amd = 0;
    for (PciRecord r : records.values()) {
      String v = vendors.get(r.address);
      boolean hostBridge = "0600".equals(r.classCode);
      int weight = hostBridge ? 1000 : 1;
      if (v.equals("8086")) {
        intel += weight;
      } else if (v.equals("1022") || v.equals("1002")) {
        amd += weight;
      }
    }
    String v = amd > intel ? "amd" : "intel";
    hostNotes.add(amd == 0 && intel == 0
        ? "x86 platform assumed Intel: no host bridge or device from Intel or AMD"
        : "x86 platform " + (v.equals("amd") ? "AMD" : "Intel") + " inferred from the"
            + " vendors of the host bridges and devices");
    return v;
  }
}
