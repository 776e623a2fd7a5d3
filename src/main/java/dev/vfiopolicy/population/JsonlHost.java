package dev.vfiopolicy.population;

import com.fasterxml.jackson.core.JsonParser;
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
 * One JSON Lines host in the plain form, read straight from Jackson's tokens: into
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
  private final HostKeys keys = new HostKeys();
  private final NameIndex units = new NameIndex();
  private final NameIndex ids = new NameIndex();
  private final NameIndex vmNames = new NameIndex();
  /** Each unit's part of a device key, and its type, by position in {@link #units}. */
  private long[] unitBits = new long[8];
  private IommuType[] unitTypes = new IommuType[8];
  private boolean[] unitEnforces = new boolean[8];
  private boolean vtdSnoop;
  private String lastKind = Host.UNSPECIFIED;

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

  private static final int NAME = 1;
  private static final int ARCH = 2;
  private static final int KIND = 4;
  private static final int IOMMUS = 8;
  private static final int DEVICES = 16;
  private static final int VMS = 32;
  private static final int SOURCE = 64;

  /**
   * Reads the host object whose START_OBJECT {@code p} stands on, to its END_OBJECT; false
   * where the line is not in the plain form.
   */
  boolean read(JsonParser p) throws IOException {
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
          arch = ARCHES.of(p, v);
        }
        case "kind" -> {
          bit = KIND;
          kind = kind(p, v);
        }
        case "source" -> {
          bit = SOURCE;
          source = text(p, v);
        }
        case "iommus" -> {
          bit = IOMMUS;
          if ((seen & DEVICES) != 0 || !units(p, v)) {
            return false;
          }
        }
        case "devices" -> {
          bit = DEVICES;
          if (!devices(p, v)) {
            return false;
          }
        }
        case "vms" -> {
          bit = VMS;
          if ((seen & DEVICES) == 0 || !vms(p, v)) {
            return false;
          }
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
    if (name == null || arch == null || !PopulationReader.isKind(kind)) {
      return false;
    }
    keys.finish(name, kind, arch);
    if (full) {
      host = new Host(name, arch, unitRecords, deviceRecords, vmRecords, kind, source);
    }
    return true;
  }

  /** The kind, as the same String as the last host's when it is the same: hashed once. */
  private String kind(JsonParser p, JsonToken v) throws IOException {
    if (v != JsonToken.VALUE_STRING) {
      throw Fallback.INSTANCE;
    }
    if (!sameText(p, lastKind)) {
      lastKind = p.getText();
    }
    return lastKind;
  }

  private boolean units(JsonParser p, JsonToken v) throws IOException {
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
            type = TYPES.of(p, t);
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
          || name.equals("none") || !units.add(name) || units.size() > Limits.DEVICES) {
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
        unitRecords.add(new IommuUnit(name, type, cc, ecc, sm, nest, dirty, source));
      }
    }
    return p.currentToken() == JsonToken.END_ARRAY;
  }

  private boolean devices(JsonParser p, JsonToken v) throws IOException {
    if (v != JsonToken.START_ARRAY) {
      return false;
    }
    while (p.nextToken() == JsonToken.START_OBJECT) {
      if (ids.size() >= Limits.DEVICES || !device(p)) {
        return false;
      }
    }
    return p.currentToken() == JsonToken.END_ARRAY;
  }

  /**
   * One device object; false to leave the line to the tree reader. A method of its own, not the
   * body of the loop over devices: the JIT then compiles it once, where the loop's body was
   * compiled on-stack twice more.
   */
  private boolean device(JsonParser p) throws IOException {
    String name = null;
    String bdf = "";
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
          bus = BUSES.of(p, t);
        }
        case "class" -> {
          bit = 8;
          cls = CLASSES.of(p, t);
        }
        case "vendor" -> {
          bit = 16;
          vendor = vendor(p, t);
          if (full) {
            vendorText = p.getText().toLowerCase(Locale.ROOT);
          }
        }
        case "iommu" -> {
          bit = 32;
          unit = unit(p, t);
        }
        case "group" -> {
          bit = 64;
          if (t != JsonToken.VALUE_NUMBER_INT) {
            return false;
          }
          group = p.getLongValue();
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
          return false;
        }
      }
      if ((seen & bit) != 0) {
        return false;
      }
      seen |= bit;
    }
    // unit: -2 not given, -1 "none", else a unit's position; no unit of that name is refused in
    // unit() already.
    if (name == null || cls == null || vendor < 0 || unit == -2 || group < 0
        || group > Integer.MAX_VALUE || (unit >= 0 && bus.emulatedIommu())) {
      return false;
    }
    String id = bdf.isEmpty() ? name : bdf;
    if (!ids.add(id)) {
      return false;
    }
    boolean enforces = unit >= 0 && unitEnforces[unit];
    long bits = unit >= 0 ? unitBits[unit] : NO_UNIT;
    boolean vtd = unit >= 0 && unitTypes[unit] == IommuType.INTEL_VTD;
    keys.device(HostKeys.deviceBits(bits, bus, cls, vendor, noSnoop, nosnoopEnabled, vfToken,
        !vtd || vtdSnoop), id, cls.assignable(), HostKeys.noncoherentIgpu(cls, bus, enforces));
    if (full) {
      deviceRecords.add(new Device(name, bdf, bus, cls, vendorText,
          unit >= 0 ? unitRecords.get(unit) : IommuUnit.NONE, (int) group, noSnoop,
          nosnoopEnabled, vfToken, source));
    }
    return true;
  }

  private static final long NO_UNIT = HostKeys.unitBits(IommuUnit.NONE);

  /** A device's unit: -1 for "none", else the position of a unit of this host. */
  private int unit(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      throw Fallback.INSTANCE;
    }
    char[] c = p.getTextCharacters();
    int off = p.getTextOffset();
    int len = p.getTextLength();
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
  private static int vendor(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      throw Fallback.INSTANCE;
    }
    char[] c = p.getTextCharacters();
    int off = p.getTextOffset();
    if (p.getTextLength() != 4) {
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

  private boolean vms(JsonParser p, JsonToken v) throws IOException {
    if (v != JsonToken.START_ARRAY) {
      return false;
    }
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String name = null;
      boolean hasMembers = false;
      int count = 0;
      keys.startVm();
      if (full) {
        members.clear();
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken t = p.nextToken();
        if (key.equals("name") && name == null) {
          name = text(p, t);
        } else if (key.equals("devices") && !hasMembers && t == JsonToken.START_ARRAY) {
          hasMembers = true;
          while (p.nextToken() == JsonToken.VALUE_STRING) {
            int d = ids.find(p.getText());
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
          if (p.currentToken() != JsonToken.END_ARRAY) {
            return false;
          }
        } else {
          return false;
        }
      }
      if (name == null || !hasMembers || count == 0 || !vmNames.add(name)) {
        return false;
      }
      keys.nameVm(name);
      if (full) {
        vmRecords.add(new Vm(name, members));
      }
    }
    return p.currentToken() == JsonToken.END_ARRAY;
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

  /** Whether the string token {@code p} stands on is {@code s}, without making a String. */
  private static boolean sameText(JsonParser p, String s) throws IOException {
    return same(s, p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
  }

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

    E of(JsonParser p, JsonToken t) throws IOException {
      if (t != JsonToken.VALUE_STRING) {
        throw Fallback.INSTANCE;
      }
      char[] c = p.getTextCharacters();
      int off = p.getTextOffset();
      int len = p.getTextLength();
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
