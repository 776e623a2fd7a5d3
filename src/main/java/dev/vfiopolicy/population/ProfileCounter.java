package dev.vfiopolicy.population;

import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.IommuUnit;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.model.Vm;
import dev.vfiopolicy.model.VmProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's fast path: counts devices per profile, and VMs per VM profile, for a range of
 * hosts by drawing exactly the random numbers {@link Generator#host} draws, without building
 * hosts, devices or strings. Every device a template can make is one of a few "combos" (kind,
 * template, vendor, no-snoop), each with its profile computed once; a host costs its draws and
 * some counter increments. A VM of several devices is its members' combos packed in one long.
 *
 * <p>ProfileCounterTest checks that the counts equal those of the full generator.
 */
public final class ProfileCounter {
  private final Generator g;
  private final List<Preset.Kind> kinds;
  private final double[] cumulative;
  /** First combo of each (kind, template); a device's combo adds vendor * 2 + noSnoop. */
  private final int[][] base;
  /** Cumulative vendor shares of each (kind, template), computed once. */
  private final double[][][] vendorShares;
  /** Whether each combo is an integrated GPU behind a unit that cannot enforce coherency. */
  private final boolean[] igpu;
  /** Whether each combo is assignable (a bridge is in no VM). */
  private final boolean[] assignable;
  /** The flattened kind each combo belongs to. */
  private final int[] comboKind;
  private final List<Profile> profiles = new ArrayList<>();
  private final int maxTemplates;

  public ProfileCounter(Generator g) {
    this.g = g;
    this.kinds = g.kinds();
    this.cumulative = g.cumulative();
    this.base = new int[kinds.size()][];
    this.vendorShares = new double[kinds.size()][][];
    List<Boolean> noncoherentIgpu = new ArrayList<>();
    List<Integer> kindOf = new ArrayList<>();
    int most = 0;
    for (int k = 0; k < kinds.size(); k++) {
      Preset.Kind kind = kinds.get(k);
      most = Math.max(most, kind.devices().size());
      Map<String, IommuUnit> units = new HashMap<>();
      kind.iommus().forEach(u -> units.put(u.name(), u));
      base[k] = new int[kind.devices().size()];
      vendorShares[k] = new double[kind.devices().size()][];
      for (int j = 0; j < kind.devices().size(); j++) {
        Preset.Template t = kind.devices().get(j);
        List<Preset.Weighted> vendors = rootVendors(kind, j);
        IommuUnit u = "none".equals(t.iommu()) ? IommuUnit.NONE : units.get(t.iommu());
        base[k][j] = profiles.size();
        vendorShares[k][j] = Generator.cumulative(t.vendors());
        for (Preset.Weighted v : vendors) {
          for (boolean ns : new boolean[] {false, true}) {
            profiles.add(new Profile(kind.arch(), t.bus(), t.deviceClass(), v.id(), ns, false,
                false, u.type(), u.cacheCoherency(), u.enforceCacheCoherency(),
                u.scalableMode(), u.nesting(), u.dirtyTracking(),
                Profile.hostVtdSnoop(kind.iommus(), u)));
            noncoherentIgpu.add(t.deviceClass() == DeviceClass.GPU_INTEGRATED
                && !u.enforceCacheCoherency() && !t.bus().emulatedIommu());
            kindOf.add(k);
          }
        }
      }
    }
    if (profiles.size() >= 0xffff) {
      throw new IllegalStateException("too many device combos to pack a VM in a long: "
          + profiles.size());
    }
    maxTemplates = most;
    igpu = new boolean[profiles.size()];
    assignable = new boolean[profiles.size()];
    comboKind = new int[profiles.size()];
    for (int i = 0; i < igpu.length; i++) {
      igpu[i] = noncoherentIgpu.get(i);
      assignable[i] = profiles.get(i).deviceClass().assignable();
      comboKind[i] = kindOf.get(i);
    }
  }

  /** The vendor list a template's devices draw from: a follower's comes from its root. */
  private static List<Preset.Weighted> rootVendors(Preset.Kind kind, int j) {
    while (kind.devices().get(j).follows()) {
      j--;
    }
    return kind.devices().get(j).vendors();
  }

  /** Counts for a block of hosts; merged in block order they give the same totals. */
  public static final class Counts {
    final long[] devices;
    final long[] firstHost;
    /** Assignable devices in no VM of several devices: each a VM of its own. */
    final long[] singles;
    final long[] firstSingle;
    /** VMs of several devices by their packed combos: {count, first host}. */
    final Map<Long, long[]> vms = new HashMap<>();
    /** Hosts per flattened kind. */
    final long[] kindHosts;
    long hosts;
    long hostsWithNoncoherentIgpu;

    Counts(int combos, int kinds) {
      kindHosts = new long[kinds];
      devices = new long[combos];
      firstHost = new long[combos];
      singles = new long[combos];
      firstSingle = new long[combos];
      Arrays.fill(firstHost, Long.MAX_VALUE);
      Arrays.fill(firstSingle, Long.MAX_VALUE);
    }

    public void merge(Counts later) {
      hosts += later.hosts;
      hostsWithNoncoherentIgpu += later.hostsWithNoncoherentIgpu;
      for (int i = 0; i < kindHosts.length; i++) {
        kindHosts[i] += later.kindHosts[i];
      }
      for (int i = 0; i < devices.length; i++) {
        devices[i] += later.devices[i];
        firstHost[i] = Math.min(firstHost[i], later.firstHost[i]);
        singles[i] += later.singles[i];
        firstSingle[i] = Math.min(firstSingle[i], later.firstSingle[i]);
      }
      later.vms.forEach((key, v) -> vms.merge(key, v.clone(),
          (a, b) -> new long[] {a[0] + b[0], Math.min(a[1], b[1])}));
    }

    public long hosts() {
      return hosts;
    }

    public long hostsWithNoncoherentIgpu() {
      return hostsWithNoncoherentIgpu;
    }
  }

  public Counts newCounts() {
    return new Counts(profiles.size(), kinds.size());
  }

  /** Hosts {@code from} (inclusive) to {@code to} (exclusive), added to {@code c}. */
  public void count(long from, long to, Counts c) {
    SplitMix rng = new SplitMix();
    int[] previousVendors = new int[64];
    int[] vendors = new int[64];
    int[] firstCombo = new int[maxTemplates];
    boolean[] firstInVm = new boolean[maxTemplates];
    int[] hostCombos = new int[maxTemplates * 64];
    int[] hostTemplate = new int[maxTemplates * 64];
    int[] members = new int[PresetLoader.MAX_VM_DEVICES];
    for (long i = from; i < to; i++) {
      long hostSeed = Generator.mix(g.seed(), i);
      int k = Generator.pick(cumulative, rng.reset(hostSeed).nextDouble());
      Preset.Kind kind = kinds.get(k);
      boolean hasIgpu = false;
      int previous = 0;
      int made = 0;
      for (int j = 0; j < kind.devices().size(); j++) {
        Preset.Template t = kind.devices().get(j);
        SplitMix r = rng.reset(Generator.mix(hostSeed, j));
        int count = 0;
        if (t.follows()) {
          count = previous;
        } else if (r.nextDouble() < t.probability()) {
          count = t.minCount() + r.nextInt(t.maxCount() - t.minCount() + 1);
        }
        firstCombo[j] = -1;
        firstInVm[j] = false;
        for (int n = 0; n < count; n++) {
          int vendor = t.follows()
              ? previousVendors[n]
              : Generator.pick(vendorShares[k][j], r.nextDouble());
          boolean noSnoop = r.nextDouble() < t.noSnoop();
          int combo = base[k][j] + vendor * 2 + (noSnoop ? 1 : 0);
          c.devices[combo]++;
          if (c.firstHost[combo] == Long.MAX_VALUE) {
            c.firstHost[combo] = i;
          }
          hasIgpu |= igpu[combo];
          vendors[n] = vendor;
          if (n == 0) {
            firstCombo[j] = combo;
          }
          hostCombos[made] = combo;
          hostTemplate[made] = n == 0 ? j : -1;
          made++;
        }
        int[] swap = previousVendors;
        previousVendors = vendors;
        vendors = swap;
        previous = count;
      }
      for (int v = 0; v < kind.vms().size(); v++) {
        Preset.VmTemplate vt = kind.vms().get(v);
        if (rng.reset(Generator.vmStream(hostSeed, v)).nextDouble() >= vt.probability()) {
          continue;
        }
        int size = vt.templates().size();
        boolean all = true;
        for (int m = 0; m < size; m++) {
          members[m] = firstCombo[vt.templates().get(m)];
          all &= members[m] >= 0;
        }
        if (!all) {
          continue;
        }
        for (int m = 0; m < size; m++) {
          firstInVm[vt.templates().get(m)] = true;
        }
        long key = pack(members, size);
        long[] acc = c.vms.get(key);
        if (acc == null) {
          c.vms.put(key, new long[] {1, i});
        } else {
          acc[0]++;
        }
      }
      for (int d = 0; d < made; d++) {
        int combo = hostCombos[d];
        if (assignable[combo] && !(hostTemplate[d] >= 0 && firstInVm[hostTemplate[d]])) {
          c.singles[combo]++;
          if (c.firstSingle[combo] == Long.MAX_VALUE) {
            c.firstSingle[combo] = i;
          }
        }
      }
      c.hosts++;
      c.kindHosts[k]++;
      if (hasIgpu) {
        c.hostsWithNoncoherentIgpu++;
      }
    }
  }

  /** The combos of a VM, sorted, one plus each in 16 bits: the key is the same in any order. */
  private static long pack(int[] combos, int size) {
    int[] sorted = Arrays.copyOf(combos, size);
    Arrays.sort(sorted);
    long key = 0;
    for (int combo : sorted) {
      key = (key << 16) | (combo + 1);
    }
    return key;
  }

  private List<Profile> unpack(long key) {
    List<Profile> out = new ArrayList<>();
    for (long rest = key; rest != 0; rest >>>= 16) {
      out.add(profiles.get((int) (rest & 0xffff) - 1));
    }
    return out;
  }

  private int kindOfKey(long key) {
    return comboKind[(int) (key & 0xffff) - 1];
  }

  /** A profile's device count and the first device that has it, on hosts of one kind. */
  public record Tallied(String kind, Profile profile, long devices, String host, String device) {}

  /** A VM profile's count and the first VM that has it, on hosts of one kind. */
  public record TalliedVm(String kind, VmProfile vm, long count, String host, String name) {}

  /**
   * A kind and a profile (or a VM profile), as a map key. equals and hashCode are written out:
   * a record's generated ones are linked on first use (see Profile).
   */
  private record KindKey<P>(String kind, P value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof KindKey<?> k && kind.equals(k.kind) && value.equals(k.value);
    }

    @Override
    public int hashCode() {
      return 31 * kind.hashCode() + value.hashCode();
    }
  }

  /**
   * Device counts per (kind, profile), in the order a sequential pass meets them (by first
   * host, then by position in the host); each with its first device, found by generating that
   * host.
   */
  public List<Tallied> profiles(Counts c) {

    Map<KindKey<Profile>, long[]> byProfile = new LinkedHashMap<>();
    for (int i = 0; i < profiles.size(); i++) {
      if (c.devices[i] == 0) {
        continue;
      }
      long[] acc = byProfile.computeIfAbsent(new KindKey<>(kindName(i), profiles.get(i)),
          p -> new long[] {0, Long.MAX_VALUE});
      acc[0] += c.devices[i];
      acc[1] = Math.min(acc[1], c.firstHost[i]);
    }
    record Sample(Tallied tallied, long host, int position) {}
    List<Sample> samples = new ArrayList<>();
    Map<Long, Host> hosts = new HashMap<>();
    for (Map.Entry<KindKey<Profile>, long[]> e : byProfile.entrySet()) {
      long index = e.getValue()[1];
      Host h = hosts.computeIfAbsent(index, g::host);
      int position = 0;
      while (!Profile.of(h, h.devices().get(position)).equals(e.getKey().value())) {
        position++;
      }
      samples.add(new Sample(new Tallied(e.getKey().kind(), e.getKey().value(),
          e.getValue()[0], h.name(), h.devices().get(position).id()), index, position));
    }
    // Written out, not Comparator.comparingLong(...).thenComparing...: see VmProfile.ORDER.
    samples.sort((a, b) -> a.host() != b.host() ? Long.compare(a.host(), b.host())
        : Integer.compare(a.position(), b.position()));
    List<Tallied> out = new ArrayList<>(samples.size());
    for (Sample x : samples) {
      out.add(x.tallied());
    }
    return List.copyOf(out);
  }

  /**
   * VM counts per (kind, VM profile), VMs of one device included, ordered by first host and
   * then VM name; each with its first VM, found by generating that host.
   */
  public List<TalliedVm> vms(Counts c) {

    Map<KindKey<VmProfile>, long[]> byVm = new LinkedHashMap<>();
    List<Long> keys = new ArrayList<>(c.vms.keySet());
    java.util.Collections.sort(keys);
    for (Long key : keys) {
      long[] v = c.vms.get(key);
      long[] acc = byVm.computeIfAbsent(
          new KindKey<>(g.kindPresets().get(kindOfKey(key)), new VmProfile(unpack(key))),
          x -> new long[] {0, Long.MAX_VALUE});
      acc[0] += v[0];
      acc[1] = Math.min(acc[1], v[1]);
    }
    for (int i = 0; i < profiles.size(); i++) {
      if (c.singles[i] == 0) {
        continue;
      }
      long[] acc = byVm.computeIfAbsent(
          new KindKey<>(kindName(i), VmProfile.single(profiles.get(i))),
          x -> new long[] {0, Long.MAX_VALUE});
      acc[0] += c.singles[i];
      acc[1] = Math.min(acc[1], c.firstSingle[i]);
    }
    record Sample(TalliedVm tallied, long host) {}
    List<Sample> out = new ArrayList<>();
    Map<Long, Host> hosts = new HashMap<>();
    for (Map.Entry<KindKey<VmProfile>, long[]> e : byVm.entrySet()) {
      long index = e.getValue()[1];
      Host h = hosts.computeIfAbsent(index, g::host);
      String name = null;
      for (Vm vm : h.allVms()) {
        // The size first: most of the host's VMs are told apart without making their profile.
        if (vm.devices().size() == e.getKey().value().members().size()
            && VmProfile.of(h, vm).equals(e.getKey().value())
            && (name == null || vm.name().compareTo(name) < 0)) {
          name = vm.name();
        }
      }
      out.add(new Sample(new TalliedVm(e.getKey().kind(), e.getKey().value(), e.getValue()[0],
          h.name(), name), index));
    }
    out.sort((a, b) -> a.host() != b.host() ? Long.compare(a.host(), b.host())
        : a.tallied().name().compareTo(b.tallied().name()));
    List<TalliedVm> list = new ArrayList<>(out.size());
    for (Sample x : out) {
      list.add(x.tallied());
    }
    return List.copyOf(list);
  }

  /** Hosts per kind (preset id), in preset order. */
  public Map<String, Long> hostsByKind(Counts c) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int k = 0; k < kinds.size(); k++) {
      if (c.kindHosts[k] > 0) {
        out.merge(g.kindPresets().get(k), c.kindHosts[k], Long::sum);
      }
    }
    return out;
  }

  private String kindName(int combo) {
    return g.kindPresets().get(comboKind[combo]);
  }
}
