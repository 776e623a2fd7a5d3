package dev.vfiopolicy.population;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.Arch;
import dev.vfiopolicy.model.Bus;
import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.IommuType;
import dev.vfiopolicy.model.IommuUnit;
import dev.vfiopolicy.model.Vm;
import dev.vfiopolicy.yaml.LineLimit;
import dev.vfiopolicy.yaml.YamlReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Population files exported from inventory databases, read host by host: JSON Lines (one host
 * object per line, the keys of the YAML form) and CSV (one row per device, rows of a host
 * together, the unit's attributes repeated on each of its devices' rows).
 */
public final class FleetReaders {
  /** The CSV form's first columns, in order: a file may have these only (the form before VMs). */
  public static final List<String> CSV_COLUMNS =
      List.of("host", "arch", "iommu", "iommu_type", "cache_coherency",
          "enforce_cache_coherency", "scalable_mode", "nesting", "dirty_tracking", "device",
          "bdf", "bus", "class", "vendor", "group", "no_snoop");

  /**
   * All columns, as written: the host's kind (repeated on its rows like arch), the VM a device is
   * assigned to (empty: a VM of its own; rows of one VM name it alike), and the device keys the
   * YAML form has beyond the first columns. Without them a CSV fleet would lose its VMs and kinds.
   */
  public static final List<String> CSV_ALL_COLUMNS;

  static {
    List<String> all = new ArrayList<>(CSV_COLUMNS);
    all.addAll(List.of("kind", "vm", "vf_token", "nosnoop_enabled"));
    CSV_ALL_COLUMNS = List.copyOf(all);
  }

  private static final Pattern VENDOR = Pattern.compile("[0-9a-fA-F]{4}");

  private FleetReaders() {}

  public static void jsonl(InputStream in, String file, Consumer<Host> hosts) {
    JsonlReader.read(new LineLimit(in, file), file, JsonlReader.hosts(),
        list -> list.forEach(hosts), threads());
  }

  /**
   * Counts a JSON Lines file in blocks of hosts: each block is parsed and counted by a counter
   * of its own from {@code perBlock} on a worker thread (the blocks are parsed in parallel), and
   * the counters reach {@code ordered} in file order. The first error by position in the file is
   * the one reported, as in a line-by-line pass.
   */
  public static <C extends HostCounter> void jsonl(InputStream in, String file,
      java.util.function.Supplier<C> perBlock, Consumer<C> ordered) {
    JsonlReader.read(new LineLimit(in, file), file, JsonlReader.counted(perBlock), ordered,
        threads());
  }

  private static int threads() {
    return Math.min(4, Runtime.getRuntime().availableProcessors());
  }

  public static void csv(InputStream in, String file, Consumer<Host> hosts) {
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    CSVParser parser = null;
    try (CSVParser p = CSVParser.builder().setReader(withoutBom(reader(in, file)))
        .setFormat(format).get()) {
      parser = p;
      List<String> header = p.getHeaderNames();
      if (!header.equals(CSV_COLUMNS) && !header.equals(CSV_ALL_COLUMNS)) {
        throw InputException.at(file, 1, 0, "the header must be: "
            + String.join(",", CSV_ALL_COLUMNS) + " (or its first " + CSV_COLUMNS.size()
            + " columns, up to no_snoop)");
      }
      DuplicateNames names = new DuplicateNames();
      HostRows current = null;
      for (CSVRecord rec : p) {
        long line = p.getCurrentLineNumber();
        if (rec.size() != header.size()) {
          throw InputException.at(file, (int) line, 0, "expected " + header.size()
              + " fields, found " + rec.size());
        }
        String host = rec.get("host");
        if (host.isEmpty()) {
          throw InputException.at(file, (int) line, 0, "'host' is empty");
        }
        if (current == null || !current.name.equals(host)) {
          if (current != null) {
            hosts.accept(current.host());
          }
          names.check(host, file, line);
          current = new HostRows(host, field(rec, "arch", Arch::fromId, file, line),
              kind(rec, file, line));
        }
        current.add(rec, file, line);
      }
      if (current == null) {
        throw InputException.at(file, 1, 0, "no rows after the header");
      }
      hosts.accept(current.host());
    } catch (IOException e) {
      throw csvError(file, parser, e);
    } catch (UncheckedIOException e) {
      // Commons CSV reports malformed quoting while iterating this way.
      throw csvError(file, parser, e.getCause());
    } catch (IllegalStateException | IllegalArgumentException e) {
      // Commons CSV reports malformed quoting this way.
      throw csvError(file, parser, e);
    }
  }

  /**
   * Commons CSV's complaint as "file:line: not valid CSV: what": the line from its message where
   * it gives one ("(startline 3)", "at line: 3"), else the parser's; never a bare "null".
   */
  private static InputException csvError(String file, CSVParser p, Throwable e) {
    if (e instanceof IOException io && !(e.getMessage() != null
        && (e.getMessage().contains("encapsulated") || e.getMessage().contains("line")))) {
      return InputException.unreadable(file, io);
    }
    String m = e.getMessage();
    long line = p == null ? 0 : p.getCurrentLineNumber() + 1;
    if (m == null) {
      m = e.getClass().getSimpleName();
    }
    java.util.regex.Matcher at = java.util.regex.Pattern
        .compile("\\(startline (\\d+)\\) |at line: (\\d+), position: \\d+").matcher(m);
    if (at.find()) {
      line = Long.parseLong(at.group(1) != null ? at.group(1) : at.group(2));
      m = (m.substring(0, at.start()) + m.substring(at.end())).strip();
    }
    return InputException.at(file, (int) Math.min(line, Integer.MAX_VALUE), 0,
        "not valid CSV: " + m);
  }

  /** A spreadsheet's UTF-8 byte-order mark before the header is no part of it. */
  private static Reader withoutBom(BufferedReader r) throws IOException {
    r.mark(1);
    if (r.read() != '\uFEFF') {
      r.reset();
    }
    return r;
  }

  private static BufferedReader reader(InputStream in, String file) {
    Reader r = new InputStreamReader(new LineLimit(in, file), StandardCharsets.UTF_8);
    return new BufferedReader(r, 1 << 16);
  }

  private static <T> T field(CSVRecord rec, String col, Function<String, T> parse, String file,
      long line) {
    String v = get(rec, col);
    try {
      return parse.apply(v);
    } catch (IllegalArgumentException e) {
      throw InputException.at(file, (int) line, column(col),
          "column '" + col + "' is '" + v + "'; " + e.getMessage());
    }
  }

  /** A column's value; a later column a file of the first columns only lacks is empty. */
  private static String get(CSVRecord rec, String col) {
    return rec.isMapped(col) ? rec.get(col) : "";
  }

  private static int column(String col) {
    return CSV_ALL_COLUMNS.indexOf(col) + 1;
  }

  private static String kind(CSVRecord rec, String file, long line) {
    String kind = get(rec, "kind");
    if (kind.isEmpty()) {
      return Host.UNSPECIFIED;
    }
    if (!PopulationReader.isKind(kind)) {
      throw InputException.at(file, (int) line, column("kind"), "'kind' must be lower-case"
          + " letters, digits and dashes (a preset id, 'imported', or your own), found '"
          + kind + "'");
    }
    return kind;
  }

  private static boolean bool(CSVRecord rec, String col, String file, long line) {
    return field(rec, col, v -> switch (v) {
      case "true" -> true;
      case "false", "" -> false;
      default -> throw new IllegalArgumentException("expected true or false");
    }, file, line);
  }

  /** The rows of one host, gathered until the host column changes. */
  private static final class HostRows {
    final String name;
    final Arch arch;
    final String kind;
    final Map<String, IommuUnit> units = new LinkedHashMap<>();
    final List<Device> devices = new ArrayList<>();
    final java.util.Set<String> ids = new java.util.HashSet<>();
    /** VM name to its devices, in row order; VMs in the order of their first device's row. */
    final Map<String, List<Device>> vms = new LinkedHashMap<>();

    HostRows(String name, Arch arch, String kind) {
      this.name = name;
      this.arch = arch;
      this.kind = kind;
    }

    void add(CSVRecord rec, String file, long line) {
      if (field(rec, "arch", Arch::fromId, file, line) != arch) {
        throw InputException.at(file, (int) line, 2, "host '" + name + "' changes arch");
      }
      if (!kind(rec, file, line).equals(kind)) {
        throw InputException.at(file, (int) line, column("kind"), "host '" + name
            + "' changes kind");
      }
      String unitName = rec.get("iommu");
      IommuUnit unit = IommuUnit.NONE;
      if (!unitName.isEmpty() && !unitName.equals("none")) {
        unit = new IommuUnit(unitName, field(rec, "iommu_type", IommuType::fromId, file, line),
            bool(rec, "cache_coherency", file, line),
            bool(rec, "enforce_cache_coherency", file, line),
            bool(rec, "scalable_mode", file, line), bool(rec, "nesting", file, line),
            bool(rec, "dirty_tracking", file, line), "");
        if (unit.type() == IommuType.NONE) {
          throw InputException.at(file, (int) line, 4, "iommu_type none needs iommu 'none'");
        }
        if (unit.enforceCacheCoherency() && !unit.cacheCoherency()) {
          throw InputException.at(file, (int) line, 6,
              "enforce_cache_coherency needs cache_coherency");
        }
        IommuUnit before = units.putIfAbsent(unitName, unit);
        if (before != null && !before.equals(unit)) {
          throw InputException.at(file, (int) line, 3, "iommu '" + unitName + "' of host '"
              + name + "' has other attributes than on an earlier row");
        }
      }
      if (units.size() > Limits.DEVICES) {
        throw InputException.at(file, (int) line, 3, Limits.tooManyDevices(name, "IOMMU units"));
      }
      String device = rec.get("device");
      if (device.isEmpty()) {
        if (!get(rec, "vm").isEmpty()) {
          throw InputException.at(file, (int) line, column("vm"), "host '" + name
              + "': a row without a device names VM '" + get(rec, "vm") + "'");
        }
        return;
      }
      if (devices.size() >= Limits.DEVICES) {
        throw InputException.at(file, (int) line, 10, Limits.tooManyDevices(name, "devices"));
      }
      Bus bus = rec.get("bus").isEmpty() ? Bus.PCI : field(rec, "bus", Bus::fromId, file, line);
      String vendor = rec.get("vendor");
      if (!VENDOR.matcher(vendor).matches()) {
        throw InputException.at(file, (int) line, CSV_COLUMNS.indexOf("vendor") + 1,
            "'vendor' must be 4 hex digits, found '" + vendor + "'");
      }
      if (bus.emulatedIommu() && unit != IommuUnit.NONE) {
        throw InputException.at(file, (int) line, 3, bus.id() + " devices use an emulated"
            + " IOMMU; write iommu 'none'");
      }
      int group = field(rec, "group", v -> {
        int g = Integer.parseInt(v);
        if (g < 0) {
          throw new IllegalArgumentException("expected a whole number >= 0");
        }
        return g;
      }, file, line);
      Device d = new Device(device, rec.get("bdf"), bus,
          field(rec, "class", DeviceClass::fromId, file, line),
          vendor.toLowerCase(Locale.ROOT), unit, group, bool(rec, "no_snoop", file, line),
          bool(rec, "nosnoop_enabled", file, line), bool(rec, "vf_token", file, line), "");
      // As in the YAML and JSON forms: a device is named by its bdf (or name, without one).
      if (!ids.add(d.id())) {
        throw InputException.at(file, (int) line, d.bdf().isEmpty() ? 10 : 11, "host '" + name
            + "': two devices are called '" + d.id() + "'; give each a distinct bdf (or name,"
            + " where there is no bdf)");
      }
      devices.add(d);
      String vm = get(rec, "vm");
      if (!vm.isEmpty()) {
        if (!d.deviceClass().assignable()) {
          throw InputException.at(file, (int) line, column("vm"), "host '" + name + "' vm '"
              + vm + "': '" + d.id() + "' is a bridge, which is not assigned");
        }
        vms.computeIfAbsent(vm, k -> new ArrayList<>()).add(d);
      }
    }

    Host host() {
      List<Vm> list = new ArrayList<>();
      vms.forEach((vm, members) -> list.add(new Vm(vm, members)));
      return new Host(name, arch, new ArrayList<>(units.values()), devices, list, kind, "");
    }
  }

  /**
   * Duplicate host names, checked exactly for the first million hosts or 16 million characters
   * of names: beyond that, keeping every name would make memory grow with the fleet, which the
   * streaming readers promise not to. Also where each format's hosts are counted: a file has at
   * most {@link Limits#HOSTS} hosts, and a host name at most {@link Limits#HOST_NAME} characters.
   */
  static final class DuplicateNames {
    static final int LIMIT = 1_000_000;
    static final long CHARS = 16_000_000;
    private final java.util.Set<String> seen = new java.util.HashSet<>();
    private long chars;
    private long hosts;

    void check(String name, String file, long line) {
      String tooLong = Limits.nameTooLong(name);
      if (tooLong != null) {
        throw InputException.at(file, (int) line, 0, tooLong);
      }
      if (++hosts > Limits.HOSTS) {
        throw InputException.at(file, (int) line, 0, "more than " + Limits.HOSTS
            + " hosts in one file" + Limits.raise(Limits.HOSTS_PROPERTY));
      }
      if (seen.size() < LIMIT && chars < CHARS) {
        if (!seen.add(name)) {
          throw InputException.at(file, (int) line, 0, "duplicate host name '" + name + "'");
        }
        chars += name.length();
      }
    }
  }
}
