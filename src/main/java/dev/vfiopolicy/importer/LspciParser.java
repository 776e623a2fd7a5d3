package dev.vfiopolicy.importer;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads lspci output: plain {@code lspci}, {@code -n}, {@code -nn}, {@code -v} to {@code -vvv}
 * (with or without {@code -nn}), and {@code -x} to {@code -xxxx} hex dumps, old and new
 * {@code DevCtl:} layouts, 4- and 5-digit domains, and the {@code DeviceName:} and
 * {@code IOMMU group:} lines that linux-hardware.org probes add.
 *
 * <p>A function listed twice (dumps often hold {@code lspci} and {@code lspci -vvv} one after
 * the other) is one record; its ids and class must agree. The NoSnoop bit is taken from the
 * DevCtl text only: the line after {@code DevCtl:} holds it in the older layout, the same
 * "block" (the DevCtl line and its deeper-indented continuation lines) in both.
 */
final class LspciParser {
  private LspciParser() {}

  record Result(List<PciRecord> devices, List<String> warnings) {}

  private static final Pattern DEVICE =
      Pattern.compile("(" + PciAddress.REGEX + ")\\s+(\\S.*)");
  /** Something that starts like an address but did not parse as a device line. */
  private static final Pattern ADDRESS_LIKE =
      Pattern.compile("(?:[0-9a-fA-F]+:)?[0-9a-fA-F]{1,2}:[0-9a-fA-F]{1,2}\\.\\S*(\\s.*)?");
  private static final Pattern HEX =
      Pattern.compile("([0-9a-fA-F]{2,3}):((?: [0-9a-fA-F]{2})*)\\s*");
  /** A shell command line echoed into the dump ("$ sudo lspci -vvv"). */
  private static final Pattern COMMAND =
      Pattern.compile("(?:.*[$#]\\s*)?(?:sudo\\s+)?lspci(?:\\s.*)?");
  private static final Pattern NUMERIC_CLASS = Pattern.compile("(?:Class )?([0-9a-fA-F]{4})");
  // The optional parts at the end of a device line are found from their last opening bracket
  // and matched there, anchored: a leading \\s* searched for (find) at every position of a long
  // run of spaces made parsing quadratic (65,000 spaces took 11 s).
  private static final Pattern CLASS_CODE = Pattern.compile("\\[[0-9a-fA-F]{4}\\]");
  private static final Pattern PROG_IF =
      Pattern.compile("\\(prog-if [0-9a-fA-F]{2}(?: \\[[^\\]]*\\])?\\)");
  private static final Pattern REV = Pattern.compile("\\(rev [0-9a-fA-F]{2}\\)");
  private static final Pattern IDS = Pattern.compile("\\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\\]");
  private static final Pattern NUMERIC_IDS =
      Pattern.compile("(?:Device )?([0-9a-fA-F]{4}):([0-9a-fA-F]{4})");
  private static final Pattern NOSNOOP = Pattern.compile("\\bNoSnoop([+-])");
  private static final Pattern DRIVER = Pattern.compile("Kernel driver in use:\\s*(\\S+)");
  private static final Pattern GROUP = Pattern.compile("IOMMU group:\\s*(\\d{1,9})");

  static Result parse(TextInput in) {
    Parser p = new Parser(in);
    p.run();
    return new Result(new ArrayList<>(p.devices.values()), p.warnings);
  }

  private static final class Parser {
    private final TextInput in;
    private final Map<PciAddress, PciRecord> devices = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    /** The function whose indented block or hex dump is being read; null between blocks. */
    private PciRecord current;
    private int devCtlLine;
    private int devCtlIndent;
    private Boolean devCtlNoSnoop;
    private ByteArrayOutputStream hex;
    private int hexLine;
    private int deviceLines;
    private int deviceLinesWithIds;
    private boolean lastDeviceHadIds;
    private int skipped;
    private int firstSkipped;
    /** What the last non-blank line was: 'd' device line, 'v' verbose line, 'x' hex, 'o' other. */
    private char lastKind;

    Parser(TextInput in) {
      this.in = in;
    }

    void run() {
      List<String> lines = in.lines();
      for (int i = 0; i < lines.size(); i++) {
        line(lines.get(i), i + 1);
      }
      int last = lines.size();
      if (!in.endsWithNewline() && (lastKind == 'v' || lastKind == 'x')) {
        throw in.error(last, "the file ends in the middle of this line (truncated?)");
      }
      endBlock(last, true);
      if (devices.isEmpty()) {
        throw in.error(0, "no device line found; expected lspci output such as"
            + " '00:02.0 VGA compatible controller: Intel Corporation ...'");
      }
      if (!in.endsWithNewline() && lastKind == 'd' && !lastDeviceHadIds
          && deviceLines > 1 && deviceLinesWithIds == deviceLines - 1) {
        throw in.error(last, "the last device line lacks the [vendor:device] ids every other"
            + " line has, and the file ends without a line end (truncated?)");
      }
      if (skipped > Math.max(10, deviceLines)) {
        throw in.error(firstSkipped, "mostly not lspci output (" + skipped
            + " lines skipped, " + deviceLines + " device lines)");
      }
    }

    private void line(String line, int ln) {
      if (line.isBlank()) {
        endBlock(ln, false);
        return;
      }
      int indent = TextInput.indent(line);
      if (indent > 0) {
        if (current == null) {
          if (devices.isEmpty()) {
            throw notLspci(ln, line);
          }
          skip(ln, line, "an indented line outside a device block");
          return;
        }
        verbose(line.strip(), indent, ln);
        lastKind = 'v';
        return;
      }
      endDevCtl(false);
      Matcher m;
      if ((m = HEX.matcher(line)).matches() && current != null) {
        hexLine(m, ln);
        lastKind = 'x';
      } else if ((m = DEVICE.matcher(line)).matches()) {
        endBlock(ln, false);
        device(m, ln);
        lastKind = 'd';
      } else if (ADDRESS_LIKE.matcher(line).matches()) {
        throw in.error(ln, "device line not understood: '" + abbreviate(line)
            + "'; expected 'bus:device.function class: vendor device'");
      } else if (COMMAND.matcher(line).matches()) {
        endBlock(ln, false);
        lastKind = 'o';
      } else if (devices.isEmpty()) {
        throw notLspci(ln, line);
      } else {
        endBlock(ln, false);
        skip(ln, line, "not lspci output");
        lastKind = 'o';
      }
    }

    private void device(Matcher m, int ln) {
      PciAddress address = PciAddress.parse(m.group(1));
      String rest = m.group(2);
      int colon = rest.indexOf(": ");
      if (address == null || colon <= 0 || rest.substring(colon + 2).isBlank()) {
        throw in.error(ln, "device line not understood: '" + abbreviate(m.group(0))
            + "'; expected 'bus:device.function class: vendor device'");
      }
      Origin at = Origin.of("lspci", in, ln);
      PciRecord r = new PciRecord(address, at);
      String cls = rest.substring(0, colon).strip();
      Matcher c;
      if ((c = NUMERIC_CLASS.matcher(cls)).matches()) {
        r.classCode(c.group(1), at);
      } else {
        int code = tail(cls, "[", CLASS_CODE);
        r.className = cls.substring(0, code).strip();
        if (code < cls.length()) {
          r.classCode(cls.substring(code + 1, code + 5), at);
        }
      }
      String desc = rest.substring(colon + 2).strip();
      desc = desc.substring(0, tail(desc, "(prog-if ", PROG_IF)).stripTrailing();
      desc = desc.substring(0, tail(desc, "(rev ", REV)).stripTrailing();
      int idsAt = tail(desc, "[", IDS);
      Matcher ids;
      boolean hasIds = false;
      if (idsAt < desc.length()) {
        ids = IDS.matcher(desc.substring(idsAt));
        ids.matches();
        r.ids(ids.group(1), ids.group(2), at);
        desc = desc.substring(0, idsAt).strip();
        hasIds = true;
      } else if ((ids = NUMERIC_IDS.matcher(desc)).matches()) {
        r.ids(ids.group(1), ids.group(2), at);
        desc = "";
        hasIds = true;
      }
      // "Device" alone is lspci's placeholder for a vendor it cannot name.
      r.description = desc.isEmpty() || desc.equals("Device") ? null : desc;
      deviceLines++;
      if (hasIds) {
        deviceLinesWithIds++;
      }
      lastDeviceHadIds = hasIds;
      PciRecord known = devices.get(address);
      if (known == null) {
        if (devices.size() >= ImportLimits.devices()) {
          throw in.error(ln, "more than " + ImportLimits.devices() + " PCI functions, the limit"
              + " for one machine; " + ImportLimits.raise(ImportLimits.DEVICES, "N"));
        }
        devices.put(address, r);
        current = r;
      } else {
        known.merge(r, warnings);
        current = known;
      }
    }

    /**
     * Where {@code s} ends with a part that {@code part} matches in full, starting at the last
     * {@code open}; {@code s.length()} when it does not. Linear in the length of {@code s}.
     */
    private static int tail(String s, String open, Pattern part) {
      int i = s.lastIndexOf(open);
      return i >= 0 && part.matcher(s).region(i, s.length()).matches() ? i : s.length();
    }

    private void verbose(String text, int indent, int ln) {
      if (devCtlLine > 0) {
        if (indent > devCtlIndent) {
          noSnoop(text);
          return;
        }
        endDevCtl(false);
      }
      Matcher m;
      if (text.startsWith("DevCtl:")) {
        devCtlLine = ln;
        devCtlIndent = indent;
        devCtlNoSnoop = null;
        noSnoop(text);
      } else if ((m = DRIVER.matcher(text)).matches()) {
        if (current.driver == null) {
          current.driver = m.group(1);
        }
      } else if ((m = GROUP.matcher(text)).matches()) {
        current.group(Integer.parseInt(m.group(1)), Origin.of("lspci", in, ln), warnings);
      }
    }

    private void noSnoop(String text) {
      Matcher m = NOSNOOP.matcher(text);
      if (m.find()) {
        devCtlNoSnoop = m.group(1).equals("+");
      }
    }

    private void endDevCtl(boolean atEof) {
      if (devCtlLine == 0) {
        return;
      }
      if (devCtlNoSnoop == null) {
        throw in.error(devCtlLine, atEof
            ? "the file ends inside this DevCtl block before its NoSnoop+/- field (truncated?)"
            : "DevCtl block without a NoSnoop+ or NoSnoop- field; not an lspci layout this"
                + " importer knows");
      }
      current.nosnoop(devCtlNoSnoop, Origin.of("lspci", in, devCtlLine), warnings);
      devCtlLine = 0;
    }

    private void hexLine(Matcher m, int ln) {
      int offset = Integer.parseInt(m.group(1), 16);
      String[] bytes = m.group(2).strip().split(" ");
      int expected = hex == null ? 0 : hex.size();
      if (offset != expected || bytes.length != 16) {
        throw in.error(ln, "hex dump line not understood: expected 16 bytes at offset "
            + Integer.toHexString(expected) + ", found '" + abbreviate(m.group(0)) + "'");
      }
      if (hex == null) {
        hex = new ByteArrayOutputStream();
        hexLine = ln;
      }
      for (String b : bytes) {
        hex.write(Integer.parseInt(b, 16));
      }
    }

    /** A blank line, a new device line or the end: the current block is complete. */
    private void endBlock(int ln, boolean atEof) {
      endDevCtl(atEof);
      if (hex != null) {
        byte[] cfg = hex.toByteArray();
        if (cfg.length != 64 && cfg.length != 256 && cfg.length != 4096) {
          throw in.error(hexLine, "the hex dump of " + current.address.shortForm() + " has "
              + cfg.length + " bytes; lspci -x, -xxx and -xxxx give 64, 256 and 4096"
              + " (truncated?)");
        }
        Origin at = Origin.of("lspci", in, hexLine);
        current.ids(PciConfig.vendorId(cfg), PciConfig.deviceId(cfg), at);
        current.classCode(PciConfig.classCode(cfg), at);
        hex = null;
      }
      current = null;
    }

    private void skip(int ln, String line, String why) {
      if (skipped++ == 0) {
        firstSkipped = ln;
      }
      warnings.add(in.display() + ":" + ln + ": skipped " + why + ": '" + abbreviate(line)
          + "'");
    }

    private dev.vfiopolicy.InputException notLspci(int ln, String line) {
      String s = line.strip();
      String hint = "";
      if (s.startsWith("Slot:")) {
        hint = "; machine-readable lspci -vmm is not supported, use lspci -vvv or lspci -nn";
      } else if (s.matches("(<\\d+>)?\\[\\s*\\d+\\.\\d+\\].*") || s.startsWith("Linux version")) {
        hint = "; this looks like dmesg output, give it with --dmesg";
      }
      return in.error(ln, "not lspci output: '" + abbreviate(line) + "'; expected a device"
          + " line such as '00:02.0 VGA compatible controller: Intel Corporation ...'" + hint);
    }
  }

  static String abbreviate(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < 60; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return s.length() > 60 ? sb + "..." : sb.toString();
  }
}
