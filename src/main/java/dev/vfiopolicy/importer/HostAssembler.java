package dev.vfiopolicy.importer;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.Arch;
import dev.vfiopolicy.model.Bus;
import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.IommuUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes one {@link Host} of what the inputs say: devices merged by address, identified (vendor,
 * class, name), placed on IOMMU units by {@link UnitPlacer}. Every {@code source:} field says
 * what was read (file and line) and what was inferred, and why.
 */
final class HostAssembler {
  private HostAssembler() {}

  /**
   * @param name --name, or null
   * @param arch --arch, or null
   * @param defaultName the host name when neither --name nor the dumps give one
   * @param inputs the inputs as source fields cite them ("lspci laptop.txt")
   * @param paths the inputs as the user gave them, for messages
   */
  record Options(String name, String arch, String defaultName, PciIds ids, List<String> inputs,
      List<String> paths) {}

  record Imported(Host host, List<String> warnings) {}

  static Imported assemble(List<LspciParser.Result> lspci, List<DmesgParser.Facts> dmesg,
      SysfsReader.Facts sysfs, Options opt) {
    return new Run(lspci, dmesg, sysfs, opt).run();
  }

  private static final class Run {
    private final List<LspciParser.Result> lspci;
    private final List<DmesgParser.Facts> dmesg;
    private final SysfsReader.Facts sysfs;
    private final Options opt;
    private final List<String> warnings = new ArrayList<>();
    private final List<String> hostNotes = new ArrayList<>();
    private final Map<PciAddress, PciRecord> records = new TreeMap<>();
    private final Map<PciAddress, DeviceClassifier.Result> classes = new LinkedHashMap<>();
    private final Map<PciAddress, String> vendors = new LinkedHashMap<>();
    private final Map<PciAddress, List<String>> notes = new LinkedHashMap<>();

    Run(List<LspciParser.Result> lspci, List<DmesgParser.Facts> dmesg, SysfsReader.Facts sysfs,
        Options opt) {
      this.lspci = lspci;
      this.dmesg = dmesg;
      this.sysfs = sysfs;
      this.opt = opt;
    }

    Imported run() {
      mergeRecords();
      for (PciRecord r : records.values()) {
        identify(r);
      }
      Arch arch = arch();
      UnitPlacer.Result placed = new UnitPlacer(records, classes, vendors, dmesg, sysfs,
          warnings, hostNotes).place(arch);
      Map<PciAddress, UnitPlacer.Placement> placements = placed.placements();
      List<Device> devices = new ArrayList<>();
      Map<String, IommuUnit> unitModels = new LinkedHashMap<>();
      for (IommuFacts u : placed.units()) {
        unitModels.put(u.name(), u.toUnit());
      }
      int noGroup = 0;
      for (PciRecord r : records.values()) {
        UnitPlacer.Placement p = placements.get(r.address);
        if (p == null) {
          continue; // served by a unit of a driver vfio-policy does not model
        }
        if (r.group == null && p.unit() != null) {
          noGroup++;
        }
        devices.add(device(r, p, unitModels));
      }
      if (devices.isEmpty()) {
        throw new InputException(String.join(", ", opt.paths()) + ": no PCI device left to"
            + " import: every device is behind an IOMMU driver vfio-policy does not model");
      }
      if (noGroup > 0) {
        hostNotes.add("IOMMU group not in the inputs for " + noGroup + " devices behind a unit:"
            + " written as group 0");
      }
      String name = hostName();
      return new Imported(new Host(name, arch, new ArrayList<>(unitModels.values()), devices,
          List.of(), "imported", hostSource()), warnings);
    }

    /** sysfs (the running machine), then lspci, then dmesg: a soft fact's first value wins. */
    private void mergeRecords() {
      List<List<PciRecord>> sources = new ArrayList<>();
      if (sysfs != null) {
        sources.add(sysfs.devices());
        warnings.addAll(sysfs.warnings());
      }
      for (LspciParser.Result r : lspci) {
        sources.add(r.devices());
        warnings.addAll(r.warnings());
      }
      for (DmesgParser.Facts f : dmesg) {
        sources.add(f.devices());
        warnings.addAll(f.warnings());
      }
      for (List<PciRecord> list : sources) {
        for (PciRecord r : list) {
          PciRecord known = records.get(r.address);
          if (known == null) {
            records.put(r.address, r);
          } else {
            known.merge(r, warnings);
          }
        }
      }
      int classless = 0;
      for (var it = records.values().iterator(); it.hasNext(); ) {
        if (!it.next().hasClass()) {
          it.remove();
          classless++;
        }
      }
      if (classless > 0) {
        warnings.add(classless + " devices appear only in 'Adding to iommu group' lines, with"
            + " neither class nor ids: left out (add lspci, or a dmesg with the boot's PCI scan)");
      }
      if (records.isEmpty()) {
        throw new InputException(String.join(", ", opt.paths()) + ": no PCI device found; a"
            + " kernel log needs the boot's PCI scan ('pci 0000:00:02.0: [8086:46d1] type 00"
            + " class 0x030000'), or give --lspci or --sysfs");
      }
    }

    /** Vendor (read or inferred), class code and classification of one record. */
    private void identify(PciRecord r) {
      List<String> n = new ArrayList<>();
      String vendor = r.vendorId;
      if (vendor == null && r.description != null) {
        Vendors.Inference v = Vendors.infer(r.description, opt.ids());
        if (v != null) {
          vendor = v.id();
          n.add(v.note());
          Matcher m = UNNAMED_DEVICE.matcher(r.description);
          if (m.matches()) {
            r.deviceId = m.group(1).toLowerCase(java.util.Locale.ROOT);
          }
        }
      }
      if (vendor == null) {
        vendor = "ffff";
        n.add("vendor id unknown" + (r.description == null ? ""
            : " (name '" + r.description + "' not in the built-in list"
                + (opt.ids().isEmpty() ? " and no pci.ids" : " or pci.ids") + ")")
            + ": written as ffff");
      }
      if (r.classCode == null && r.className != null) {
        r.classCode = PciClasses.code(r.className, opt.ids());
      }
      DeviceClassifier.Result c =
          DeviceClassifier.classify(r.classCode, vendor, r.address, displayName(r, vendor));
      if (r.classCode == null) {
        n.add("class '" + r.className + "' unknown: written as other");
      } else if (!c.note().isEmpty()) {
        n.add(c.note());
      }
      vendors.put(r.address, vendor);
      classes.put(r.address, c);
      notes.put(r.address, n);
    }

    /** "Intel Corporation Device 461c": lspci knew the vendor but not the device. */
    private static final Pattern UNNAMED_DEVICE = Pattern.compile(".* Device ([0-9a-fA-F]{4})");

    private Device device(PciRecord r, UnitPlacer.Placement p,
        Map<String, IommuUnit> unitModels) {
      String vendor = vendors.get(r.address);
      DeviceClassifier.Result c = classes.get(r.address);
      List<String> src = new ArrayList<>();
      src.add(cites(r));
      if (r.driver != null) {
        src.add("driver " + r.driver);
      }
      if (r.nosnoop != null) {
        src.add("DevCtl NoSnoop" + (r.nosnoop ? "+" : "-") + " (" + r.nosnoopFrom.cite()
            + "): a permission, not evidence of use");
      }
      src.addAll(notes.get(r.address));
      if (p.unit() != null && !p.note().isEmpty()) {
        src.add("iommu " + p.unit().name() + ": " + p.note());
      } else if (p.unit() == null) {
        src.add("iommu none: " + p.note());
      }
      if (c.intelIgd()) {
        src.add("no_snoop: Intel integrated graphics issues no-snoop DMA through its GTT/PPGTT"
            + " whatever DevCtl says (brief §3.5)");
      }
      return new Device(
          displayName(r, vendor),
          r.address.toString(),
          Bus.PCI,
          c.deviceClass(),
          vendor,
          p.unit() == null ? IommuUnit.NONE : unitModels.get(p.unit().name()),
          r.group == null ? 0 : r.group,
          c.intelIgd(),
          Boolean.TRUE.equals(r.nosnoop),
          false,
          String.join("; ", src));
    }

    /** pci.ids name, else the name lspci printed, else the class and ids. */
    private String displayName(PciRecord r, String vendor) {
      if (r.deviceId != null && !opt.ids().isEmpty()) {
        String v = opt.ids().vendorName(vendor);
        String d = opt.ids().deviceName(vendor, r.deviceId);
        if (v != null && d != null) {
          return v + " " + d;
        }
      }
      if (r.description != null) {
        return r.description;
      }
      String cls = r.className != null ? r.className
          : r.classCode != null ? PciClasses.name(r.classCode, opt.ids()) : null;
      String ids = r.deviceId == null ? "" : " [" + vendor + ":" + r.deviceId + "]";
      return (cls == null ? "Class " + r.classCode : cls) + ids;
    }

    /** "lspci a.txt:9; dmesg b.txt:246,397": every input line that mentions the device. */
    private static String cites(PciRecord r) {
      Map<String, List<String>> byFile = new LinkedHashMap<>();
      for (String c : r.cited) {
        int colon = c.lastIndexOf(':');
        boolean line = colon > 0 && c.substring(colon + 1).matches("\\d+");
        String file = line ? c.substring(0, colon) : c;
        List<String> lines = byFile.computeIfAbsent(file, k -> new ArrayList<>());
        if (line) {
          lines.add(c.substring(colon + 1));
        }
      }
      List<String> parts = new ArrayList<>();
      byFile.forEach((f, ls) -> parts.add(ls.isEmpty() ? f : f + ":" + String.join(",", ls)));
      return String.join("; ", parts);
    }

    private Arch arch() {
      if (opt.arch() != null) {
        try {
          Arch a = Arch.fromId(opt.arch());
          hostNotes.add("arch " + a.id() + " from --arch");
          return a;
        } catch (IllegalArgumentException e) {
          throw new InputException("--arch: '" + opt.arch() + "' is not an architecture; "
              + e.getMessage());
        }
      }
      if (sysfs != null && sysfs.liveArch() != null) {
        hostNotes.add("arch " + sysfs.liveArch().id() + ": " + sysfs.liveArchNote());
        return sysfs.liveArch();
      }
      for (IommuFacts u : declaredUnits()) {
        Arch a = switch (u.type()) {
          case INTEL_VTD, AMD_VI -> Arch.X86_64;
          case ARM_SMMU_V3, ARM_SMMU -> Arch.AARCH64;
          case S390 -> Arch.S390X;
          default -> null;
        };
        if (a != null) {
          hostNotes.add("arch " + a.id() + " inferred from the " + u.type().id() + " unit "
              + u.name());
          return a;
        }
      }
      for (PciRecord r : records.values()) {
        DeviceClass c = classes.get(r.address).deviceClass();
        String v = vendors.get(r.address);
        if (c != DeviceClass.BRIDGE) {
          continue;
        }
        Arch a = switch (v) {
          case "8086", "1022", "1002" -> Arch.X86_64;
          case "1def", "19e5", "177d", "13b5" -> Arch.AARCH64;
          case "1014" -> Arch.PPC64LE;
          default -> null;
        };
        if (a != null) {
          hostNotes.add("arch " + a.id() + " inferred from the bridge " + r.address.shortForm()
              + " (vendor " + v + ")");
          return a;
        }
      }
      hostNotes.add("arch x86_64 by default: no input shows the architecture");
      return Arch.X86_64;
    }

    /** Units the inputs declare (sysfs, else dmesg), before any inference. */
    private List<IommuFacts> declaredUnits() {
      List<IommuFacts> out = new ArrayList<>();
      if (sysfs != null) {
        out.addAll(sysfs.units());
      }
      for (DmesgParser.Facts f : dmesg) {
        out.addAll(f.units());
      }
      return out;
    }

    private String hostName() {
      if (opt.name() != null) {
        if (opt.name().isBlank()) {
          throw new InputException("--name: empty; give a host name");
        }
        return opt.name();
      }
      if (sysfs != null && sysfs.hostname() != null) {
        return sysfs.hostname();
      }
      for (DmesgParser.Facts f : dmesg) {
        if (f.hostname() != null) {
          return f.hostname();
        }
      }
      return opt.defaultName();
    }

    private String hostSource() {
      List<String> parts = new ArrayList<>();
      parts.add("imported from " + String.join(", ", opt.inputs()));
      for (DmesgParser.Facts f : dmesg) {
        if (f.kernel() != null) {
          // What the machine ran; reports evaluate it under their own kernels (scenarios).
          parts.add("kernel " + f.kernel());
        }
      }
      parts.addAll(hostNotes);
      if (sysfs != null) {
        parts.addAll(sysfs.notes());
      }
      parts.add(opt.ids().isEmpty() ? "names as the dumps print them (no pci.ids)"
          : "names from " + opt.ids().describe());
      parts.add("no_snoop true only for Intel integrated graphics (brief §3.5, §6.1); the"
          + " DevCtl bit is kept as nosnoop_enabled");
      return String.join("; ", parts);
    }
  }
}
