package dev.vfiopolicy.app;

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
import java.util.concurrent.ExecutionException;
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
    return s;
  }

  /**
   * Adds the counts of a scan of the hosts that follow this one's: first-met orders and samples
   * stay those of a single pass over both.
   */
  void merge(Scan later) {
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
    if (threads <= 1) {
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
        total.merge(inFlight.remove(0).get());
      }
      return from(counter, total);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
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

  void add(Host h) {
    hosts++;
    hostsByKind.merge(h.kind(), 1L, Long::sum);
    Map<Profile, Entry> profiles = devicesByKind.computeIfAbsent(h.kind(),
        k -> new LinkedHashMap<>());
    boolean igpu = false;
    for (Device d : h.devices()) {
      devices++;
      igpu |= d.deviceClass() == DeviceClass.GPU_INTEGRATED
          && !d.iommu().enforceCacheCoherency() && !d.bus().emulatedIommu();
      profiles.computeIfAbsent(Profile.of(h, d), p -> new Entry(h.name(), d.id())).count++;
    }
    if (igpu) {
      hostsWithNoncoherentIgpu++;
    }
    List<Vm> vms = new ArrayList<>(h.allVms());
    vms.sort(java.util.Comparator.comparing(Vm::name));
    Map<VmProfile, Entry> byVm = vmsByKind.computeIfAbsent(h.kind(), k -> new LinkedHashMap<>());
    for (Vm vm : vms) {
      byVm.computeIfAbsent(VmProfile.of(h, vm), p -> new Entry(h.name(), vm.name())).count++;
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
    return hostsByKind;
  }

  /** Device profiles per kind. */
  public Map<String, Map<Profile, Entry>> devicesByKind() {
    return devicesByKind;
  }

  /** VM profiles per kind, VMs of one device included. */
  public Map<String, Map<VmProfile, Entry>> vmsByKind() {
    return vmsByKind;
  }

  /** Device profiles over every kind, each with its total and the first sample met. */
  public Map<Profile, Entry> profiles() {
    Map<Profile, Entry> out = new LinkedHashMap<>();
    for (Map<Profile, Entry> m : devicesByKind.values()) {
      m.forEach((p, e) -> out.computeIfAbsent(p, x -> new Entry(e.host, e.device)).count
          += e.count);
    }
    return out;
  }
}
