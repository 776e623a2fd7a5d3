package dev.vfiopolicy.population;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeneratorTest {
  private static final Map<String, Preset> PRESETS = Fixtures.library().presets();

  @Test
  void namesArePaddedAsFormatWouldPadThem() {
    for (long i : new long[] {0, 7, 42, 99_999, 999_999, 1_000_000, 12_345_678, Long.MAX_VALUE}) {
      assertThat(Generator.zeroPadded(Long.toString(i), 6))
          .isEqualTo(String.format(java.util.Locale.ROOT, "%06d", i));
    }
    for (int b = 0; b < 300; b++) {
      assertThat(Generator.zeroPadded(Integer.toHexString(b), 2))
          .isEqualTo(String.format(java.util.Locale.ROOT, "%02x", b));
    }
  }

  private static List<Host> draw(String preset, long hosts, long seed) {
    List<Host> out = new ArrayList<>();
    new Generator(PRESETS.get(preset), PRESETS, seed).generate(hosts, out::add);
    return out;
  }

  @Test
  void sameSeedSameHosts() {
    assertThat(draw("mixed", 300, 1)).isEqualTo(draw("mixed", 300, 1));
    assertThat(draw("mixed", 300, 1)).isNotEqualTo(draw("mixed", 300, 2));
  }

  @Test
  void hostDependsOnlyOnSeedAndIndex() {
    List<Host> small = draw("mixed", 10, 5);
    List<Host> large = draw("mixed", 1000, 5);
    assertThat(large.subList(0, 10)).isEqualTo(small);
  }

  @Test
  void desktopIntelPutsTheIntegratedGpuBehindTheUnitWithoutSnoopControl() {
    long igpus = 0;
    for (Host h : draw("desktop-intel", 500, 3)) {
      for (var d : h.devices()) {
        if (d.deviceClass() == DeviceClass.GPU_INTEGRATED) {
          igpus++;
          assertThat(d.iommu().enforceCacheCoherency()).isFalse();
          assertThat(d.noSnoop()).isTrue();
          assertThat(d.bdf()).isEqualTo("0000:00:02.0");
        } else {
          assertThat(d.iommu().enforceCacheCoherency()).as(d.name()).isTrue();
        }
      }
    }
    // 53.83 / (53.83 + 18.37) of hosts have one: about 373 of 500.
    assertThat(igpus).isBetween(330L, 415L);
  }

  @Test
  void mixedDrawsEveryPresetFamily() {
    List<Host> hosts = draw("mixed", 5000, 11);
    assertThat(hosts).extracting(h -> h.arch().id())
        .contains("x86_64", "aarch64", "s390x", "ppc64le");
  }

  @Test
  void followersShareTheGroupOfTheDeviceTheyFollow() {
    for (Host h : draw("desktop-amd", 200, 9)) {
      for (int i = 1; i < h.devices().size(); i++) {
        var d = h.devices().get(i);
        if (d.name().equals("GPU HDMI audio")) {
          var gpu = h.devices().get(i - 1);
          assertThat(gpu.deviceClass()).isEqualTo(DeviceClass.GPU_DISCRETE);
          assertThat(d.group()).isEqualTo(gpu.group());
          assertThat(d.bdf()).isEqualTo(gpu.bdf().replace(".0", ".1"));
        }
      }
    }
  }
}
