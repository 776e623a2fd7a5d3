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
    JsonlReader.read(in, file, JsonlReader.hosts(),
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
    JsonlReader.read(in, file, JsonlReader.counted(perBlock), ordered,
        threads());
  }

  private static int threads() {
    return Math.min(4, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Counts a CSV file in blocks of hosts, as {@link #jsonl(InputStream, String,
   * java.util.function.Supplier, Consumer)} does a JSON Lines file: the same hosts and the same
   * first error as {@link #csv(InputStream, String, Consumer)}.
   */
  public static <C extends HostCounter> void csv(InputStream in, String file,
      java.util.function.Supplier<C> perBlock, Consumer<C> ordered) {
    CsvReader.read(new LineLimit(in, file), file, perBlock, ordered, threads());
  }

  /**
   * Reads a CSV file host by host on the calling thread, each host handed on before the next is
   * read. A report counts a file in parallel blocks instead ({@link CsvReader}), through the
   * same row code ({@link CsvRows}); this is the reader that path is checked against.
   */
  public static void csv(InputStream in, String file, Consumer<Host> hosts) {
    DuplicateNames names = new DuplicateNames();
    try (CSVParser p = csvParser(withoutBom(reader(in, file)), true, file)) {
      CsvRows rows = new CsvRows(file, csvColumns(p, file),
          (name, line) -> names.check(name, file, line), hosts, null);
      if (!csvRecords(p, 0, rows, file, true)) {
        throw InputException.at(file, 1, 0, "no rows after the header");
      }
    } catch (IOException e) {
      throw csvError(file, null, 0, e);
    }
  }

  /**
   * A parser of RFC 4180 CSV. {@code header}: its first record is the header (a file's start);
   * else every record is a row (a block after the first, {@link CsvReader}).
   */
  static CSVParser csvParser(Reader r, boolean header, String file) {
    CSVFormat format = header
        ? CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        : CSVFormat.RFC4180;
    try {
      return CSVParser.builder().setReader(r).setFormat(format).get();
    } catch (IOException e) {
      // Commons CSV reads the header as the parser is made.
      throw csvError(file, null, 0, e);
    } catch (UncheckedIOException e) {
      throw csvError(file, null, 0, e.getCause());
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw csvError(file, null, 0, e);
    }
  }

  /** The number of columns of a parser's header, checked: all of them, or the first ones. */
  static int csvColumns(CSVParser p, String file) {
    List<String> header = p.getHeaderNames();
    if (!header.equals(CSV_COLUMNS) && !header.equals(CSV_ALL_COLUMNS)) {
      throw InputException.at(file, 1, 0, "the header must be: "
          + String.join(",", CSV_ALL_COLUMNS) + " (or its first " + CSV_COLUMNS.size()
          + " columns, up to no_snoop)");
    }
    return header.size();
  }

  /**
   * Hands each record of {@code p} to {@code rows} with its line in the file (Commons CSV counts
   * lines from where it was given the text, {@code base} lines into the file), then, if
   * {@code finish}, the last host; whether a host started.
   */
  static boolean csvRecords(CSVParser p, long base, CsvRows rows, String file, boolean finish) {
    try {
      for (CSVRecord rec : p) {
        rows.add(rec, base + p.getCurrentLineNumber());
      }
      return finish && rows.finish();
    } catch (UncheckedIOException e) {
      // Commons CSV reports malformed quoting while iterating this way.
      throw csvError(file, p, base, e.getCause());
    } catch (IllegalStateException | IllegalArgumentException e) {
      // Commons CSV reports malformed quoting this way.
      throw csvError(file, p, base, e);
    }
  }

  /**
   * Where Commons CSV's message names a line: "(startline 3) ", "at line: 3, position: 96".
   * It formats the numbers in the default locale, digits grouped ("1,234", "1.234", "1 234"),
   * which a plain \\d+ missed past line 999, leaving the text's number; and in a block the
   * numbers count from the block's start, so they must never reach the message.
   */
  private static final String CSV_NUMBER = "(\\p{Nd}+(?:\\P{Nd}\\p{Nd}{3})*)";

  private static final Pattern CSV_LINE = Pattern.compile("\\(startline " + CSV_NUMBER
      + "\\) |at line: " + CSV_NUMBER + ", position: " + CSV_NUMBER);

  /**
   * Commons CSV's complaint as "file:line: not valid CSV: what": the line from its message where
   * it gives one, else the parser's, {@code base} lines into the file; never a bare "null".
   */
  private static InputException csvError(String file, CSVParser p, long base, Throwable e) {
    if (e instanceof IOException io && !(e.getMessage() != null
        && (e.getMessage().contains("encapsulated") || e.getMessage().contains("line")))) {
      return InputException.unreadable(file, io);
    }
    String m = e.getMessage();
    long line = p == null ? 0 : base + p.getCurrentLineNumber() + 1;
    if (m == null) {
      m = e.getClass().getSimpleName();
    }
    java.util.regex.Matcher at = CSV_LINE.matcher(m);
    if (at.find()) {
      String n = at.group(1) != null ? at.group(1) : at.group(2);
      long number = 0;
      for (int i = 0; i < n.length(); i++) {
        int d = Character.digit(n.charAt(i), 10);
        if (d >= 0) {
          number = Math.min(number * 10 + d, Integer.MAX_VALUE);
        }
      }
      line = base + number;
      m = (m.substring(0, at.start()) + m.substring(at.end())).strip();
    }
    return InputException.at(file, (int) Math.min(line, Integer.MAX_VALUE), 0,
        "not valid CSV: " + m);
  }

  /** A spreadsheet's UTF-8 byte-order mark before the header is no part of it. */
  static Reader withoutBom(Reader r) throws IOException {
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

  // Column indexes: where each name stands in CSV_ALL_COLUMNS, the one list of the columns.
  private static final int HOST = column("host");
  private static final int ARCH = column("arch");
  private static final int IOMMU = column("iommu");
  private static final int IOMMU_TYPE = column("iommu_type");
  private static final int CACHE_COHERENCY = column("cache_coherency");
  private static final int ENFORCE_CACHE_COHERENCY = column("enforce_cache_coherency");
  private static final int SCALABLE_MODE = column("scalable_mode");
  private static final int NESTING = column("nesting");
  private static final int DIRTY_TRACKING = column("dirty_tracking");
  private static final int DEVICE = column("device");
  private static final int BDF = column("bdf");
  private static final int BUS = column("bus");
  private static final int CLASS = column("class");
  private static final int VENDOR_COLUMN = column("vendor");
  private static final int GROUP = column("group");
  private static final int NO_SNOOP = column("no_snoop");
  private static final int KIND = column("kind");
  private static final int VM = column("vm");
  private static final int VF_TOKEN = column("vf_token");
  private static final int NOSNOOP_ENABLED = column("nosnoop_enabled");

  private static int column(String name) {
    int i = CSV_ALL_COLUMNS.indexOf(name);
    if (i < 0) {
      throw new IllegalStateException("no CSV column " + name);
    }
    return i;
  }

  private static <T> T field(CSVRecord rec, int col, Function<String, T> parse, String file,
      long line) {
    String v = get(rec, col);
    try {
      return parse.apply(v);
    } catch (IllegalArgumentException e) {
      throw InputException.at(file, (int) line, col + 1,
          "column '" + CSV_ALL_COLUMNS.get(col) + "' is '" + v + "'; " + e.getMessage());
    }
  }

  /**
   * A column's value; a later column a file of the first columns only lacks is empty (rows have
   * as many fields as the header, {@link CsvRows#add}).
   */
  private static String get(CSVRecord rec, int col) {
    return col < rec.size() ? rec.get(col) : "";
  }

  private static String kind(CSVRecord rec, String file, long line) {
    String kind = get(rec, KIND);
    if (kind.isEmpty()) {
      return Host.UNSPECIFIED;
    }
    if (!PopulationReader.isKind(kind)) {
      throw InputException.at(file, (int) line, KIND + 1, "'kind' must be lower-case"
          + " letters, digits and dashes (a preset id, 'imported', or your own), found '"
          + kind + "'");
    }
    return kind;
  }

  private static boolean bool(CSVRecord rec, int col, String file, long line) {
    return field(rec, col, v -> switch (v) {
      case "true" -> true;
      case "false", "" -> false;
      default -> throw new IllegalArgumentException("expected true or false");
    }, file, line);
  }

  /** Where a host starts: its name and line, checked or noted in file order. */
  interface HostStart {
    void start(String name, long line);
  }

  /**
   * Rows to hosts, record by record: a host's rows follow each other, and it is handed on when
   * the host column changes or the rows end.
   */
  static final class CsvRows {
    private final String file;
    private final int columns;
    private final HostStart starts;
    private final Consumer<Host> hosts;
    private HostRows current;
    private boolean any;

    /** {@code going}: a host whose rows went before these, to go on with (or null). */
    CsvRows(String file, int columns, HostStart starts, Consumer<Host> hosts, HostRows going) {
      this.file = file;
      this.columns = columns;
      this.starts = starts;
      this.hosts = hosts;
      this.current = going;
    }

    void add(CSVRecord rec, long line) {
      if (rec.size() != columns) {
        throw InputException.at(file, (int) line, 0, "expected " + columns
            + " fields, found " + rec.size());
      }
      String host = rec.get(HOST);
      if (host.isEmpty()) {
        throw InputException.at(file, (int) line, 0, "'host' is empty");
      }
      if (current == null || !current.name.equals(host)) {
        if (current != null) {
          hosts.accept(current.host());
        }
        starts.start(host, line);
        current = new HostRows(host, field(rec, ARCH, Arch::fromId, file, line),
            kind(rec, file, line));
        any = true;
      }
      current.add(rec, file, line);
    }

    /** The host the rows so far end in, not handed on: its rows may go on elsewhere. */
    HostRows open() {
      HostRows h = current;
      current = null;
      return h;
    }

    /** Hands on the last host; whether any host started. */
    boolean finish() {
      if (current != null) {
        hosts.accept(current.host());
        current = null;
      }
      return any;
    }
  }

  /** The rows of one host, gathered until the host column changes. */
  static final class HostRows {
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
      if (field(rec, ARCH, Arch::fromId, file, line) != arch) {
        throw InputException.at(file, (int) line, 2, "host '" + name + "' changes arch");
      }
      if (!kind(rec, file, line).equals(kind)) {
        throw InputException.at(file, (int) line, KIND + 1, "host '" + name
            + "' changes kind");
      }
      String unitName = rec.get(IOMMU);
      IommuUnit unit = IommuUnit.NONE;
      if (!unitName.isEmpty() && !unitName.equals("none")) {
        unit = new IommuUnit(unitName, field(rec, IOMMU_TYPE, IommuType::fromId, file, line),
            bool(rec, CACHE_COHERENCY, file, line),
            bool(rec, ENFORCE_CACHE_COHERENCY, file, line),
            bool(rec, SCALABLE_MODE, file, line), bool(rec, NESTING, file, line),
            bool(rec, DIRTY_TRACKING, file, line), "");
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
      String device = rec.get(DEVICE);
      if (device.isEmpty()) {
        if (!get(rec, VM).isEmpty()) {
          throw InputException.at(file, (int) line, VM + 1, "host '" + name
              + "': a row without a device names VM '" + get(rec, VM) + "'");
        }
        return;
      }
      if (devices.size() >= Limits.DEVICES) {
        throw InputException.at(file, (int) line, 10, Limits.tooManyDevices(name, "devices"));
      }
      Bus bus = rec.get(BUS).isEmpty() ? Bus.PCI : field(rec, BUS, Bus::fromId, file, line);
      String vendor = rec.get(VENDOR_COLUMN);
      if (!VENDOR.matcher(vendor).matches()) {
        throw InputException.at(file, (int) line, VENDOR_COLUMN + 1,
            "'vendor' must be 4 hex digits, found '" + vendor + "'");
      }
      if (bus.emulatedIommu() && unit != IommuUnit.NONE) {
        throw InputException.at(file, (int) line, 3, bus.id() + " devices use an emulated"
            + " IOMMU; write iommu 'none'");
      }
      int group = field(rec, GROUP, v -> {
        int g = Integer.parseInt(v);
        if (g < 0) {
          throw new IllegalArgumentException("expected a whole number >= 0");
        }
        return g;
      }, file, line);
      Device d = new Device(device, rec.get(BDF), bus,
          field(rec, CLASS, DeviceClass::fromId, file, line),
          vendor.toLowerCase(Locale.ROOT), unit, group, bool(rec, NO_SNOOP, file, line),
          bool(rec, NOSNOOP_ENABLED, file, line), bool(rec, VF_TOKEN, file, line), "");
      // As in the YAML and JSON forms: a device is named by its bdf (or name, without one).
      if (!ids.add(d.id())) {
        throw InputException.at(file, (int) line, d.bdf().isEmpty() ? 10 : 11, "host '" + name
            + "': two devices are called '" + d.id() + "'; give each a distinct bdf (or name,"
            + " where there is no bdf)");
      }
      devices.add(d);
      String vm = get(rec, VM);
      if (!vm.isEmpty()) {
        if (!d.deviceClass().assignable()) {
          throw InputException.at(file, (int) line, VM + 1, "host '" + name + "' vm '"
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
