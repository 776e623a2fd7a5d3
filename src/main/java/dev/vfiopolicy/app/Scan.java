package dev.vfiopolicy.app;

import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.Profile;
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
 * One pass over a population: hosts and devices counted, devices reduced to profiles with their
 * counts and the first device seen with each profile (a sample that {@code explain} can show).
 * Memory holds one entry per distinct profile, whatever the number of hosts.
 *
 * <p>Generated populations are drawn in blocks of hosts on several threads; blocks are merged in
 * block order, so counts and samples are the same for any thread count.
 */
public final class Scan {
  static final int BLOCK = 4096;

  long hosts;
  long devices;
  long hostsWithNoncoherentIgpu;
  final Map<Profile, Entry> profiles = new LinkedHashMap<>();

  /** A profile's device count and its first device. */
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

    public String device() {
      return device;
    }
  }

  public static Scan of(Population population) {
    return of(population, 1, done -> {});
  }

  /** {@code progress} receives the number of hosts done so far, from any thread. */
  public static Scan of(Population population, int threads, LongConsumer progress) {
    if (population instanceof Population.Generated g && threads > 1) {
      return parallel(g, threads, progress);
    }
    Scan s = new Scan();
    population.forEachHost(h -> {
      s.add(h);
      if (s.hosts % BLOCK == 0) {
        progress.accept(s.hosts);
      }
    });
    progress.accept(s.hosts);
    return s;
  }

  private static Scan parallel(Population.Generated g, int threads, LongConsumer progress) {
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "vfio-policy-scan");
      t.setDaemon(true);
      return t;
    });
    try {
      Scan total = new Scan();
      long blocks = (g.hosts() + BLOCK - 1) / BLOCK;
      java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
      // A bounded window of blocks in flight keeps memory flat for any --hosts.
      int window = threads * 4;
      List<Future<Scan>> inFlight = new ArrayList<>();
      long next = 0;
      while (next < blocks || !inFlight.isEmpty()) {
        while (next < blocks && inFlight.size() < window) {
          long from = next * BLOCK;
          long to = Math.min(g.hosts(), from + BLOCK);
          inFlight.add(pool.submit(() -> {
            Scan part = new Scan();
            for (long i = from; i < to; i++) {
              part.add(g.generator().host(i));
            }
            progress.accept(done.addAndGet(to - from));
            return part;
          }));
          next++;
        }
        total.merge(inFlight.remove(0).get());
      }
      return total;
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

  /** Adds a later part: counts add up, samples stay those seen first. */
  void merge(Scan later) {
    hosts += later.hosts;
    devices += later.devices;
    hostsWithNoncoherentIgpu += later.hostsWithNoncoherentIgpu;
    for (Map.Entry<Profile, Entry> e : later.profiles.entrySet()) {
      Entry mine = profiles.get(e.getKey());
      if (mine == null) {
        profiles.put(e.getKey(), e.getValue());
      } else {
        mine.count += e.getValue().count;
      }
    }
  }

  void add(Host h) {
    hosts++;
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

  public Map<Profile, Entry> profiles() {
    return profiles;
  }
}
