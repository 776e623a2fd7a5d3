package dev.vfiopolicy.population;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.Profile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fast path counts exactly what the full generator makes, with the same samples. */
class ProfileCounterTest {
  @ParameterizedTest(name = "{0} seed {1}")
  @CsvSource({"mixed, 1", "mixed, 20210922", "desktop-intel, 5", "desktop-amd, 6",
      "arm-server, 7", "s390, 8", "server-intel, 9", "power, 10"})
  void countsAndSamplesEqualTheFullGenerator(String preset, long seed) {
    Map<String, Preset> presets = Fixtures.library().presets();
    Generator g = new Generator(presets.get(preset), presets, seed);
    int hosts = 3000;
    Map<String, long[]> slow = new LinkedHashMap<>();
    Map<String, String> sample = new LinkedHashMap<>();
    long igpuHosts = 0;
    for (int i = 0; i < hosts; i++) {
      Host h = g.host(i);
      boolean igpu = false;
      for (Device d : h.devices()) {
        String p = h.kind() + " " + Profile.of(h, d);
        slow.computeIfAbsent(p, x -> new long[1])[0]++;
        sample.putIfAbsent(p, h.name() + " " + d.id());
        igpu |= d.deviceClass() == DeviceClass.GPU_INTEGRATED
            && !d.iommu().enforceCacheCoherency() && !d.bus().emulatedIommu();
      }
      igpuHosts += igpu ? 1 : 0;
    }
    ProfileCounter counter = new ProfileCounter(g);
    ProfileCounter.Counts total = counter.newCounts();
    // Uneven blocks, merged in order, as the parallel scan does.
    for (int[] block : new int[][] {{0, 7}, {7, 1000}, {1000, 1001}, {1001, 3000}}) {
      ProfileCounter.Counts part = counter.newCounts();
      counter.count(block[0], block[1], part);
      total.merge(part);
    }
    List<ProfileCounter.Tallied> fast = counter.profiles(total);
    assertThat(fast).extracting(t -> t.kind() + " " + t.profile())
        .containsExactlyElementsOf(new ArrayList<>(slow.keySet()));
    for (ProfileCounter.Tallied t : fast) {
      String key = t.kind() + " " + t.profile();
      assertThat(t.devices()).isEqualTo(slow.get(key)[0]);
      assertThat(t.host() + " " + t.device()).isEqualTo(sample.get(key));
    }
    assertThat(total.hosts()).isEqualTo(hosts);
    assertThat(total.hostsWithNoncoherentIgpu()).isEqualTo(igpuHosts);
  }
}
