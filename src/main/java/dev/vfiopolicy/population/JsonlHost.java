package dev.vfiopolicy.population;

import com.fasterxml.jackson.core.JsonToken;
import dev.vfiopolicy.model.Arch;
import dev.vfiopolicy.model.Bus;
import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.IommuType;
import dev.vfiopolicy.model.IommuUnit;
import dev.vfiopolicy.model.Vm;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One JSON Lines host in the plain form, read straight from JSON tokens ({@link Tokens}: the
 * line's bytes, or Jackson's parser where they are not in the plain subset of JSON): into
 * {@link HostKeys} (what a report counts), and with {@code full} into a {@link Host} as well.
 * Anything but the plain form (an unknown or duplicate key, a number where text is expected, a
 * failed check) makes {@link #read} answer false, and the line goes to the tree reader, whose
 * answer is the contract: what this reads is what that reader would make of the line.
 *
 * <p>One object per worker, reused line after line: no maps, sets or records per host unless a
 * {@link Host} is asked for.
 */
final class JsonlHost {
  private final boolean full;
  private final NameIndex units = new NameIndex();
  private final NameIndex ids = new NameIndex();
  private final NameIndex vmNames = new NameIndex();
  private final HostKeys keys = new HostKeys(ids, vmNames);
  // The last unit, device and VM names and device address, as characters.
  private final Chars unitName = new Chars();
  private final Chars deviceName = new Chars();
  private final Chars bdf = new Chars();
  private final Chars vmName = new Chars();
  /** Each unit's part of a device key, and its type, by position in {@link #units}. */
  private long[] unitBits = new long[8];
  private IommuType[] unitTypes = new IommuType[8];
  private boolean[] unitEnforces = new boolean[8];
  private boolean vtdSnoop;
  /** The kinds met, one String each (a fleet has a few): counted by kind without hashing text. */
  private final String[] kinds = new String[16];
  private int nextKind;

  // What only a Host needs, kept with full.
  private final List<IommuUnit> unitRecords = new ArrayList<>();
  private final List<Device> deviceRecords = new ArrayList<>();
  private final List<Vm> vmRecords = new ArrayList<>();
  private final List<Device> members = new ArrayList<>();
  private Host host;

  JsonlHost(boolean full) {
    this.full = full;
  }

  /** The counts' view of the host last read. */
  HostKeys keys() {
    return keys;
  }

  /** The host last read (only with full). */
  Host host() {
    return host;
  }

  /** A host's keys, in the order the writer gives them; the bit of key i is 1 << i. */
  private static final Keys HOST_KEYS =
      new Keys("name", "arch", "kind", "iommus", "devices", "vms", "source");
  private static final int DEVICES = 1 << 4;
  private static final Keys UNIT_KEYS = new Keys("name", "type", "cache_coherency",
      "enforce_cache_coherency", "scalable_mode", "nesting", "dirty_tracking", "source");
  private static final Keys DEVICE_KEYS = new Keys("name", "bdf", "bus", "class", "vendor",
      "iommu", "group", "no_snoop", "nosnoop_enabled", "vf_token", "source");
  private static final Keys VM_KEYS = new Keys("name", "devices");

  /**
   * Reads the host object whose START_OBJECT {@code p} stands on, to its END_OBJECT; false
   * where the line is not in the plain form.
   */
  boolean read(Tokens p) throws IOException {
    keys.clear();
    units.clear();
    ids.clear();
    vmNames.clear();
    vtdSnoop = true;
    if (full) {
      unitRecords.clear();
      deviceRecords.clear();
      vmRecords.clear();
      host = null;
    }
    String name = null;
    Arch arch = null;
    String kind = Host.UNSPECIFIED;
    String source = "";
    int seen = 0;
    for (int k = HOST_KEYS.next(p, -1); k != Keys.END; k = HOST_KEYS.next(p, k)) {
      JsonToken v = p.next();
      switch (k) {
        case 0 -> name = text(p, v);
        case 1 -> arch = ARCHES.of(p, v);
        case 2 -> kind = kind(p, v);
        case 3 -> {
          if ((seen & DEVICES) != 0 || !units(p, v)) {
            return false;
          }
        }
        case 4 -> {
          if (!devices(p, v)) {
            return false;
          }
        }
        case 5 -> {
          if ((seen & DEVICES) == 0 || !vms(p, v)) {
            return false;
          }
        }
        case 6 -> source = text(p, v);
        default -> {
          return false;
        }
      }
      if ((seen & 1 << k) != 0) {
        return false;
      }
      seen |= 1 << k;
    }
    if (name == null || arch == null || !PopulationReader.isKind(kind)) {
      return false;
    }
    keys.finish(name, kind, arch);
    if (full) {
      host = new Host(name, arch, unitRecords, deviceRecords, vmRecords, kind, source);
    }
    return true;
  }

  /** The kind, as the same String as an earlier host's of that kind where one is kept. */
  private String kind(Tokens p, JsonToken v) throws IOException {
    if (v != JsonToken.VALUE_STRING) {
      throw Fallback.INSTANCE;
    }
    char[] c = p.chars();
    int off = p.offset();
    int len = p.length();
    for (String k : kinds) {
      if (k != null && same(k, c, off, len)) {
        return k;
      }
    }
    String k = p.text();
    kinds[nextKind] = k;
    nextKind = (nextKind + 1) % kinds.length;
    return k;
  }

  private boolean units(Tokens p, JsonToken v) throws IOException {
    if (v != JsonToken.START_ARRAY) {
      return false;
    }
    while (p.next() == JsonToken.START_OBJECT) {
      IommuType type = null;
      boolean cc = false;
      boolean ecc = false;
      boolean sm = false;
      boolean nest = false;
      boolean dirty = false;
      String source = "";
      int seen = 0;
      for (int k = UNIT_KEYS.next(p, -1); k != Keys.END; k = UNIT_KEYS.next(p, k)) {
        JsonToken t = p.next();
        switch (k) {
          case 0 -> unitName.set(p, t);
          case 1 -> type = TYPES.of(p, t);
          case 2 -> cc = bool(t);
          case 3 -> ecc = bool(t);
          case 4 -> sm = bool(t);
          case 5 -> nest = bool(t);
          case 6 -> dirty = bool(t);
          case 7 -> source = text(p, t);
          default -> {
            return false;
          }
        }
        if ((seen & 1 << k) != 0) {
          return false;
        }
        seen |= 1 << k;
      }
      if ((seen & 1) == 0 || type == null || (ecc && !cc) || type == IommuType.NONE
          || unitName.is("none") || !unitName.addTo(units) || units.size() > Limits.DEVICES) {
        return false;
      }
      int u = units.size() - 1;
      if (u == unitBits.length) {
        unitBits = Arrays.copyOf(unitBits, u * 2);
        unitTypes = Arrays.copyOf(unitTypes, u * 2);
        unitEnforces = Arrays.copyOf(unitEnforces, u * 2);
      }
      unitBits[u] = HostKeys.unitBits(type, cc, ecc, sm, nest, dirty);
      unitTypes[u] = type;
      unitEnforces[u] = ecc;
      // Profile.hostVtdSnoop: false once a VT-d unit has neither snoop control nor scalable mode.
      vtdSnoop &= type != IommuType.INTEL_VTD || ecc || sm;
      if (full) {
        unitRecords.add(new IommuUnit(unitName.string(), type, cc, ecc, sm, nest, dirty,
            source));
      }
    }
    return p.current() == JsonToken.END_ARRAY;
  }

  private boolean devices(Tokens p, JsonToken v) throws IOException {
    if (v != JsonToken.START_ARRAY) {
      return false;
    }
    while (p.next() == JsonToken.START_OBJECT) {
      if (ids.size() >= Limits.DEVICES || !device(p)) {
        return false;
      }
    }
    return p.current() == JsonToken.END_ARRAY;
  }

  /**
   * One device object; false to leave the line to the tree reader. A method of its own, not the
   * body of the loop over devices: the JIT then compiles it once, where the loop's body was
   * compiled on-stack twice more.
   */
  private boolean device(Tokens p) throws IOException {
    bdf.length = 0;
    Bus bus = Bus.PCI;
    DeviceClass cls = null;
    int vendor = -1;
    String vendorText = null;
    int unit = -2;
    long group = -1;
    boolean noSnoop = false;
    boolean nosnoopEnabled = false;
    boolean vfToken = false;
    String source = "";
    int seen = 0;
    for (int k = DEVICE_KEYS.next(p, -1); k != Keys.END; k = DEVICE_KEYS.next(p, k)) {
      JsonToken t = p.next();
      switch (k) {
        case 0 -> deviceName.set(p, t);
        case 1 -> bdf.set(p, t);
        case 2 -> bus = BUSES.of(p, t);
        case 3 -> cls = CLASSES.of(p, t);
        case 4 -> {
          vendor = vendor(p, t);
          if (full) {
            vendorText = p.text().toLowerCase(Locale.ROOT);
          }
        }
        case 5 -> unit = unit(p, t);
        case 6 -> {
          if (t != JsonToken.VALUE_NUMBER_INT) {
            return false;
          }
          group = p.longValue();
        }
        case 7 -> noSnoop = bool(t);
        case 8 -> nosnoopEnabled = bool(t);
        case 9 -> vfToken = bool(t);
        case 10 -> source = text(p, t);
        default -> {
          return false;
        }
      }
      if ((seen & 1 << k) != 0) {
        return false;
      }
      seen |= 1 << k;
    }
    // unit: -2 not given, -1 "none", else a unit's position; no unit of that name is refused in
    // unit() already.
    if ((seen & 1) == 0 || cls == null || vendor < 0 || unit == -2 || group < 0
        || group > Integer.MAX_VALUE || (unit >= 0 && bus.emulatedIommu())) {
      return false;
    }
    if (!(bdf.length == 0 ? deviceName : bdf).addTo(ids)) {
      return false;
    }
    boolean enforces = unit >= 0 && unitEnforces[unit];
    long bits = unit >= 0 ? unitBits[unit] : NO_UNIT;
    boolean vtd = unit >= 0 && unitTypes[unit] == IommuType.INTEL_VTD;
    keys.device(HostKeys.deviceBits(bits, bus, cls, vendor, noSnoop, nosnoopEnabled, vfToken,
        !vtd || vtdSnoop), null, cls.assignable(), HostKeys.noncoherentIgpu(cls, bus, enforces));
    if (full) {
      deviceRecords.add(new Device(deviceName.string(), bdf.string(), bus, cls, vendorText,
          unit >= 0 ? unitRecords.get(unit) : IommuUnit.NONE, (int) group, noSnoop,
          nosnoopEnabled, vfToken, source));
    }
    return true;
  }

  private static final long NO_UNIT = HostKeys.unitBits(IommuUnit.NONE);

  /**
   * A string value's characters, copied (the parser's buffer serves the next token): names and
   * addresses are matched and indexed as characters, and made Strings only for a {@link Host}.
   */
  private static final class Chars {
    char[] chars = new char[64];
    int length;

    /** This value's characters; anything but a string leaves the line to the tree reader. */
    void set(Tokens p, JsonToken t) throws IOException {
      if (t != JsonToken.VALUE_STRING) {
        throw Fallback.INSTANCE;
      }
      int len = p.length();
      if (len > chars.length) {
        chars = new char[Math.max(len, chars.length * 2)];
      }
      p.copy(chars);
      length = len;
    }

    boolean is(String s) {
      return same(s, chars, 0, length);
    }

    /** Adds these characters to {@code index}; false if they are in it already. */
    boolean addTo(NameIndex index) {
      return index.add(chars, 0, length);
    }

    String string() {
      return new String(chars, 0, length);
    }
  }

  /** A device's unit: -1 for "none", else the position of a unit of this host. */
  private int unit(Tokens p, JsonToken t) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      throw Fallback.INSTANCE;
    }
    char[] c = p.chars();
    int off = p.offset();
    int len = p.length();
    if (same("none", c, off, len)) {
      return -1;
    }
    int u = units.find(c, off, len);
    if (u < 0) {
      throw Fallback.INSTANCE;
    }
    return u;
  }

  /** Four hex digits of either case as a number (the key has them lower-case). */
  private static int vendor(Tokens p, JsonToken t) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      throw Fallback.INSTANCE;
    }
    char[] c = p.chars();
    int off = p.offset();
    if (p.length() != 4) {
      throw Fallback.INSTANCE;
    }
    int v = 0;
    for (int i = off; i < off + 4; i++) {
      char x = c[i];
      int digit = x >= '0' && x <= '9' ? x - '0'
          : x >= 'a' && x <= 'f' ? x - 'a' + 10
          : x >= 'A' && x <= 'F' ? x - 'A' + 10 : -1;
      if (digit < 0) {
        throw Fallback.INSTANCE;
      }
      v = v << 4 | digit;
    }
    return v;
  }

  private boolean vms(Tokens p, JsonToken v) throws IOException {
    if (v != JsonToken.START_ARRAY) {
      return false;
    }
    while (p.next() == JsonToken.START_OBJECT) {
      boolean hasName = false;
      boolean hasMembers = false;
      int count = 0;
      keys.startVm();
      if (full) {
        members.clear();
      }
      for (int k = VM_KEYS.next(p, -1); k != Keys.END; k = VM_KEYS.next(p, k)) {
        JsonToken t = p.next();
        if (k == 0 && !hasName) {
          vmName.set(p, t);
          hasName = true;
        } else if (k == 1 && !hasMembers && t == JsonToken.START_ARRAY) {
          hasMembers = true;
          while (p.next() == JsonToken.VALUE_STRING) {
            int d = ids.find(p.chars(), p.offset(), p.length());
            if (d < 0 || !keys.isAssignable(d) || keys.isInVm(d)) {
              return false;
            }
            keys.inVm(d);
            keys.member(keys.key(d));
            count++;
            if (full) {
              members.add(deviceRecords.get(d));
            }
          }
          if (p.current() != JsonToken.END_ARRAY) {
            return false;
          }
        } else {
          return false;
        }
      }
      // The name's position in vmNames is the VM's in keys: HostKeys.vmName reads it there.
      if (!hasName || !hasMembers || count == 0 || !vmName.addTo(vmNames)) {
        return false;
      }
      if (full) {
        vmRecords.add(new Vm(vmName.string(), members));
      }
    }
    return p.current() == JsonToken.END_ARRAY;
  }

  /** A string value; anything else (a number, null) leaves the line to the tree reader. */
  private static String text(Tokens p, JsonToken v) throws IOException {
    if (v != JsonToken.VALUE_STRING) {
      throw Fallback.INSTANCE;
    }
    return p.text();
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

  /** Whether c[off, off + len) is {@code s}, without making a String. */
  static boolean same(String s, char[] c, int off, int len) {
    if (len != s.length()) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (c[off + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The keys of one kind of object, in the order the writer gives them. The next key is tried
   * first as the one after the last read ({@link Tokens#nextName} compares the bytes, without
   * the symbol table's lookup, and yields the same tokens); any other is looked up by name.
   */
  private static final class Keys {
    /** After the object's last key (or anything but a key). */
    static final int END = -1;
    /** A key this kind of object does not have. */
    static final int UNKNOWN = -2;
    private final Tokens.Key[] names;

    Keys(String... names) {
      this.names = new Tokens.Key[names.length];
      for (int i = 0; i < names.length; i++) {
        this.names[i] = new Tokens.Key(names[i]);
      }
    }

    /** The next key's index, END or UNKNOWN; its value is the parser's next token. */
    int next(Tokens p, int last) throws IOException {
      int expected = last + 1;
      if (expected >= 0 && expected < names.length) {
        if (p.nextName(names[expected])) {
          return expected;
        }
      } else {
        p.next();
      }
      if (p.current() != JsonToken.FIELD_NAME) {
        return END;
      }
      String key = p.name();
      for (int i = 0; i < names.length; i++) {
        if (names[i].text.equals(key)) {
          return i;
        }
      }
      return UNKNOWN;
    }
  }

  private static final Spellings<Arch> ARCHES = new Spellings<>(Arch.values(), Arch::id);
  private static final Spellings<IommuType> TYPES =
      new Spellings<>(IommuType.values(), IommuType::id);
  private static final Spellings<Bus> BUSES = new Spellings<>(Bus.values(), Bus::id);
  private static final Spellings<DeviceClass> CLASSES =
      new Spellings<>(DeviceClass.values(), DeviceClass::id);

  /**
   * An enum's spellings, matched against the parser's characters: no String per value, and no
   * {@code fromId}, which copies and scans the constants on every call. An unknown spelling is
   * the tree reader's to name.
   */
  private static final class Spellings<E> {
    private final String[] ids;
    private final E[] values;

    Spellings(E[] values, Function<E, String> id) {
      this.values = values;
      this.ids = new String[values.length];
      for (int i = 0; i < values.length; i++) {
        ids[i] = id.apply(values[i]);
      }
    }

    E of(Tokens p, JsonToken t) throws IOException {
      if (t != JsonToken.VALUE_STRING) {
        throw Fallback.INSTANCE;
      }
      char[] c = p.chars();
      int off = p.offset();
      int len = p.length();
      // The first constant of a spelling, as fromId finds it.
      for (int i = 0; i < ids.length; i++) {
        if (same(ids[i], c, off, len)) {
          return values[i];
        }
      }
      throw Fallback.INSTANCE;
    }
  }

  /** Leaves a line to the tree reader; no stack trace, one instance. */
  static final class Fallback extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Fallback INSTANCE = new Fallback();

    private Fallback() {
      super(null, null, false, false);
    }
  }
}
