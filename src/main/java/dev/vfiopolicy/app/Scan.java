package dev.vfiopolicy.app;

import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.Profile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One pass over a population: hosts and devices counted, devices reduced to profiles with their
 * counts and the first device seen with each profile (a sample that {@code explain} can show).
 */
public final class Scan {
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
    Scan s = new Scan();
    population.forEachHost(s::add);
    return s;
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
