package dev.vfiopolicy.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.population.Generator;
import dev.vfiopolicy.population.Preset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fast path (profile counter, several threads) counts the same devices and VMs, by kind,
 * with the same samples, as a host-by-host pass over the full generator.
 */
class ScanTest {
  @ParameterizedTest(name = "{0} seed {1} threads {2}")
  @CsvSource({"mixed, 1, 2", "mixed, 20210922, 1", "desktop-intel, 5, 2", "desktop-amd, 6, 2",
      "arm-server, 7, 1", "s390, 8, 2", "server-intel, 9, 2", "server-amd, 11, 2",
      "power, 10, 1"})
  void fastPathEqualsHostByHost(String preset, long seed, int threads) {
    Map<String, Preset> presets = Fixtures.library().presets();
    Generator g = new Generator(presets.get(preset), presets, seed);
    int hosts = 9000;
    Population.Generated pop = new Population.Generated(presets.get(preset), g, hosts, seed);
    Scan fast = Scan.of(pop, threads, done -> {});
    Scan slow = new Scan();
    g.generate(hosts, slow::add);
    assertThat(fast.hosts()).isEqualTo(slow.hosts());
    assertThat(fast.devices()).isEqualTo(slow.devices());
    assertThat(fast.hostsWithNoncoherentIgpu()).isEqualTo(slow.hostsWithNoncoherentIgpu());
    assertThat(fast.hostsByKind()).isEqualTo(slow.hostsByKind());
    assertThat(flatten(fast.devicesByKind())).isEqualTo(flatten(slow.devicesByKind()));
    assertThat(flatten(fast.vmsByKind())).isEqualTo(flatten(slow.vmsByKind()));
    long multi = slow.vmsByKind().values().stream().flatMap(m -> m.keySet().stream())
        .filter(v -> v.members().size() > 1).count();
    if (!preset.equals("power") && !preset.equals("s390")) {
      assertThat(multi).as("VM profiles of several devices").isPositive();
    }
  }

  private static <K> Map<String, String> flatten(Map<String, Map<K, Scan.Entry>> byKind) {
    Map<String, String> out = new LinkedHashMap<>();
    byKind.forEach((kind, m) -> m.forEach((k, e) ->
        out.put(kind + " " + k, e.count() + " " + e.host() + " " + e.device())));
    return out;
  }
}
