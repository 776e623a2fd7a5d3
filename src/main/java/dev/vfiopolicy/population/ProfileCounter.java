package dev.vfiopolicy.population;

import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.IommuUnit;
import dev.vfiopolicy.model.Profile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's fast path: counts devices per profile for a range of hosts by drawing exactly the
 * random numbers {@link Generator#host} draws, without building hosts, devices or strings. Every
 * device a template can make is one of a few "combos" (kind, template, vendor, no-snoop), each
 * with its profile computed once; a host costs its draws and some counter increments.
 *
 * <p>GeneratorProfilesTest checks that the counts equal those of the full generator.
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
  /** For following templates: how many devices of the followed one (root of a chain). */
  private final List<Profile> profiles = new ArrayList<>();
  private final List<Boolean> noncoherentIgpu = new ArrayList<>();


  public ProfileCounter(Generator g) {
    this.g = g;
    this.kinds = g.kinds();
    this.cumulative = g.cumulative();
    this.base = new int[kinds.size()][];
    this.vendorShares = new double[kinds.size()][][];
    for (int k = 0; k < kinds.size(); k++) {
      Preset.Kind kind = kinds.get(k);
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
          }
        }
      }
    }
    igpu = new boolean[noncoherentIgpu.size()];
    for (int i = 0; i < igpu.length; i++) {
      igpu[i] = noncoherentIgpu.get(i);
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
    long hosts;
    long hostsWithNoncoherentIgpu;

    Counts(int combos) {
      devices = new long[combos];
      firstHost = new long[combos];
      java.util.Arrays.fill(firstHost, Long.MAX_VALUE);
    }

    public void merge(Counts later) {
      hosts += later.hosts;
      hostsWithNoncoherentIgpu += later.hostsWithNoncoherentIgpu;
      for (int i = 0; i < devices.length; i++) {
        devices[i] += later.devices[i];
        firstHost[i] = Math.min(firstHost[i], later.firstHost[i]);
      }
    }

    public long hosts() {
      return hosts;
    }

    public long hostsWithNoncoherentIgpu() {
      return hostsWithNoncoherentIgpu;
    }
  }

  public Counts newCounts() {
    return new Counts(profiles.size());
  }

  /** Hosts {@code from} (inclusive) to {@code to} (exclusive), added to {@code c}. */
  public void count(long from, long to, Counts c) {
    SplitMix rng = new SplitMix();
    int[] previousVendors = new int[64];
    int[] vendors = new int[64];
    for (long i = from; i < to; i++) {
      long hostSeed = Generator.mix(g.seed(), i);
      int k = Generator.pick(cumulative, rng.reset(hostSeed).nextDouble());
      Preset.Kind kind = kinds.get(k);
      boolean hasIgpu = false;
      int previous = 0;
      for (int j = 0; j < kind.devices().size(); j++) {
        Preset.Template t = kind.devices().get(j);
        SplitMix r = rng.reset(Generator.mix(hostSeed, j));
        int count = 0;
        if (t.follows()) {
          count = previous;
        } else if (r.nextDouble() < t.probability()) {
          count = t.minCount() + r.nextInt(t.maxCount() - t.minCount() + 1);
        }
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
        }
        int[] swap = previousVendors;
        previousVendors = vendors;
        vendors = swap;
        previous = count;
      }
      c.hosts++;
      if (hasIgpu) {
        c.hostsWithNoncoherentIgpu++;
      }
    }
  }

  /** A profile's device count and the first device that has it. */
  public record Tallied(Profile profile, long devices, String host, String device) {}

  /**
   * Device counts per profile, in the order a sequential pass meets them (by first host, then
   * by position in the host); each with its first device, found by generating that host.
   */
  public List<Tallied> profiles(Counts c) {
    Map<Profile, long[]> byProfile = new LinkedHashMap<>();
    for (int i = 0; i < profiles.size(); i++) {
      if (c.devices[i] == 0) {
        continue;
      }
      long[] acc = byProfile.computeIfAbsent(profiles.get(i),
          p -> new long[] {0, Long.MAX_VALUE});
      acc[0] += c.devices[i];
      acc[1] = Math.min(acc[1], c.firstHost[i]);
    }
    record Sample(Tallied tallied, long host, int position) {}
    List<Sample> samples = new ArrayList<>();
    Map<Long, Host> hosts = new HashMap<>();
    for (Map.Entry<Profile, long[]> e : byProfile.entrySet()) {
      long index = e.getValue()[1];
      Host h = hosts.computeIfAbsent(index, g::host);
      int position = 0;
      while (!Profile.of(h, h.devices().get(position)).equals(e.getKey())) {
        position++;
      }
      samples.add(new Sample(new Tallied(e.getKey(), e.getValue()[0], h.name(),
          h.devices().get(position).id()), index, position));
    }
    samples.sort(java.util.Comparator.comparingLong(Sample::host)
        .thenComparingInt(Sample::position));
    return samples.stream().map(Sample::tallied).toList();
  }
}
