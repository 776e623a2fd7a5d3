package dev.vfiopolicy.app;

import dev.vfiopolicy.Tasks;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.model.VmProfile;
import dev.vfiopolicy.population.HostCounter;
import dev.vfiopolicy.population.HostKeys;
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
public final class Scan implements HostCounter {
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
    // Blocks of hosts are counted where they are parsed (on several threads for JSON Lines and
    // CSV) and merged in file order: the same counts, samples and orders as a host-by-host pass.
    population.countBlocks(Scan::new, part -> {
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
    return s;
  }

  /**
   * Adds the counts of a scan of the hosts that follow this one's: first-met orders and samples
   * stay those of a single pass over both. Counts not yet read are merged by packed key, so a
   * block costs a lookup per distinct profile, not a Profile made and hashed.
   */
  void merge(Scan later) {
    hosts += later.hosts;
    devices += later.devices;
    hostsWithNoncoherentIgpu += later.hostsWithNoncoherentIgpu;
    later.hostsByKind.forEach((k, n) -> hostsByKind.merge(k, n, Long::sum));
    if (later.devicesByKind.values().stream().allMatch(Map::isEmpty)) {
      // (Its hosts by kind are in its pending tables, and merged with them.)
      later.pending.forEach((kind, from) -> pending(kind).merge(from, k -> own(later, k)));
      return;
    }
    // The later scan was read already: its counts are by profile.
    settle();
    later.settle();
    mergeEntries(devicesByKind, later.devicesByKind);
    mergeEntries(vmsByKind, later.vmsByKind);
  }

  /** This scan's key for a key of {@code from}: the same, or for a profile that does not pack, ours. */
  private long own(Scan from, long key) {
    return key >= 0 || from == this ? key : unpackedKey(from.unpacked.get((int) (-1 - key)));
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
   * Counts of hosts added since the last {@link #settle}, per kind: entries by packed key (a
   * device's profile in a long, see {@link HostKeys}), in first-met order. A device met before
   * costs the lookup of a long, not a Profile made and hashed field by field; the maps by
   * profile are brought up to date when read.
   */
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private String lastKind;
  private Pending lastPending;
  /** Profiles that do not pack (a vendor not four lower-case hex digits), by their key -1 - i. */
  private final List<Profile> unpacked = new ArrayList<>();
  private final Map<Profile, Long> unpackedKeys = new java.util.HashMap<>();
  private final HostKeys scratch = new HostKeys();

  /** Hosts of one kind, and their entries by key in first-met order. */
  private static final class Pending {
    long hosts;
    final LongIndex devices = new LongIndex();
    final List<Entry> deviceEntries = new ArrayList<>();
    final LongList deviceKeys = new LongList();
    /** VMs of one device, keyed as their device; VMs of several, by their sorted keys. */
    final LongIndex singleVms = new LongIndex();
    final Map<PackedVm, Integer> multiVms = new java.util.HashMap<>();
    final List<Entry> vmEntries = new ArrayList<>();
    /** Each VM entry's key: its device's (one device; else 0), or its members' (else null). */
    final LongList vmSingles = new LongList();
    final List<PackedVm> vmMultis = new ArrayList<>();

    void newDevice(long key, Entry e) {
      devices.put(key, deviceEntries.size());
      deviceEntries.add(e);
      deviceKeys.add(key);
    }

    int vm(long single, PackedVm multi) {
      if (multi == null) {
        return singleVms.get(single);
      }
      Integer at = multiVms.get(multi);
      return at == null ? -1 : at;
    }

    void newVm(long single, PackedVm multi, Entry e) {
      if (multi == null) {
        singleVms.put(single, vmEntries.size());
      } else {
        multiVms.put(multi, vmEntries.size());
      }
      vmEntries.add(e);
      vmSingles.add(single);
      vmMultis.add(multi);
    }

    /** Adds a later block's entries, its keys made ours by {@code own}. */
    void merge(Pending from, java.util.function.LongUnaryOperator own) {
      hosts += from.hosts;
      for (int i = 0; i < from.deviceEntries.size(); i++) {
        long key = own.applyAsLong(from.deviceKeys.get(i));
        Entry e = from.deviceEntries.get(i);
        int at = devices.get(key);
        if (at < 0) {
          newDevice(key, e);
        } else {
          deviceEntries.get(at).count += e.count;
        }
      }
      for (int i = 0; i < from.vmEntries.size(); i++) {
        PackedVm multi = from.vmMultis.get(i);
        long single = 0;
        if (multi == null) {
          single = own.applyAsLong(from.vmSingles.get(i));
        } else {
          multi = multi.map(own);
        }
        Entry e = from.vmEntries.get(i);
        int at = vm(single, multi);
        if (at < 0) {
          newVm(single, multi, e);
        } else {
          vmEntries.get(at).count += e.count;
        }
      }
    }
  }

  /** Counts {@code h}. */
  public void add(Host h) {
    add(scratch.set(h, this::unpackedKey));
  }

  private long unpackedKey(Profile p) {
    return unpackedKeys.computeIfAbsent(p, x -> {
      unpacked.add(x);
      return (long) -unpacked.size();
    });
  }

  private Profile profile(long key) {
    return key >= 0 ? HostKeys.profile(key) : unpacked.get((int) (-1 - key));
  }

  @Override
  public void add(HostKeys h) {
    hosts++;
    Pending p = pending(h.kind());
    p.hosts++;
    int n = h.devices();
    devices += n;
    for (int i = 0; i < n; i++) {
      long key = h.key(i);
      int at = p.devices.get(key);
      Entry e;
      if (at < 0) {
        e = new Entry(h.name(), h.id(i));
        p.newDevice(key, e);
      } else {
        e = p.deviceEntries.get(at);
      }
      e.count++;
    }
    if (h.noncoherentIgpu()) {
      hostsWithNoncoherentIgpu++;
    }
    addVms(h, p);
  }

  /**
   * The kind's pending tables: the last kind's again without a lookup when it is the same
   * String, as the JSON Lines reader makes it for hosts of one kind (JsonlHost keeps one String
   * per kind).
   */
  private Pending pending(String kind) {
    if (kind != lastKind) {
      lastPending = pending.get(kind);
      if (lastPending == null) {
        lastPending = newPending(kind);
      }
      lastKind = kind;
    }
    return lastPending;
  }

  private Pending newPending(String kind) {
    Pending p = new Pending();
    pending.put(kind, p);
    // The kind's place in the maps by kind: where its first host is, devices or not.
    hostsByKind.putIfAbsent(kind, 0L);
    devicesByKind.computeIfAbsent(kind, k -> new LinkedHashMap<>());
    vmsByKind.computeIfAbsent(kind, k -> new LinkedHashMap<>());
    return p;
  }

  // A host's VMs, reused: each VM's single key or packed members, where its name is (listed VM
  // v: v; device i's own VM: -1 - i), and entry position. Names are asked for only to order VMs
  // of a host that has one not met before: the reader keeps them as characters till then.
  private long[] vmSingle = new long[16];
  private PackedVm[] vmMulti = new PackedVm[16];
  private int[] vmFrom = new int[16];
  private int[] vmAt = new int[16];

  /**
   * The host's VMs ({@link Host#allVms}: the listed ones, then each assignable device in none),
   * met in the order of their names. A VM of one device is keyed like its device. When every
   * one was met before, the order changes nothing and is not computed.
   */
  private void addVms(HostKeys h, Pending p) {
    int most = h.vms() + h.devices();
    if (most > vmAt.length) {
      vmSingle = new long[most];
      vmMulti = new PackedVm[most];
      vmFrom = new int[most];
      vmAt = new int[most];
    }
    int n = 0;
    boolean allMet = true;
    for (int v = 0; v < h.vms(); v++) {
      int from = h.vmStart(v);
      int to = h.vmEnd(v);
      if (to - from == 1) {
        vmSingle[n] = h.member(from);
        vmMulti[n] = null;
      } else {
        long[] members = new long[to - from];
        for (int j = from; j < to; j++) {
          members[j - from] = h.member(j);
        }
        vmSingle[n] = 0;
        vmMulti[n] = PackedVm.of(members);
      }
      vmFrom[n] = v;
      allMet &= (vmAt[n] = p.vm(vmSingle[n], vmMulti[n])) >= 0;
      n++;
    }
    for (int i = 0; i < h.devices(); i++) {
      if (h.single(i)) {
        vmSingle[n] = h.key(i);
        vmMulti[n] = null;
        vmFrom[n] = -1 - i;
        allMet &= (vmAt[n] = p.vm(vmSingle[n], null)) >= 0;
        n++;
      }
    }
    if (allMet) {
      for (int j = 0; j < n; j++) {
        p.vmEntries.get(vmAt[j]).count++;
      }
    } else {
      addInNameOrder(h, p, n);
    }
    java.util.Arrays.fill(vmMulti, 0, n, null);
  }

  /**
   * The host's n VMs of {@link #addVms}, some met for the first time: in name order, so that
   * the first by name is the sample. Apart from addVms, which runs for every host, so that the
   * JIT compiles this rarer part on its own.
   */
  private void addInNameOrder(HostKeys h, Pending p, int n) {
    String[] vmName = new String[n];
    for (int j = 0; j < n; j++) {
      vmName[j] = vmFrom[j] >= 0 ? h.vmName(vmFrom[j]) : h.id(-1 - vmFrom[j]);
    }
    int[] order = byName(vmName, n);
    for (int j = 0; j < n; j++) {
      int i = order[j];
      int at = p.vm(vmSingle[i], vmMulti[i]);
      if (at < 0) {
        at = p.vmEntries.size();
        p.newVm(vmSingle[i], vmMulti[i], new Entry(h.name(), vmName[i]));
      }
      p.vmEntries.get(at).count++;
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

  /** The packed profiles of a VM of several devices, sorted. */
  private record PackedVm(long[] members) {
    static PackedVm of(long[] members) {
      java.util.Arrays.sort(members);
      return new PackedVm(members);
    }

    PackedVm map(java.util.function.LongUnaryOperator f) {
      long[] out = new long[members.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = f.applyAsLong(members[i]);
      }
      return of(out);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PackedVm p && java.util.Arrays.equals(members, p.members);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(members);
    }
  }

  /** Moves the counts of hosts added since the last call into the maps by profile. */
  private void settle() {
    if (pending.isEmpty()) {
      return;
    }
    pending.forEach((kind, p) -> {
      hostsByKind.merge(kind, p.hosts, Long::sum);
      Map<Profile, Entry> devicesInto = devicesByKind.get(kind);
      for (int i = 0; i < p.deviceEntries.size(); i++) {
        settle(devicesInto, profile(p.deviceKeys.get(i)), p.deviceEntries.get(i));
      }
      Map<VmProfile, Entry> vmsInto = vmsByKind.get(kind);
      for (int i = 0; i < p.vmEntries.size(); i++) {
        settle(vmsInto, vmProfile(p.vmSingles.get(i), p.vmMultis.get(i)), p.vmEntries.get(i));
      }
    });
    pending.clear();
    lastKind = null;
    lastPending = null;
  }

  private VmProfile vmProfile(long single, PackedVm multi) {
    if (multi == null) {
      return VmProfile.single(profile(single));
    }
    List<Profile> members = new ArrayList<>();
    for (long m : multi.members()) {
      members.add(profile(m));
    }
    return new VmProfile(members);
  }

  private static <P> void settle(Map<P, Entry> into, P profile, Entry e) {
    Entry before = into.putIfAbsent(profile, e);
    if (before != null) {
      before.count += e.count;
    }
  }

  /** Longs to int positions, open addressing: no box per lookup. */
  private static final class LongIndex {
    private long[] keys = new long[64];
    private int[] values = new int[64];
    private boolean[] used = new boolean[64];
    private int size;

    int get(long key) {
      int mask = keys.length - 1;
      for (int s = slot(key, mask); used[s]; s = (s + 1) & mask) {
        if (keys[s] == key) {
          return values[s];
        }
      }
      return -1;
    }

    /** Adds a key not in it yet. */
    void put(long key, int value) {
      if (2 * (size + 1) > keys.length) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        boolean[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        values = new int[keys.length];
        used = new boolean[keys.length];
        for (int i = 0; i < oldKeys.length; i++) {
          if (oldUsed[i]) {
            place(oldKeys[i], oldValues[i]);
          }
        }
      }
      place(key, value);
      size++;
    }

    private void place(long key, int value) {
      int mask = keys.length - 1;
      int s = slot(key, mask);
      while (used[s]) {
        s = (s + 1) & mask;
      }
      keys[s] = key;
      values[s] = value;
      used[s] = true;
    }

    private static int slot(long key, int mask) {
      long h = key * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 32)) & mask;
    }
  }

  /** A growing list of longs. */
  private static final class LongList {
    private long[] values = new long[64];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    long get(int i) {
      return values[i];
    }
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
    settle();
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
