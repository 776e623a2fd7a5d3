package dev.vfiopolicy.population;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.vfiopolicy.InputException;
import dev.vfiopolicy.Tasks;
import dev.vfiopolicy.model.Arch;
import dev.vfiopolicy.model.Bus;
import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.IommuType;
import dev.vfiopolicy.model.IommuUnit;
import dev.vfiopolicy.model.Vm;
import dev.vfiopolicy.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * JSON Lines population files at close to parser speed. The bytes are cut into blocks at line
 * ends; blocks are parsed on several threads and handed on in file order, so hosts, duplicate
 * checks and the first error are the same as a line-by-line pass.
 *
 * <p>Each line is first read straight from Jackson's tokens into a {@link Host} (no tree, no
 * per-key maps). Anything but the plain form (an unknown or duplicate key, a number where text
 * is expected, a failed check, invalid JSON) goes through the tree reader of the YAML form
 * instead, {@link PopulationReader#host}, whose answer (the host, or the message naming line,
 * column and what was expected) is the contract; the quick path only ever returns a host that
 * reader would return.
 */
final class JsonlReader {
  /** Bytes per block: enough to amortise a task, small enough to keep memory flat. */
  static final int BLOCK = 1 << 18;

  private static final JsonFactory JSON = JsonFactory.builder()
      // A parser per line: its buffers come back to the thread for the next one.
      .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.threadLocalPool())
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
          .maxStringLength(1_000_000).build())
      .build();

  private JsonlReader() {}

  /** One block's result: its hosts with their line within the block, and its first failure. */
  private record Parsed(int lines, List<Host> hosts, int[] hostLines, int failLine,
      String failText) {}

  /** A block parsed and prepared: host names and lines, and what the worker made of them. */
  private record Done<R>(Parsed parsed, String[] names, R result) {}

  /** A block, or the read error met where it would have started. */
  private record Block<R>(Future<Done<R>> done, RuntimeException readError) {}

  /**
   * Reads {@code in}; each block's hosts go through {@code perBlock} on a worker thread, and
   * the results to {@code ordered} in file order, on the calling thread. The names of a block's
   * hosts are checked for duplicates before its result is handed on.
   */
  static <R> void read(InputStream in, String file, Function<List<Host>, R> perBlock,
      Consumer<R> ordered, int threads) {
    FleetReaders.DuplicateNames names = new FleetReaders.DuplicateNames();
    ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "vfio-policy-jsonl");
      t.setDaemon(true);
      return t;
    }) : null;
    long lineBase = 0;
    long hostCount = 0;
    boolean anyByte = false;
    ArrayDeque<Block<R>> window = new ArrayDeque<>();
    int maxInFlight = Math.max(2, threads * 2);
    try {
      byte[] carry = new byte[0];
      boolean eof = false;
      while (!eof || !window.isEmpty()) {
        while (!eof && window.size() < maxInFlight) {
          byte[] buf;
          int len;
          try {
            buf = Arrays.copyOf(carry, Math.max(BLOCK, carry.length * 2));
            len = carry.length;
            int n;
            while (len < buf.length && (n = in.read(buf, len, buf.length - len)) > 0) {
              len += n;
            }
            eof = len < buf.length;
          } catch (IOException e) {
            window.add(new Block<>(null, InputException.unreadable(file, e)));
            eof = true;
            break;
          } catch (RuntimeException e) {
            window.add(new Block<>(null, e));
            eof = true;
            break;
          }
          int end = len;
          if (!eof) {
            end = lastLineEnd(buf, len);
            if (end < 0) {
              // No line end in the whole buffer: keep reading into a larger one (LineLimit
              // refuses a line past its limit before this grows far).
              carry = Arrays.copyOf(buf, len);
              continue;
            }
          }
          carry = Arrays.copyOfRange(buf, end, len);
          anyByte |= end > 0;
          byte[] bytes = buf;
          int blockEnd = end;
          java.util.concurrent.Callable<Done<R>> task = () -> {
            Parsed parsed = parse(bytes, blockEnd, file);
            String[] hostNames = new String[parsed.hosts().size()];
            for (int i = 0; i < hostNames.length; i++) {
              hostNames[i] = parsed.hosts().get(i).name();
            }
            R result = perBlock.apply(parsed.hosts());
            // The hosts are not kept past their block.
            return new Done<>(new Parsed(parsed.lines(), List.of(), parsed.hostLines(),
                parsed.failLine(), parsed.failText()), hostNames, result);
          };
          if (pool == null) {
            java.util.concurrent.FutureTask<Done<R>> f = new java.util.concurrent.FutureTask<>(task);
            f.run();
            window.add(new Block<>(f, null));
          } else {
            window.add(new Block<>(pool.submit(task), null));
          }
        }
        if (window.isEmpty()) {
          break;
        }
        Block<R> b = window.poll();
        if (b.readError() != null) {
          throw b.readError();
        }
        Done<R> d = Tasks.await(b.done());
        Parsed p = d.parsed();
        for (int i = 0; i < d.names().length; i++) {
          names.check(d.names()[i], file, lineBase + p.hostLines()[i]);
        }
        hostCount += d.names().length;
        ordered.accept(d.result());
        if (p.failLine() > 0) {
          int line = (int) Math.min(Integer.MAX_VALUE, lineBase + p.failLine());
          // The tree reader says what is wrong, at the line's place in the file.
          PopulationReader.host(YamlReader.readJsonLine(p.failText(), file, line));
          throw new IllegalStateException(file + ":" + line + ": refused, then read");
        }
        lineBase += p.lines();
      }
      if (!anyByte) {
        throw InputException.at(file, 0, 0, "the file is empty; expected one JSON host per line");
      }
      if (hostCount == 0) {
        throw InputException.at(file, 0, 0,
            "the file has only blank lines; expected one JSON host per line");
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  /** The index just past the last line end (\n, or a \r not followed by a byte), or -1. */
  private static int lastLineEnd(byte[] b, int len) {
    for (int i = len - 1; i >= 0; i--) {
      if (b[i] == '\n') {
        return i + 1;
      }
    }
    return -1;
  }

  /** Parses the lines of b[0, end), split as BufferedReader.readLine splits them. */
  static Parsed parse(byte[] b, int end, String file) {
    List<Host> hosts = new ArrayList<>();
    int[] lines = new int[64];
    int line = 0;
    int i = 0;
    while (i < end) {
      int s = i;
      while (i < end && b[i] != '\n' && b[i] != '\r') {
        i++;
      }
      int e = i;
      if (i < end) {
        if (b[i] == '\r' && i + 1 < end && b[i + 1] == '\n') {
          i++;
        }
        i++;
      }
      line++;
      Host h = quick(b, s, e);
      if (h == null) {
        String text = new String(b, s, e - s, StandardCharsets.UTF_8);
        if (text.isBlank()) {
          continue;
        }
        try {
          h = PopulationReader.host(YamlReader.readJsonLine(text, file, line));
        } catch (InputException ex) {
          return new Parsed(line, hosts, lines, line, text);
        }
      }
      if (hosts.size() == lines.length) {
        lines = Arrays.copyOf(lines, lines.length * 2);
      }
      lines[hosts.size()] = line;
      hosts.add(h);
    }
    return new Parsed(line, hosts, lines, 0, null);
  }

  /** The host on b[s, e) in the plain form, or null for anything else. */
  static Host quick(byte[] b, int s, int e) {
    int k = s;
    while (k < e && (b[k] == ' ' || b[k] == '\t')) {
      k++;
    }
    if (k >= e || b[k] != '{') {
      return null;
    }
    try (JsonParser p = JSON.createParser(b, k, e - k)) {
      p.nextToken();
      Host h = host(p);
      if (h == null || p.nextToken() != null) {
        return null;
      }
      return h;
    } catch (IOException | RuntimeException ex) {
      return null;
    }
  }

  private static final int NAME = 1;
  private static final int ARCH = 2;
  private static final int KIND = 4;
  private static final int IOMMUS = 8;
  private static final int DEVICES = 16;
  private static final int VMS = 32;
  private static final int SOURCE = 64;

  private static Host host(JsonParser p) throws IOException {
    String name = null;
    Arch arch = null;
    String kind = Host.UNSPECIFIED;
    String source = "";
    Map<String, IommuUnit> units = new LinkedHashMap<>();
    List<Device> devices = new ArrayList<>();
    List<Vm> vms = new ArrayList<>();
    int seen = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken v = p.nextToken();
      int bit;
      switch (key) {
        case "name" -> {
          bit = NAME;
          name = text(p, v);
        }
        case "arch" -> {
          bit = ARCH;
          arch = spelled(ARCHES, text(p, v));
        }
        case "kind" -> {
          bit = KIND;
          kind = text(p, v);
        }
        case "source" -> {
          bit = SOURCE;
          source = text(p, v);
        }
        case "iommus" -> {
          bit = IOMMUS;
          if ((seen & DEVICES) != 0 || !units(p, v, units)) {
            return null;
          }
        }
        case "devices" -> {
          bit = DEVICES;
          if (!devices(p, v, units, devices)) {
            return null;
          }
        }
        case "vms" -> {
          bit = VMS;
          if ((seen & DEVICES) == 0 || !vms(p, v, devices, vms)) {
            return null;
          }
        }
        default -> {
          return null;
        }
      }
      if ((seen & bit) != 0) {
        return null;
      }
      seen |= bit;
    }
    if (name == null || arch == null || !PopulationReader.isKind(kind)) {
      return null;
    }
    return new Host(name, arch, new ArrayList<>(units.values()), devices, vms, kind, source);
  }

  /**
   * Each enum's spellings, looked up in a map: {@code fromId} copies and scans the constants
   * on every call, a tenth of this reader's time. An unknown spelling is the tree reader's to
   * name.
   */
  private static final Map<String, Arch> ARCHES = spellings(Arch.values(), Arch::id);
  private static final Map<String, IommuType> IOMMU_TYPES =
      spellings(IommuType.values(), IommuType::id);
  private static final Map<String, Bus> BUSES = spellings(Bus.values(), Bus::id);
  private static final Map<String, DeviceClass> CLASSES =
      spellings(DeviceClass.values(), DeviceClass::id);

  private static <E> Map<String, E> spellings(E[] values, Function<E, String> id) {
    // A HashMap, not Map.copyOf: its lookup is compiled for other maps already.
    Map<String, E> out = new java.util.HashMap<>();
    for (E e : values) {
      out.putIfAbsent(id.apply(e), e);
    }
    return out;
  }

  private static <E> E spelled(Map<String, E> spellings, String id) {
    E e = spellings.get(id);
    if (e == null) {
      throw Fallback.INSTANCE;
    }
    return e;
  }

  /** A string value; anything else (a number, null) leaves the line to the tree reader. */
  private static String text(JsonParser p, JsonToken v) throws IOException {
    if (v != JsonToken.VALUE_STRING) {
      throw Fallback.INSTANCE;
    }
    return p.getText();
  }

  private static boolean bool(JsonToken v) {
    if (v == JsonToken.VALUE_TRUE) {
      return true;
    }
    if (v == JsonToken.VALUE_FALSE) {
      return false;
    }
    throw Fallback.INSTANCE;
  }

  /** Leaves a line to the tree reader; no stack trace, one instance. */
  private static final class Fallback extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Fallback INSTANCE = new Fallback();

    private Fallback() {
      super(null, null, false, false);
    }
  }

  private static boolean units(JsonParser p, JsonToken v, Map<String, IommuUnit> units)
      throws IOException {
    if (v != JsonToken.START_ARRAY) {
      return false;
    }
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String name = null;
      IommuType type = null;
      boolean cc = false;
      boolean ecc = false;
      boolean sm = false;
      boolean nest = false;
      boolean dirty = false;
      String source = "";
      int seen = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken t = p.nextToken();
        int bit;
        switch (key) {
          case "name" -> {
            bit = 1;
            name = text(p, t);
          }
          case "type" -> {
            bit = 2;
            type = spelled(IOMMU_TYPES, text(p, t));
          }
          case "cache_coherency" -> {
            bit = 4;
            cc = bool(t);
          }
          case "enforce_cache_coherency" -> {
            bit = 8;
            ecc = bool(t);
          }
          case "scalable_mode" -> {
            bit = 16;
            sm = bool(t);
          }
          case "nesting" -> {
            bit = 32;
            nest = bool(t);
          }
          case "dirty_tracking" -> {
            bit = 64;
            dirty = bool(t);
          }
          case "source" -> {
            bit = 128;
            source = text(p, t);
          }
          default -> {
            return false;
          }
        }
        if ((seen & bit) != 0) {
          return false;
        }
        seen |= bit;
      }
      if (name == null || type == null || (ecc && !cc) || type == IommuType.NONE
          || name.equals("none")) {
        return false;
      }
      IommuUnit unit = new IommuUnit(name, type, cc, ecc, sm, nest, dirty, source);
      if (units.put(name, unit) != null || units.size() > Limits.DEVICES) {
        return false;
      }
    }
    return p.currentToken() == JsonToken.END_ARRAY;
  }

  private static boolean devices(JsonParser p, JsonToken v, Map<String, IommuUnit> units,
      List<Device> out) throws IOException {
    if (v != JsonToken.START_ARRAY) {
      return false;
    }
    Set<String> ids = new HashSet<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      Device d = device(p, units);
      if (d == null || !ids.add(d.id()) || out.size() >= Limits.DEVICES) {
        return false;
      }
      out.add(d);
    }
    return p.currentToken() == JsonToken.END_ARRAY;
  }

  /**
   * One device object, or null to leave the line to the tree reader. A method of its own, not
   * the body of the loop over devices: the JIT then compiles it once, where the loop's body
   * was compiled on-stack twice more (0.5 s of the C2 compiler's time for a 100,000-host file).
   */
  private static Device device(JsonParser p, Map<String, IommuUnit> units) throws IOException {
    String name = null;
    String bdf = "";
    Bus bus = Bus.PCI;
    DeviceClass cls = null;
    String vendor = null;
    String iommu = null;
    long group = -1;
    boolean noSnoop = false;
    boolean nosnoopEnabled = false;
    boolean vfToken = false;
    String source = "";
    int seen = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken t = p.nextToken();
      int bit;
      switch (key) {
        case "name" -> {
          bit = 1;
          name = text(p, t);
        }
        case "bdf" -> {
          bit = 2;
          bdf = text(p, t);
        }
        case "bus" -> {
          bit = 4;
          bus = spelled(BUSES, text(p, t));
        }
        case "class" -> {
          bit = 8;
          cls = spelled(CLASSES, text(p, t));
        }
        case "vendor" -> {
          bit = 16;
          vendor = text(p, t);
        }
        case "iommu" -> {
          bit = 32;
          iommu = text(p, t);
        }
        case "group" -> {
          bit = 64;
          if (t != JsonToken.VALUE_NUMBER_INT) {
            return null;
          }
          group = Long.parseLong(p.getText());
        }
        case "no_snoop" -> {
          bit = 128;
          noSnoop = bool(t);
        }
        case "nosnoop_enabled" -> {
          bit = 256;
          nosnoopEnabled = bool(t);
        }
        case "vf_token" -> {
          bit = 512;
          vfToken = bool(t);
        }
        case "source" -> {
          bit = 1024;
          source = text(p, t);
        }
        default -> {
          return null;
        }
      }
      if ((seen & bit) != 0) {
        return null;
      }
      seen |= bit;
    }
    if (name == null || cls == null || vendor == null || iommu == null || group < 0
        || group > Integer.MAX_VALUE || !hex4(vendor)) {
      return null;
    }
    IommuUnit unit;
    if (iommu.equals("none")) {
      unit = IommuUnit.NONE;
    } else {
      unit = units.get(iommu);
      if (unit == null || bus.emulatedIommu()) {
        return null;
      }
    }
    return new Device(name, bdf, bus, cls, lower(vendor), unit, (int) group, noSnoop,
        nosnoopEnabled, vfToken, source);
  }

  private static boolean vms(JsonParser p, JsonToken v, List<Device> devices, List<Vm> out)
      throws IOException {
    if (v != JsonToken.START_ARRAY) {
      return false;
    }
    Map<String, Device> byId = new LinkedHashMap<>();
    for (Device d : devices) {
      byId.put(d.id(), d);
    }
    Set<String> names = new HashSet<>();
    Set<String> taken = new HashSet<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String name = null;
      List<Device> members = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken t = p.nextToken();
        if (key.equals("name") && name == null) {
          name = text(p, t);
        } else if (key.equals("devices") && members == null && t == JsonToken.START_ARRAY) {
          members = new ArrayList<>();
          while (p.nextToken() == JsonToken.VALUE_STRING) {
            Device d = byId.get(p.getText());
            if (d == null || !d.deviceClass().assignable() || !taken.add(d.id())) {
              return false;
            }
            members.add(d);
          }
          if (p.currentToken() != JsonToken.END_ARRAY) {
            return false;
          }
        } else {
          return false;
        }
      }
      if (name == null || members == null || members.isEmpty() || !names.add(name)) {
        return false;
      }
      out.add(new Vm(name, members));
    }
    return p.currentToken() == JsonToken.END_ARRAY;
  }

  private static boolean hex4(String s) {
    if (s.length() != 4) {
      return false;
    }
    for (int i = 0; i < 4; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  private static String lower(String vendor) {
    for (int i = 0; i < vendor.length(); i++) {
      char c = vendor.charAt(i);
      if (c >= 'A' && c <= 'F') {
        return vendor.toLowerCase(Locale.ROOT);
      }
    }
    return vendor;
  }
}
