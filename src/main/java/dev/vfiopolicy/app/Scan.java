package dev.vfiopolicy.app;

import dev.vfiopolicy.Tasks;
import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.model.Vm;
import dev.vfiopolicy.model.VmProfile;
import dev.vfiopolicy.population.ProfileCounter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * One pass over a population: hosts, devices and VMs counted by kind of host, devices reduced to
 * profiles and VMs to VM profiles, each with its count and the first device or VM seen with it
 * (a sample that {@code explain} can show). Memory holds one entry per distinct profile and kind,
 * whatever the number of hosts.
 *
 * <p>Generated populations go through {@link ProfileCounter} in blocks of hosts on several
 * threads; blocks are merged in block order, so counts and samples are the same for any thread
 * count, and the same as a host-by-host pass.
 */
public final class Scan {
  static final int BLOCK = 4096;

  long hosts;
  long devices;
  long hostsWithNoncoherentIgpu;
  final Map<String, Long> hostsByKind = new LinkedHashMap<>();
  final Map<String, Map<Profile, Entry>> devicesByKind = new LinkedHashMap<>();
  final Map<String, Map<VmProfile, Entry>> vmsByKind = new LinkedHashMap<>();

  /** A profile's (or VM profile's) count and its first device (or VM). */
  public static final class Entry {
    long count;
    final String host;
    final String device;

    Entry(String host, String device) {
      this.host = host;
      this.device = device;
    }

    public long count() {
      return count;
    }

    public String host() {
      return host;
    }

    /** The sample's device id, or its VM's name. */
    public String device() {
      return device;
    }
  }

  public static Scan of(Population population) {
    return of(population, 1, done -> {});
  }

  /** {@code progress} receives the number of hosts done so far, from any thread. */
  public static Scan of(Population population, int threads, LongConsumer progress) {
    if (population instanceof Population.Generated g) {
      return generated(g, threads, progress);
    }
    Scan s = new Scan();
    long[] reported = {0};
    // Blocks of hosts are counted where they are parsed (on several threads for JSON Lines) and
    // merged in file order: the same counts, samples and orders as a host-by-host pass.
    population.forEachBlock(Scan::of, part -> {
      s.merge(part);
      if (s.hosts - reported[0] >= BLOCK) {
        reported[0] = s.hosts;
        progress.accept(s.hosts);
      }
    });
    progress.accept(s.hosts);
    return s;
  }

  /** The hosts of one block, counted. */
  static Scan of(List<Host> hosts) {
    Scan s = new Scan();
    for (Host h : hosts) {
      s.add(h);
    }
    s.settle();
    return s;
  }

  /**
   * Adds the counts of a scan of the hosts that follow this one's: first-met orders and samples
   * stay those of a single pass over both.
   */
  void merge(Scan later) {
    settle();
    later.settle();
    hosts += later.hosts;
    devices += later.devices;
    hostsWithNoncoherentIgpu += later.hostsWithNoncoherentIgpu;
    later.hostsByKind.forEach((k, n) -> hostsByKind.merge(k, n, Long::sum));
    mergeEntries(devicesByKind, later.devicesByKind);
    mergeEntries(vmsByKind, later.vmsByKind);
  }

  private static <P> void mergeEntries(Map<String, Map<P, Entry>> into,
      Map<String, Map<P, Entry>> from) {
    from.forEach((kind, entries) -> {
      Map<P, Entry> m = into.computeIfAbsent(kind, k -> new LinkedHashMap<>());
      entries.forEach((p, e) -> {
        Entry before = m.get(p);
        if (before == null) {
          m.put(p, e);
        } else {
          before.count += e.count;
        }
      });
    });
  }

  /**
   * Generated hosts are never built: the profile counter draws their random numbers and counts
   * devices per profile, in blocks of hosts on {@code threads} workers, merged in block order.
   */
  private static Scan generated(Population.Generated g, int threads, LongConsumer progress) {
    ProfileCounter counter = new ProfileCounter(g.generator());
    ProfileCounter.Counts total = counter.newCounts();
    long blocks = (g.hosts() + BLOCK - 1) / BLOCK;
    if (threads <= 1 || blocks <= 1) {
      // One block (the default 1,000 hosts) gains nothing from a pool but its start-up.
      for (long b = 0; b < blocks; b++) {
        counter.count(b * BLOCK, Math.min(g.hosts(), (b + 1) * BLOCK), total);
        progress.accept(total.hosts());
      }
      return from(counter, total);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "vfio-policy-scan");
      t.setDaemon(true);
      return t;
    });
    try {
      java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
      // A bounded window of blocks in flight keeps memory flat for any --hosts.
      int window = threads * 4;
      List<Future<ProfileCounter.Counts>> inFlight = new ArrayList<>();
      long next = 0;
      while (next < blocks || !inFlight.isEmpty()) {
        while (next < blocks && inFlight.size() < window) {
          long from = next * BLOCK;
          long to = Math.min(g.hosts(), from + BLOCK);
          inFlight.add(pool.submit(() -> {
            ProfileCounter.Counts part = counter.newCounts();
            counter.count(from, to, part);
            progress.accept(done.addAndGet(to - from));
            return part;
          }));
          next++;
        }
        total.merge(Tasks.await(inFlight.remove(0)));
      }
      return from(counter, total);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Scan from(ProfileCounter counter, ProfileCounter.Counts counts) {
    Scan s = new Scan();
    s.hosts = counts.hosts();
    s.hostsWithNoncoherentIgpu = counts.hostsWithNoncoherentIgpu();
    s.hostsByKind.putAll(counter.hostsByKind(counts));
    for (ProfileCounter.Tallied t : counter.profiles(counts)) {
      Entry e = new Entry(t.host(), t.device());
      e.count = t.devices();
      s.devicesByKind.computeIfAbsent(t.kind(), k -> new LinkedHashMap<>()).put(t.profile(), e);
      s.devices += t.devices();
    }
    for (ProfileCounter.TalliedVm t : counter.vms(counts)) {
      Entry e = new Entry(t.host(), t.name());
      e.count = t.count();
      s.vmsByKind.computeIfAbsent(t.kind(), k -> new LinkedHashMap<>()).put(t.vm(), e);
    }
    return s;
  }

  /**
   * Counts of hosts added since the last {@link #settle}, per kind: entries by a cheap key (a
   * device's profile packed in a long, see {@link #key}), in first-met order, with the profile
   * each stands for. A device met before then costs the lookup of a long, not a Profile made
   * and hashed field by field; the maps by profile are brought up to date when read.
   */
  private final Map<String, Pending> pending = new java.util.HashMap<>();

  private static final class Pending {
    final Map<Object, Entry> devices = new java.util.LinkedHashMap<>();
    final List<Profile> deviceProfiles = new ArrayList<>();
    final Map<Object, Entry> vms = new java.util.LinkedHashMap<>();
    final List<VmProfile> vmProfiles = new ArrayList<>();
  }

  void add(Host h) {
    hosts++;
    hostsByKind.merge(h.kind(), 1L, Long::sum);
    Pending p = pending.get(h.kind());
    if (p == null) {
      p = new Pending();
      pending.put(h.kind(), p);
      // The kind's place in the maps by kind: where its first host is, devices or not.
      devicesByKind.computeIfAbsent(h.kind(), k -> new LinkedHashMap<>());
      vmsByKind.computeIfAbsent(h.kind(), k -> new LinkedHashMap<>());
    }
    List<Device> ds = h.devices();
    Object[] keys = new Object[ds.size()];
    boolean igpu = false;
    for (int i = 0; i < keys.length; i++) {
      Device d = ds.get(i);
      devices++;
      igpu |= d.deviceClass() == DeviceClass.GPU_INTEGRATED
          && !d.iommu().enforceCacheCoherency() && !d.bus().emulatedIommu();
      long packed = key(h, d);
      Object key = packed >= 0 ? (Object) packed : Profile.of(h, d);
      keys[i] = key;
      Entry e = p.devices.get(key);
      if (e == null) {
        e = new Entry(h.name(), d.id());
        p.devices.put(key, e);
        p.deviceProfiles.add(key instanceof Profile pr ? pr : Profile.of(h, d));
      }
      e.count++;
    }
    if (igpu) {
      hostsWithNoncoherentIgpu++;
    }
    addVms(h, keys, p);
  }

  /**
   * The host's VMs ({@link Host#allVms}: the listed ones, then each assignable device in none),
   * met in the order of their names. A VM of one device is keyed like its device.
   */
  private static void addVms(Host h, Object[] deviceKeys, Pending p) {
    List<Vm> listed = h.vms();
    List<Device> ds = h.devices();
    int most = listed.size() + ds.size();
    String[] names = new String[most];
    Object[] keys = new Object[most];
    Vm[] vms = new Vm[most];
    Device[] singles = new Device[most];
    int n = 0;
    for (Vm vm : listed) {
      names[n] = vm.name();
      vms[n] = vm;
      keys[n] = vmKey(h, vm);
      n++;
    }
    for (int i = 0; i < deviceKeys.length; i++) {
      Device d = ds.get(i);
      if (d.deviceClass().assignable() && !inListedVm(d, listed)) {
        names[n] = d.id();
        singles[n] = d;
        keys[n] = deviceKeys[i] instanceof Profile pr ? VmProfile.single(pr) : deviceKeys[i];
        n++;
      }
    }
    int[] order = byName(names, n);
    for (int j = 0; j < n; j++) {
      int i = order[j];
      Entry e = p.vms.get(keys[i]);
      if (e == null) {
        e = new Entry(h.name(), names[i]);
        p.vms.put(keys[i], e);
        p.vmProfiles.add(keys[i] instanceof VmProfile v ? v
            : vms[i] != null ? VmProfile.of(h, vms[i])
            : VmProfile.single(Profile.of(h, singles[i])));
      }
      e.count++;
    }
  }

  /** Indexes of names[0, n) in name order, stably (as List.sort orders VMs). */
  private static int[] byName(String[] names, int n) {
    if (n > 32) {
      return java.util.stream.IntStream.range(0, n).boxed()
          .sorted(java.util.Comparator.comparing(i -> names[i])).mapToInt(i -> i).toArray();
    }
    // A host has a few VMs: an insertion sort, no boxes.
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      int j = i;
      while (j > 0 && names[order[j - 1]].compareTo(names[i]) > 0) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = i;
    }
    return order;
  }

  /**
   * A listed VM's key: for one device, its device's packed profile; for several, their packed
   * profiles sorted (a VM profile is its members' profiles in any order); else its VM profile.
   */
  private static Object vmKey(Host h, Vm vm) {
    List<Device> members = vm.devices();
    long[] packed = new long[members.size()];
    for (int i = 0; i < packed.length; i++) {
      packed[i] = key(h, members.get(i));
      if (packed[i] < 0) {
        return VmProfile.of(h, vm);
      }
    }
    if (packed.length == 1) {
      return packed[0];
    }
    java.util.Arrays.sort(packed);
    return new PackedVm(packed);
  }

  /** The packed profiles of a VM of several devices, sorted. */
  private record PackedVm(long[] members) {
    @Override
    public boolean equals(Object o) {
      return o instanceof PackedVm p && java.util.Arrays.equals(members, p.members);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(members);
    }
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

  /** Moves the counts of hosts added since the last call into the maps by profile. */
  private void settle() {
    if (pending.isEmpty()) {
      return;
    }
    pending.forEach((kind, p) -> {
      settle(p.devices, p.deviceProfiles, devicesByKind.get(kind));
      settle(p.vms, p.vmProfiles, vmsByKind.get(kind));
    });
    pending.clear();
  }

  private static <P> void settle(Map<Object, Entry> byKey, List<P> profiles, Map<P, Entry> into) {
    int i = 0;
    for (Entry e : byKey.values()) {
      Entry before = into.putIfAbsent(profiles.get(i++), e);
      if (before != null) {
        before.count += e.count;
      }
    }
  }

  private static final int BUSES = dev.vfiopolicy.model.Bus.values().length;
  private static final int CLASSES = DeviceClass.values().length;
  private static final int TYPES = dev.vfiopolicy.model.IommuType.values().length;

  /**
   * The device's {@link Profile} as a long, one to one with it: every field but the vendor is
   * an enum or a flag, and the vendor is four lower-case hex digits (what the readers make);
   * -1 for any other vendor, whose devices go by their Profile.
   */
  static long key(Host h, Device d) {
    int vendor = hex4(d.vendor());
    if (vendor < 0) {
      return -1;
    }
    dev.vfiopolicy.model.IommuUnit u = d.iommu();
    long k = h.arch().ordinal();
    k = k * BUSES + d.bus().ordinal();
    k = k * CLASSES + d.deviceClass().ordinal();
    k = k * TYPES + u.type().ordinal();
    k = k << 1 | (d.noSnoop() ? 1 : 0);
    k = k << 1 | (d.nosnoopEnabled() ? 1 : 0);
    k = k << 1 | (d.vfToken() ? 1 : 0);
    k = k << 1 | (u.cacheCoherency() ? 1 : 0);
    k = k << 1 | (u.enforceCacheCoherency() ? 1 : 0);
    k = k << 1 | (u.scalableMode() ? 1 : 0);
    k = k << 1 | (u.nesting() ? 1 : 0);
    k = k << 1 | (u.dirtyTracking() ? 1 : 0);
    k = k << 1 | (Profile.hostVtdSnoop(h.iommus(), u) ? 1 : 0);
    return k << 16 | vendor;
  }

  /** Four lower-case hex digits as a number, else -1. */
  private static int hex4(String s) {
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

  /** Hosts with a physical integrated GPU behind a unit that cannot enforce coherency. */
  public long hostsWithNoncoherentIgpu() {
    return hostsWithNoncoherentIgpu;
  }

  public long hosts() {
    return hosts;
  }

  public long devices() {
    return devices;
  }

  /** Hosts per kind, in the order kinds were met (generated: preset order). */
  public Map<String, Long> hostsByKind() {
    return hostsByKind;
  }

  /** Device profiles per kind. */
  public Map<String, Map<Profile, Entry>> devicesByKind() {
    settle();
    return devicesByKind;
  }

  /** VM profiles per kind, VMs of one device included. */
  public Map<String, Map<VmProfile, Entry>> vmsByKind() {
    settle();
    return vmsByKind;
  }

  /** Device profiles over every kind, each with its total and the first sample met. */
  public Map<Profile, Entry> profiles() {
    settle();
    Map<Profile, Entry> out = new LinkedHashMap<>();
    for (Map<Profile, Entry> m : devicesByKind.values()) {
      m.forEach((p, e) -> out.computeIfAbsent(p, x -> new Entry(e.host, e.device)).count
          += e.count);
    }
    return out;
  }
}
