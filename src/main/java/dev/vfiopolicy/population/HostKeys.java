package dev.vfiopolicy.population;

import dev.vfiopolicy.model.Arch;
import dev.vfiopolicy.model.Bus;
import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.IommuType;
import dev.vfiopolicy.model.IommuUnit;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.model.Vm;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A host as a report counts it, and nothing more: its name and kind, each device's
 * {@link Profile} packed in a long with the device's id, and its listed VMs as their members'
 * packed profiles. The JSON Lines reader fills one straight from the parser's tokens, without
 * building the host's records; any other host is brought to it by {@link #set}. One object is
 * reused host after host.
 *
 * <p>A packed key ({@link #key}) is one to one with the profile: every field but the vendor is an
 * enum or a flag, each in bits of its own, and the vendor is four lower-case hex digits, which
 * is what the readers make of it. A device whose profile does not pack has a negative key that
 * the counter chose for its profile.
 */
public final class HostKeys {
  private static final int VENDOR_BITS = 16;
  private static final int FLAGS = VENDOR_BITS;
  private static final int TYPE = FLAGS + 9;
  private static final int CLASS = TYPE + 4;
  private static final int BUS = CLASS + 4;
  private static final int ARCH = BUS + 3;
  private static final Arch[] ARCHES = fits(Arch.values(), 3);
  private static final Bus[] BUSES = fits(Bus.values(), 3);
  private static final DeviceClass[] CLASSES = fits(DeviceClass.values(), 4);
  private static final IommuType[] TYPES = fits(IommuType.values(), 4);

  private static <E> E[] fits(E[] values, int bits) {
    if (values.length > 1 << bits) {
      throw new IllegalStateException("more constants than a packed profile holds: "
          + Arrays.toString(values));
    }
    return values;
  }

  /**
   * Where the ids and VM names are when the reader keeps them as characters ({@link JsonlHost}):
   * a String is made only for the few a counter keeps as samples. Null: in the arrays below.
   */
  private final NameIndex idIndex;
  private final NameIndex vmNameIndex;
  private String name;
  private String kind;
  private int devices;
  private long[] keys = new long[16];
  private String[] ids = new String[16];
  private boolean[] assignable = new boolean[16];
  private boolean[] inVm = new boolean[16];
  private boolean noncoherentIgpu;
  private int vms;
  private String[] vmNames = new String[4];
  /** VM v's members are members[vmEnd[v - 1], vmEnd[v]). */
  private int[] vmEnd = new int[4];
  private long[] members = new long[8];
  private int memberCount;

  /** Ids and VM names given as Strings ({@link #set}). */
  public HostKeys() {
    this(null, null);
  }

  /**
   * Device i's id is position i of {@code ids}, and VM v's name position v of {@code vmNames},
   * as the reader fills them.
   */
  HostKeys(NameIndex ids, NameIndex vmNames) {
    this.idIndex = ids;
    this.vmNameIndex = vmNames;
  }

  /** Empties it for the next host. */
  void clear() {
    for (int i = 0; i < devices; i++) {
      inVm[i] = false;
      ids[i] = null;
    }
    Arrays.fill(vmNames, 0, vms, null);
    name = null;
    kind = null;
    devices = 0;
    vms = 0;
    memberCount = 0;
    noncoherentIgpu = false;
  }

  /**
   * A device, in the host's order: its packed profile (arch aside, see {@link #finish}), its id
   * (null where the reader's index holds it), and whether it is assignable and an integrated GPU
   * behind a unit that cannot enforce coherency.
   */
  void device(long key, String id, boolean isAssignable, boolean isNoncoherentIgpu) {
    if (devices == keys.length) {
      int n = devices * 2;
      keys = Arrays.copyOf(keys, n);
      ids = Arrays.copyOf(ids, n);
      assignable = Arrays.copyOf(assignable, n);
      inVm = Arrays.copyOf(inVm, n);
    }
    keys[devices] = key;
    ids[devices] = id;
    assignable[devices] = isAssignable;
    devices++;
    noncoherentIgpu |= isNoncoherentIgpu;
  }

  /** Starts a listed VM; its members follow, its name may come after them. */
  void startVm() {
    if (vms == vmNames.length) {
      vmNames = Arrays.copyOf(vmNames, vms * 2);
      vmEnd = Arrays.copyOf(vmEnd, vms * 2);
    }
    vmEnd[vms] = memberCount;
    vms++;
  }

  /** Names the last VM started. */
  void nameVm(String vmName) {
    vmNames[vms - 1] = vmName;
  }

  /** A member of the last VM started, by its packed profile. */
  void member(long key) {
    if (memberCount == members.length) {
      members = Arrays.copyOf(members, memberCount * 2);
    }
    members[memberCount++] = key;
    vmEnd[vms - 1] = memberCount;
  }

  /** Marks device {@code i} as in a listed VM (no VM of its own). */
  void inVm(int i) {
    inVm[i] = true;
  }

  boolean isInVm(int i) {
    return inVm[i];
  }

  boolean isAssignable(int i) {
    return assignable[i];
  }

  /**
   * The host's name, kind and architecture, once its devices and VMs are in: the architecture
   * joins the keys here, as a line may give it after the devices.
   */
  void finish(String hostName, String hostKind, Arch arch) {
    name = hostName;
    kind = hostKind;
    long a = (long) arch.ordinal() << ARCH;
    for (int i = 0; i < devices; i++) {
      if (keys[i] >= 0) {
        keys[i] |= a;
      }
    }
    for (int i = 0; i < memberCount; i++) {
      if (members[i] >= 0) {
        members[i] |= a;
      }
    }
  }

  /**
   * This object, holding {@code h}; a device whose profile does not pack gets the key
   * {@code unpacked} gives its profile (negative).
   */
  public HostKeys set(Host h, ToLongFunction<Profile> unpacked) {
    if (idIndex != null) {
      throw new IllegalStateException("a reader's keys take their names from the reader");
    }
    clear();
    List<Device> ds = h.devices();
    for (Device d : ds) {
      device(key(h, d, unpacked), d.id(), d.deviceClass().assignable(), noncoherentIgpu(d));
    }
    for (Vm vm : h.vms()) {
      startVm();
      nameVm(vm.name());
      for (Device m : vm.devices()) {
        member(key(h, m, unpacked));
      }
    }
    for (int i = 0; i < devices; i++) {
      inVm[i] = inListedVm(ds.get(i), h.vms());
    }
    name = h.name();
    kind = h.kind();
    return this;
  }

  private static long key(Host h, Device d, ToLongFunction<Profile> unpacked) {
    long k = key(h, d);
    return k >= 0 ? k : unpacked.applyAsLong(Profile.of(h, d));
  }

  /**
   * As {@link Host#allVms} decides it, by equality; the names first, which decide it for a
   * device that is not the same object (the readers refuse two devices of one id).
   */
  private static boolean inListedVm(Device d, List<Vm> listed) {
    for (Vm vm : listed) {
      for (Device m : vm.devices()) {
        if (m == d || (m.name().equals(d.name()) && m.bdf().equals(d.bdf()) && m.equals(d))) {
          return true;
        }
      }
    }
    return false;
  }

  /** A physical integrated GPU behind a unit that cannot enforce coherency. */
  static boolean noncoherentIgpu(DeviceClass c, Bus bus, boolean enforceCacheCoherency) {
    return c == DeviceClass.GPU_INTEGRATED && !enforceCacheCoherency && !bus.emulatedIommu();
  }

  private static boolean noncoherentIgpu(Device d) {
    return noncoherentIgpu(d.deviceClass(), d.bus(), d.iommu().enforceCacheCoherency());
  }

  public String name() {
    return name;
  }

  public String kind() {
    return kind;
  }

  public int devices() {
    return devices;
  }

  /** Device i's packed profile (negative: one the counter chose, see {@link #set}). */
  public long key(int i) {
    return keys[i];
  }

  /** Device i's id: its address, or its name without one. */
  public String id(int i) {
    return idIndex != null ? idIndex.name(i) : ids[i];
  }

  /** Whether device i is a VM of its own: assignable and in no listed VM. */
  public boolean single(int i) {
    return assignable[i] && !inVm[i];
  }

  /** Whether the host has a physical integrated GPU behind a unit without enforced coherency. */
  public boolean noncoherentIgpu() {
    return noncoherentIgpu;
  }

  /** Listed VMs. */
  public int vms() {
    return vms;
  }

  public String vmName(int v) {
    return vmNameIndex != null ? vmNameIndex.name(v) : vmNames[v];
  }

  /** VM v's members are {@link #member}(j) for j from vmStart(v) to vmEnd(v). */
  public int vmStart(int v) {
    return v == 0 ? 0 : vmEnd[v - 1];
  }

  public int vmEnd(int v) {
    return vmEnd[v];
  }

  public long member(int j) {
    return members[j];
  }

  // Packing: bit fields, so that the architecture can join a key last.

  /** The unit's part of a device's key. */
  static long unitBits(IommuType type, boolean cacheCoherency, boolean enforceCacheCoherency,
      boolean scalableMode, boolean nesting, boolean dirtyTracking) {
    return (long) type.ordinal() << TYPE
        | flag(cacheCoherency, 3) | flag(enforceCacheCoherency, 4) | flag(scalableMode, 5)
        | flag(nesting, 6) | flag(dirtyTracking, 7);
  }

  static long unitBits(IommuUnit u) {
    return unitBits(u.type(), u.cacheCoherency(), u.enforceCacheCoherency(), u.scalableMode(),
        u.nesting(), u.dirtyTracking());
  }

  /** A device's key without its architecture; {@code vendor} is four hex digits as a number. */
  static long deviceBits(long unitBits, Bus bus, DeviceClass c, int vendor, boolean noSnoop,
      boolean nosnoopEnabled, boolean vfToken, boolean hostVtdSnoop) {
    return unitBits | (long) bus.ordinal() << BUS | (long) c.ordinal() << CLASS
        | flag(noSnoop, 0) | flag(nosnoopEnabled, 1) | flag(vfToken, 2) | flag(hostVtdSnoop, 8)
        | vendor;
  }

  private static long flag(boolean b, int bit) {
    return b ? 1L << (FLAGS + bit) : 0;
  }

  private static boolean flag(long key, int bit) {
    return (key >>> (FLAGS + bit) & 1) != 0;
  }

  /**
   * The device's {@link Profile} as a long, one to one with it; -1 for a vendor that is not four
   * lower-case hex digits, whose profile does not pack.
   */
  public static long key(Host h, Device d) {
    int vendor = hex4(d.vendor());
    if (vendor < 0) {
      return -1;
    }
    IommuUnit u = d.iommu();
    return deviceBits(unitBits(u), d.bus(), d.deviceClass(), vendor, d.noSnoop(),
        d.nosnoopEnabled(), d.vfToken(), Profile.hostVtdSnoop(h.iommus(), u))
        | (long) h.arch().ordinal() << ARCH;
  }

  /** The profile a packed key (>= 0) stands for. */
  public static Profile profile(long key) {
    int v = (int) (key & 0xffff);
    char[] vendor = new char[4];
    for (int i = 3; i >= 0; i--) {
      vendor[i] = Character.forDigit(v & 0xf, 16);
      v >>>= 4;
    }
    return new Profile(ARCHES[(int) (key >>> ARCH & 7)], BUSES[(int) (key >>> BUS & 7)],
        CLASSES[(int) (key >>> CLASS & 15)], new String(vendor), flag(key, 0), flag(key, 1),
        flag(key, 2), TYPES[(int) (key >>> TYPE & 15)], flag(key, 3), flag(key, 4),
        flag(key, 5), flag(key, 6), flag(key, 7), flag(key, 8));
  }

  /** Four lower-case hex digits as a number, else -1. */
  static int hex4(String s) {
    if (s.length() != 4) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      char c = s.charAt(i);
      int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (digit < 0) {
        return -1;
      }
      v = v << 4 | digit;
    }
    return v;
  }
}
