package dev.vfiopolicy.importer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a kernel log ({@code dmesg}, {@code dmesg -x}, {@code dmesg -T}, {@code journalctl -k},
 * syslog): IOMMU units (VT-d DMAR, AMD-Vi, SMMUv3, SMMUv2), the PCI enumeration lines, so that a
 * log alone describes a host, and the IOMMU group of each device.
 *
 * <p>A line that carries one of these messages but does not parse (a cut-off line, an unknown
 * variant) is an error, not a silent gap. When the log holds several boots, the last one is
 * read.
 */
final class DmesgParser {
  private DmesgParser() {}

  /**
   * @param completeBoot the log starts at a boot ("Linux version"), so an absent line means an
   *     absent fact
   * @param enumerationSeen the boot-time PCI scan is in the log
   * @param groupsSeen some device was added to an IOMMU group
   * @param hostname from systemd's "Hostname set to" or a syslog prefix; null if neither
   * @param kernel the running kernel as the log's "Linux version" line prints it, with where it
   *     was read ("6.8.0-45-generic (dmesg boot.txt:1)"); null if the log has no such line
   */
  record Facts(
      String file,
      List<PciRecord> devices,
      List<IommuFacts> units,
      boolean completeBoot,
      boolean enumerationSeen,
      boolean groupsSeen,
      String hostname,
      String kernel,
      List<String> warnings) {}

  private static final Pattern LEVEL = Pattern.compile("^<\\d{1,3}>");
  private static final Pattern FACILITY = Pattern.compile(
      "^(?:kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|local\\d)\\s*:"
          + "\\s*(?:emerg|alert|crit|err|warn|notice|info|debug)\\s*:\\s*");
  private static final Pattern TIMESTAMP = Pattern.compile(
      "^\\[\\s*(?:\\d+\\.\\d+|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}"
          + "|\\d{4}-\\d\\d-\\d\\d[T ][^\\]]*)\\]\\s?");
  private static final Pattern SYSLOG = Pattern.compile(
      "^(?:[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d|\\d{4}-\\d\\d-\\d\\dT\\S+)\\s+(\\S+)\\s+"
          + "kernel:\\s?");
  private static final Pattern KERNEL_TAG = Pattern.compile("^(?:(\\S+) )?kernel:\\s?");

  private static final Pattern LINUX_VERSION = Pattern.compile("^Linux version (\\S+)");
  private static final Pattern HOSTNAME =
      Pattern.compile("systemd\\[1\\]: (?:Set hostname to|Hostname set to) <([^>]+)>");
  private static final Pattern SM_ON = Pattern.compile(
      "^(?:DMAR: Enable scalable mode if hardware supports|Intel-IOMMU: scalable mode supported)");
  private static final Pattern SM_OFF = Pattern.compile("^DMAR: Scalable mode is disallowed");
  private static final Pattern DRHD =
      Pattern.compile("^(?:DMAR|dmar): DRHD base: 0x([0-9a-fA-F]{1,16})"
          + " flags: 0x([0-9a-fA-F]{1,8})\\s*$");
  private static final Pattern DMAR_UNIT = Pattern.compile(
      "^(?:DMAR|dmar): (?:(dmar\\d+)|IOMMU (\\d+)): reg_base_addr ([0-9a-fA-F]{1,16})"
          + " ver (\\d+):(\\d+) cap ([0-9a-fA-F]{1,16}) ecap ([0-9a-fA-F]{1,16})\\s*$");
  private static final Pattern AMD_AT =
      Pattern.compile("^pci (" + PciAddress.REGEX + "): AMD-Vi: ");
  private static final Pattern AMD_FOUND_AT =
      Pattern.compile("AMD-Vi: Found IOMMU at (" + PciAddress.REGEX + ") cap");
  private static final Pattern AMD_FEATURES =
      Pattern.compile("AMD-Vi: Extended features \\(0x([0-9a-fA-F]{1,16})[,)]");
  private static final Pattern AMD_GLOBAL_EFR =
      Pattern.compile("AMD-Vi: Using global IVHD EFR:0x([0-9a-fA-F]{1,16})\\b");
  private static final Pattern SMMU_V3 = Pattern.compile(
      "^arm-smmu-v3 (\\S+): ias \\d+-bit, oas \\d+-bit"
          + " \\(features 0x([0-9a-fA-F]{1,8})\\)\\s*$");
  private static final Pattern SMMU_V2 = Pattern.compile("^arm-smmu (\\S+): SMMUv2 with:");
  private static final Pattern SMMU_V2_WALK =
      Pattern.compile("^arm-smmu (\\S+):\\s+(non-)?coherent table walk");
  private static final Pattern ENUM_START = Pattern.compile("^pci \\S+: \\[[0-9a-fA-F]{4}:");
  private static final Pattern ENUM = Pattern.compile(
      "^pci (" + PciAddress.REGEX + "): \\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\\] type"
          + " ([0-9a-fA-F]{2}) class 0x([0-9a-fA-F]{6})(?:\\s.*)?$");
  private static final Pattern GROUP =
      Pattern.compile("^(\\S+) (\\S+): Adding to iommu group (\\d{1,9})\\s*$");
  /** Before 5.0 the core logged "iommu: Adding device 0000:00:02.0 to group 1". */
  private static final Pattern OLD_GROUP =
      Pattern.compile("^iommu: Adding device (\\S+) to group (\\d{1,9})\\s*$");
  /** AMD-Vi lines that only an active AMD IOMMU prints (not the iommu_v2 module's notice). */
  private static final Pattern AMD_ACTIVE = Pattern.compile(
      "AMD-Vi: (?:Found IOMMU|Extended features|Using global IVHD EFR|Interrupt remapping enabled"
          + "|Lazy IO/TLB flushing enabled|IOMMU performance counters supported)");

  static Facts parse(TextInput in) {
    List<String> lines = in.lines();
    // Read the last boot only: a log of several boots describes the machine as it is now.
    int start = 0;
    int boots = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (LINUX_VERSION.matcher(message(lines.get(i)).text).find()) {
        start = i;
        boots++;
      }
    }
    Reader r = new Reader(in);
    if (boots > 1) {
      r.warnings.add(in.display() + ": " + boots + " boots in the log; read the last, from line "
          + (start + 1));
    }
    for (int i = start; i < lines.size(); i++) {
      r.line(lines.get(i), i + 1);
    }
    if (r.recognized == 0) {
      throw in.error(0, "not kernel log output: no line has a dmesg timestamp or a kernel"
          + " message this importer reads (such as '[    0.081433] DMAR: dmar0: ...')"
          + (lines.get(0).matches(PciAddress.REGEX + "\\s.*")
              ? "; this looks like lspci output, give it with --lspci" : ""));
    }
    return r.facts(boots > 0);
  }

  /** A log line without its prefixes; {@code host} from a syslog or journal prefix. */
  record Message(String text, String host, boolean prefixed) {}

  static Message message(String raw) {
    String s = raw.stripLeading();
    boolean prefixed = false;
    String host = null;
    Matcher m;
    if ((m = LEVEL.matcher(s)).find()) {
      s = s.substring(m.end());
      prefixed = true;
    }
    if ((m = FACILITY.matcher(s)).find()) {
      s = s.substring(m.end());
      prefixed = true;
    }
    if ((m = SYSLOG.matcher(s)).find()) {
      host = m.group(1);
      s = s.substring(m.end());
      prefixed = true;
    }
    if ((m = TIMESTAMP.matcher(s)).find()) {
      s = s.substring(m.end());
      prefixed = true;
      if ((m = KERNEL_TAG.matcher(s)).find()) {
        host = m.group(1) != null ? m.group(1) : host;
        s = s.substring(m.end());
      }
    }
    return new Message(s, host, prefixed);
  }

  /** A "DMAR: dmarN: reg_base_addr ... ecap ..." line. */
  private record DmarLine(String name, long base, long ecap, int line) {}

  /** A number read from a line: DRHD flags, an AMD-Vi EFR. */
  private record Numbered(long value, int line) {}

  private static final class Reader {
    private final TextInput in;
    private final List<String> warnings = new ArrayList<>();
    private final Map<PciAddress, PciRecord> devices = new LinkedHashMap<>();
    /** VT-d units in log order, and the DRHD flags by register base. */
    private final List<DmarLine> dmarUnits = new ArrayList<>();
    private final Map<Long, Numbered> drhds = new HashMap<>();
    /** AMD-Vi units by their PCI function, with the line that first named each. */
    private final Map<PciAddress, Integer> amdUnits = new LinkedHashMap<>();
    private final List<Numbered> amdFeatures = new ArrayList<>();
    private Long amdGlobalEfr;
    private int amdGlobalEfrLine;
    private int amdLine;
    private final Map<String, IommuFacts> smmus = new LinkedHashMap<>();
    private final Map<String, Integer> smmuV2Lines = new LinkedHashMap<>();
    private final Map<String, Boolean> smmuV2Walk = new HashMap<>();
    private IommuFacts.ScalableMode sm = IommuFacts.ScalableMode.UNKNOWN;
    private String smWhere = "";
    private boolean enumerationSeen;
    private boolean groupsSeen;
    private String hostname;
    private String kernel;
    private int recognized;

    Reader(TextInput in) {
      this.in = in;
    }

    void line(String raw, int ln) {
      Message msg = message(raw);
      String t = msg.text();
      if (msg.prefixed()) {
        recognized++;
      }
      if (msg.host() != null && hostname == null) {
        hostname = msg.host();
      }
      Matcher m;
      if (kernel == null && (m = LINUX_VERSION.matcher(t)).find()) {
        kernel = m.group(1) + " (dmesg " + in.at(ln) + ")";
      }
      if ((m = HOSTNAME.matcher(t)).find()) {
        hostname = m.group(1);
      } else if (SM_ON.matcher(t).find()) {
        sm = IommuFacts.ScalableMode.ON;
        smWhere = in.at(ln) + ": '" + t.strip() + "'";
      } else if (SM_OFF.matcher(t).find()) {
        sm = IommuFacts.ScalableMode.OFF;
        smWhere = in.at(ln) + ": '" + t.strip() + "'";
      } else if (t.matches("^(?:DMAR|dmar): DRHD base:.*")) {
        m = expect(DRHD, t, ln, "DMAR DRHD line");
        drhds.put(IommuFacts.parseHex(m.group(1)),
            new Numbered(Long.parseLong(m.group(2), 16), ln));
      } else if (t.matches("^(?:DMAR|dmar): .*reg_base_addr.*")) {
        m = expect(DMAR_UNIT, t, ln, "DMAR unit line");
        String name = m.group(1) != null ? m.group(1) : "dmar" + m.group(2);
        dmarUnits.add(new DmarLine(name, IommuFacts.parseHex(m.group(3)),
            IommuFacts.parseHex(m.group(7)), ln));
      } else if (t.contains("AMD-Vi:")) {
        amd(t, ln);
      } else if (t.startsWith("arm-smmu-v3 ") && t.contains(" ias ")) {
        m = expect(SMMU_V3, t, ln, "SMMUv3 probe line");
        smmus.put(m.group(1), IommuFacts.smmuV3(m.group(1), IommuFacts.parseHex(m.group(2)),
            "dmesg " + in.at(ln)));
      } else if ((m = SMMU_V2.matcher(t)).find()) {
        smmuV2Lines.putIfAbsent(m.group(1), ln);
      } else if ((m = SMMU_V2_WALK.matcher(t)).find()) {
        smmuV2Walk.put(m.group(1), m.group(2) == null);
      } else if (ENUM_START.matcher(t).find()) {
        m = expect(ENUM, t, ln, "PCI enumeration line");
        enumeration(m, ln);
      } else if (t.contains("Adding to iommu group")) {
        m = expect(GROUP, t, ln, "IOMMU group line");
        if (m.group(1).equals("pci")) {
          group(m.group(2), m.group(3), t, ln);
        }
      } else if (t.startsWith("iommu: Adding device ")) {
        m = expect(OLD_GROUP, t, ln, "IOMMU group line");
        if (PciAddress.parse(m.group(1)) != null) {
          group(m.group(1), m.group(2), t, ln);
        }
      } else {
        return;
      }
      recognized++;
    }

    private void group(String address, String number, String t, int ln) {
      PciAddress a = PciAddress.parse(address);
      if (a == null) {
        throw in.error(ln, "IOMMU group line not understood: '" + LspciParser.abbreviate(t)
            + "'");
      }
      groupsSeen = true;
      record(a, ln).group(Integer.parseInt(number), Origin.of("dmesg", in, ln), warnings);
    }

    private void amd(String t, int ln) {
      if (!AMD_ACTIVE.matcher(t).find()) {
        return;
      }
      Matcher m;
      if ((m = AMD_AT.matcher(t)).find()) {
        amdUnits.putIfAbsent(PciAddress.parse(m.group(1)), ln);
      } else if ((m = AMD_FOUND_AT.matcher(t)).find()) {
        amdUnits.putIfAbsent(PciAddress.parse(m.group(1)), ln);
      }
      if ((m = AMD_FEATURES.matcher(t)).find()) {
        amdFeatures.add(new Numbered(IommuFacts.parseHex(m.group(1)), ln));
      } else if ((m = AMD_GLOBAL_EFR.matcher(t)).find()) {
        long efr = IommuFacts.parseHex(m.group(1));
        // 0 means the IVHD carries no EFR; the per-IOMMU "Extended features" line then does.
        if (efr != 0) {
          amdGlobalEfr = efr;
          amdGlobalEfrLine = ln;
        }
      }
      if (amdLine == 0) {
        amdLine = ln;
      }
    }

    private void enumeration(Matcher m, int ln) {
      PciAddress a = PciAddress.parse(m.group(1));
      Origin at = Origin.of("dmesg", in, ln);
      PciRecord r = record(a, ln);
      r.ids(m.group(2), m.group(3), at);
      r.classCode(m.group(5).substring(0, 4), at);
      enumerationSeen = true;
    }

    private PciRecord record(PciAddress a, int ln) {
      return devices.computeIfAbsent(a, k -> new PciRecord(k, Origin.of("dmesg", in, ln)));
    }

    private Matcher expect(Pattern p, String text, int ln, String what) {
      Matcher m = p.matcher(text);
      if (!m.find()) {
        throw in.error(ln, what + " not understood: '" + LspciParser.abbreviate(text) + "'"
            + (ln == in.lines().size() && !in.endsWithNewline() ? " (truncated?)" : ""));
      }
      return m;
    }

    Facts facts(boolean completeBoot) {
      List<IommuFacts> units = new ArrayList<>();
      for (DmarLine u : dmarUnits) {
        Numbered drhd = drhds.get(u.base());
        units.add(IommuFacts.vtd(u.name(), u.ecap(),
            drhd == null ? null : (int) drhd.value(), drhd == null ? "" : in.at(drhd.line()),
            sm, smWhere, "dmesg " + in.at(u.line())));
      }
      units.addAll(amdUnits());
      units.addAll(smmus.values());
      for (Map.Entry<String, Integer> e : smmuV2Lines.entrySet()) {
        units.add(IommuFacts.smmuV2(e.getKey(), smmuV2Walk.get(e.getKey()),
            "dmesg " + in.at(e.getValue())));
      }
      return new Facts(in.name(), new ArrayList<>(devices.values()), units, completeBoot,
          enumerationSeen, groupsSeen, hostname, kernel, warnings);
    }

    /**
     * AMD-Vi units named ivhd0, ivhd1... in log order, as sysfs names them. The per-IOMMU
     * "Extended features" lines come in the same order as the units.
     */
    private List<IommuFacts> amdUnits() {
      List<IommuFacts> out = new ArrayList<>();
      if (amdLine == 0) {
        return out;
      }
      List<PciAddress> at = new ArrayList<>(amdUnits.keySet());
      if (at.isEmpty()) {
        at.add(null); // AMD-Vi is active but no line names its PCI function
      }
      boolean featuresAgree = amdFeatures.stream().map(Numbered::value).distinct().count() == 1;
      for (int i = 0; i < at.size(); i++) {
        Long efr = null;
        String efrWhere = "";
        if (!amdFeatures.isEmpty() && (featuresAgree || amdFeatures.size() == at.size())) {
          Numbered f = amdFeatures.get(featuresAgree ? 0 : i);
          efr = f.value();
          efrWhere = in.at(f.line());
        } else if (amdGlobalEfr != null) {
          efr = amdGlobalEfr;
          efrWhere = in.at(amdGlobalEfrLine) + ", global IVHD EFR";
        }
        int ln = at.get(i) == null ? amdLine : amdUnits.get(at.get(i));
        out.add(IommuFacts.amdVi("ivhd" + i, at.get(i), efr, efrWhere, "dmesg " + in.at(ln)));
      }
      return out;
    }
  }
}
