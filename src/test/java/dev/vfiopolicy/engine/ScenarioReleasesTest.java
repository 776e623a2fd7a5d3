package dev.vfiopolicy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.app.Library;
import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.IommuType;
import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.model.Scenario;
import dev.vfiopolicy.population.Generator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the issue asks each release to show, over every device of several presets. */
class ScenarioReleasesTest {
  private static final Library LIB = Fixtures.library();

  private static List<Host> hosts(String preset, long n) {
    List<Host> out = new ArrayList<>();
    new Generator(LIB.presets().get(preset), LIB.presets(), 7).generate(n, out::add);
    return out;
  }

  private static Scenario scenario(String id) {
    return LIB.scenarios().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  private static Outcome outcome(Host h, Device d, String scenario, String policy,
      String useCase) {
    Engine e = new Engine(List.of(scenario(scenario)), List.of(LIB.policies().get(policy)),
        LIB.useCases().stream().filter(u -> u.id().equals(useCase)).toList());
    return e.evaluate(Profile.of(h, d))[0].outcome();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mixed", "server-intel", "server-amd", "arm-server", "desktop-intel"})
  void linux66NeverRunsNestingOrDirtyTracking(String preset) {
    for (Host h : hosts(preset, 300)) {
      for (Device d : h.devices()) {
        for (String policy : LIB.policies().keySet()) {
          for (String u : List.of("vm-nested-viommu", "vm-dirty-tracking")) {
            assertThat(outcome(h, d, "linux-6.6", policy, u)).as("%s %s %s", h.name(), d.id(), u)
                .isNotEqualTo(Outcome.WORKS);
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"arm-server", "mixed"})
  void hideNonSnoopHidesEverySmmuV3DeviceBefore613AndOnlyThoseWithoutCanwbsAfter(
      String preset) {
    int canwbs = 0;
    int without = 0;
    for (Host h : hosts(preset, 2000)) {
      for (Device d : h.devices()) {
        if (d.iommu().type() != IommuType.ARM_SMMU_V3 || !d.deviceClass().assignable()) {
          continue;
        }
        boolean hw = d.iommu().enforceCacheCoherency();
        if (hw) {
          canwbs++;
        } else {
          without++;
        }
        for (String s : List.of("linux-6.6", "linux-6.12")) {
          assertThat(outcome(h, d, s, "hide-non-snoop", "driver-cdev")).as("%s on %s", d, s)
              .isEqualTo(Outcome.BROKEN);
        }
        assertThat(outcome(h, d, "linux-6.18", "hide-non-snoop", "driver-cdev"))
            .as("%s on linux-6.18", d)
            .isEqualTo(hw ? Outcome.WORKS : Outcome.BROKEN);
      }
    }
    assertThat(canwbs).as("SMMUv3 devices with CANWBS").isPositive();
    assertThat(without).as("SMMUv3 devices without CANWBS").isPositive();
  }
}
