package dev.vfiopolicy.importer;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.Arch;
import dev.vfiopolicy.model.IommuType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a machine from a sysfs tree: {@code bus/pci/devices/*} (ids, class, driver, IOMMU
 * group, and the DevCtl NoSnoop bit from {@code config}), {@code class/iommu/*} (units and the
 * devices each serves) and {@code kernel/iommu_groups}. The folder may be the sysfs mount
 * ({@code /sys}) or a root holding one ({@code /}).
 *
 * <p>Works without root: what cannot be read is reported, not fatal. Unprivileged reads of
 * {@code config} stop after 64 bytes, before the PCI Express capability, so NoSnoop is then
 * unknown.
 */
final class SysfsReader {
  private SysfsReader() {}

  /**
   * @param iommuClass {@code class/iommu} exists (empty on a machine without an IOMMU)
   * @param liveArch the architecture of this machine when the tree is its own {@code /sys}
   * @param notes facts for the host's {@code source}: what could not be read
   */
  record Facts(
      String label,
      List<PciRecord> devices,
      List<IommuFacts> units,
      boolean iommuClass,
      String hostname,
      Arch liveArch,
      String liveArchNote,
      List<String> notes,
      List<String> warnings) {}

  static Facts read(Path dir) {
    Path sys;
    Path root = null;
    if (Files.isDirectory(dir.resolve("sys/bus/pci/devices"))) {
      sys = dir.resolve("sys");
      root = dir;
    } else if (Files.isDirectory(dir.resolve("bus/pci/devices"))) {
      sys = dir;
      if (dir.toAbsolutePath().getFileName() != null
          && dir.toAbsolutePath().getFileName().toString().equals("sys")) {
        root = dir.toAbsolutePath().getParent();
      }
    } else {
      throw new InputException("--sysfs " + dir + ": neither " + dir.resolve("bus/pci/devices")
          + " nor " + dir.resolve("sys/bus/pci/devices") + " is a folder; give the sysfs"
          + " mount (/sys) or a root holding one (/)");
    }
    Reader r = new Reader(sys);
    r.groups();
    r.devices();
    r.units();
    String hostname = null;
    if (root != null) {
      for (String f : List.of("proc/sys/kernel/hostname", "etc/hostname")) {
        String h = r.text(root.resolve(f), false);
        if (h != null && !h.isBlank()) {
          hostname = h.strip();
          break;
        }
      }
    }
    Arch live = null;
    String liveNote = "";
    if (isLive(sys)) {
      String os = System.getProperty("os.arch", "");
      live = switch (os) {
        case "amd64", "x86_64" -> Arch.X86_64;
        case "aarch64", "arm64" -> Arch.AARCH64;
        case "s390x" -> Arch.S390X;
        case "ppc64le" -> Arch.PPC64LE;
        default -> null;
      };
      liveNote = "arch of this machine (os.arch " + os + ")";
    }
    if (r.unreadableDevCtl > 0) {
      r.notes.add("sysfs: DevCtl (NoSnoop) not readable for " + r.unreadableDevCtl
          + " functions (config space past 64 bytes needs root): nosnoop_enabled written as"
          + " false");
      r.warnings.add("--sysfs " + dir + ": the NoSnoop bit of " + r.unreadableDevCtl
          + " functions needs root to read; written as false");
    }
    String label = isLive(sys) ? "sysfs of this machine" : "sysfs " + name(dir);
    return new Facts(label, r.records, r.units, r.iommuClass, hostname, live, liveNote,
        r.notes, r.warnings);
  }

  private static boolean isLive(Path sys) {
    try {
      return Files.isSameFile(sys, Path.of("/sys"));
    } catch (IOException e) {
      return false;
    }
  }

  private static String name(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    return abs.getFileName() == null ? "/" : abs.getFileName().toString();
  }

  private static final class Reader {
    private final Path sys;
    private final List<PciRecord> records = new ArrayList<>();
    private final List<IommuFacts> units = new ArrayList<>();
    private final Map<PciAddress, Integer> groupOf = new HashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private boolean iommuClass;
    private int unreadableDevCtl;

    Reader(Path sys) {
      this.sys = sys;
    }

    void groups() {
      for (Path g : list(sys.resolve("kernel/iommu_groups"))) {
        Integer n = number(g.getFileName().toString());
        if (n == null) {
          warnings.add(g + ": not an IOMMU group number; skipped");
          continue;
        }
        for (Path d : list(g.resolve("devices"))) {
          PciAddress a = PciAddress.parse(d.getFileName().toString());
          if (a != null) {
            groupOf.put(a, n);
          }
        }
      }
    }

    void devices() {
      List<Path> all = list(sys.resolve("bus/pci/devices"));
      if (all.size() > ImportLimits.devices()) {
        throw new InputException(sys.resolve("bus/pci/devices") + ": more than "
            + ImportLimits.devices() + " PCI functions, the limit for one machine; "
            + ImportLimits.raise(ImportLimits.DEVICES, "N"));
      }
      for (Path d : all) {
        String entry = d.getFileName().toString();
        PciAddress a = PciAddress.parse(entry);
        if (a == null) {
          warnings.add(d + ": not a PCI address; skipped");
          continue;
        }
        Origin at = new Origin("sysfs", d.toString(), "bus/pci/devices/" + entry, 0);
        String vendor = text(d.resolve("vendor"), true);
        String device = text(d.resolve("device"), true);
        String cls = text(d.resolve("class"), true);
        if (vendor == null || device == null || cls == null) {
          warnings.add(d + ": vendor, device or class not readable; skipped");
          continue;
        }
        PciRecord r = new PciRecord(a, at);
        try {
          r.ids(hex4(vendor), hex4(device), at);
          String c = cls.strip().toLowerCase(Locale.ROOT).replaceFirst("^0x", "");
          if (!c.matches("[0-9a-f]{1,6}")) {
            throw new NumberFormatException(cls);
          }
          r.classCode(String.format(Locale.ROOT, "%06x", Long.parseLong(c, 16)).substring(0, 4),
              at);
        } catch (NumberFormatException e) {
          warnings.add(d + ": vendor, device or class is not a hex number of 4 (class: 6)"
              + " digits; skipped");
          continue;
        }
        r.driver = link(d.resolve("driver"));
        String group = link(d.resolve("iommu_group"));
        Integer n = group == null ? groupOf.get(a) : number(group);
        if (group != null && n == null) {
          warnings.add(d + "/iommu_group: links to '" + group + "', not an IOMMU group number;"
              + " the device is read without a group");
        }
        if (n != null) {
          r.group(n, new Origin("sysfs", d.toString(), "bus/pci/devices/" + entry
              + (group == null ? " (kernel/iommu_groups)" : "/iommu_group"), 0), warnings);
        }
        noSnoop(r, d.resolve("config"));
        records.add(r);
      }
    }

    private void noSnoop(PciRecord r, Path config) {
      byte[] bytes;
      try {
        bytes = attribute(config);
      } catch (NoSuchFileException e) {
        return;
      } catch (IOException e) {
        unreadableDevCtl++;
        return;
      }
      switch (PciConfig.noSnoop(bytes)) {
        case ENABLED -> r.nosnoop(true, configOrigin(r, config), warnings);
        case DISABLED -> r.nosnoop(false, configOrigin(r, config), warnings);
        case UNREADABLE -> unreadableDevCtl++;
        default -> { } // conventional PCI: no DevCtl register
      }
    }

    private static Origin configOrigin(PciRecord r, Path config) {
      return new Origin("sysfs", config.toString(),
          "bus/pci/devices/" + r.address + "/config DevCtl", 0);
    }

    void units() {
      Path cls = sys.resolve("class/iommu");
      iommuClass = Files.isDirectory(cls);
      for (Path u : list(cls)) {
        String name = u.getFileName().toString();
        String where = "sysfs class/iommu/" + name;
        IommuFacts f;
        String ecap = text(u.resolve("intel-iommu/ecap"), false);
        String features = text(u.resolve("amd-iommu/features"), false);
        if (!hex(ecap) || !hex(features == null ? null : features.split(":")[0])) {
          warnings.add(u + ": capability register is not a hex number; unit skipped");
          continue;
        }
        if (ecap != null) {
          f = IommuFacts.vtd(name, IommuFacts.parseHex(ecap.strip()), null, "",
              IommuFacts.ScalableMode.UNKNOWN, "", where + "/intel-iommu/ecap");
        } else if (features != null) {
          // "%llx" in older kernels, "%llx:%llx" (EFR:EFR2) in newer ones.
          long efr = IommuFacts.parseHex(features.strip().split(":")[0]);
          f = IommuFacts.amdVi(name, null, efr, where + "/amd-iommu/features", where);
        } else if (name.startsWith("smmu3.")) {
          f = IommuFacts.smmuV3(name, null, where);
        } else if (name.startsWith("smmu.")) {
          f = IommuFacts.smmuV2(name, null, where);
        } else if (name.startsWith("s390-iommu")) {
          f = new IommuFacts(name, IommuType.S390, true, false, false, false, false,
              where + ": s390 zPCI IOMMU; s390_iommu_capable reports cache coherency only",
              null, null, Set.of());
        } else if (isVirtioPci(name)) {
          f = new IommuFacts(name, IommuType.VIRTIO_IOMMU, true, false, false, false, false,
              where + ": virtio-iommu; viommu_capable reports cache coherency only", null, null,
              Set.of());
        } else {
          warnings.add(u + ": an IOMMU driver vfio-policy does not model; the devices it"
              + " serves are left out");
          f = new IommuFacts(name, IommuType.NONE, false, false, false, false, false, "", null,
              null, Set.of());
        }
        Set<String> serves = new LinkedHashSet<>();
        for (Path d : list(u.resolve("devices"))) {
          PciAddress a = PciAddress.parse(d.getFileName().toString());
          if (a != null) {
            serves.add(a.toString());
          }
        }
        units.add(f.withServes(serves));
      }
    }

    /** virtio-iommu names its unit after its parent, the virtio PCI function (1af4). */
    private boolean isVirtioPci(String name) {
      return PciAddress.parse(name) != null
          && "0x1af4".equals(text(sys.resolve("bus/pci/devices/" + name + "/vendor"), false));
    }

    /** Absent, or a hex number (with or without 0x). */
    private static boolean hex(String s) {
      return s == null || s.strip().matches("(0x)?[0-9a-fA-F]{1,16}");
    }

    private List<Path> list(Path dir) {
      if (!Files.isDirectory(dir)) {
        return List.of();
      }
      try (Stream<Path> s = Files.list(dir)) {
        return s.sorted().toList();
      } catch (IOException e) {
        warnings.add(dir + ": cannot list: " + e.getMessage());
        return List.of();
      }
    }

    /** The stripped content of a small file; null when absent (or unreadable, then warned). */
    String text(Path f, boolean warn) {
      try {
        return new String(attribute(f), StandardCharsets.UTF_8).strip();
      } catch (NoSuchFileException e) {
        return null;
      } catch (IOException e) {
        if (warn) {
          warnings.add(f + ": cannot read: " + e.getMessage());
        }
        return null;
      }
    }

    /**
     * A sysfs attribute's bytes, read only when it is a regular file (a FIFO would block, a
     * device such as /dev/zero never end) and only up to the size limit (a sparse file can
     * claim any size): either is exit 2, for a copied tree that is not what sysfs gives.
     */
    static byte[] attribute(Path f) throws IOException {
      BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
      if (!a.isRegularFile()) {
        throw new InputException(f + ": " + (a.isDirectory() ? "a folder" : a.isOther()
            ? "a FIFO, device or socket" : "not a regular file") + ", not a sysfs attribute;"
            + " sysfs attributes are regular files");
      }
      int max = ImportLimits.attributeBytes();
      try (InputStream in = Files.newInputStream(f)) {
        byte[] b = in.readNBytes(max + 1);
        if (b.length > max) {
          throw new InputException(f + ": larger than " + (max >> 10) + " KiB, the limit for a"
              + " sysfs attribute (a real one is at most 4 KiB); "
              + ImportLimits.raise(ImportLimits.ATTRIBUTE_KIB, "KIB"));
        }
        return b;
      }
    }

    private static String link(Path p) {
      try {
        Path target = Files.readSymbolicLink(p);
        return target.getFileName() == null ? null : target.getFileName().toString();
      } catch (IOException | UnsupportedOperationException e) {
        return null;
      }
    }

    /** An IOMMU group number: decimal digits only, so "-7" or "+7" is no group. */
    private static Integer number(String s) {
      if (s == null || !s.matches("[0-9]{1,9}")) {
        return null;
      }
      return Integer.valueOf(s);
    }

    /** 4 hex digits at most, with or without 0x: "-1" is not an id (it printed as 16 f's). */
    private static String hex4(String s) {
      String digits = s.strip().toLowerCase(Locale.ROOT).replaceFirst("^0x", "");
      if (!digits.matches("[0-9a-f]{1,4}")) {
        throw new NumberFormatException(s);
      }
      long v = Long.parseLong(digits, 16);
      return String.format(Locale.ROOT, "%04x", v);
    }
  }
}
