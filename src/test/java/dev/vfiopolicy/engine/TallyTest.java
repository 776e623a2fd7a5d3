package dev.vfiopolicy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.app.Library;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.model.Profile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TallyTest {
  @Test
  void countsMultiplyOutAndReasonsSortByDevices() {
    Library lib = Fixtures.library();
    Engine engine = new Engine(lib.scenarios(), new ArrayList<>(lib.policies().values()),
        lib.useCases());
    List<Host> hosts = Fixtures.hosts("brief-6.3.yaml");
    Host intel = hosts.get(0);
    Profile igpu = Profile.of(intel, intel.devices().get(0));
    Profile nvme = Profile.of(intel, intel.devices().get(1));
    Profile bridge = Profile.of(intel, intel.devices().get(2));
    Tally t = new Tally(engine.cells());
    t.add(engine.evaluate(igpu), 3);
    t.add(engine.evaluate(nvme), 5);
    t.add(engine.evaluate(igpu), 2);
    t.add(engine.evaluate(bridge), 4);
    int cell = -1;
    for (int i = 0; i < engine.cells().size(); i++) {
      Cell c = engine.cells().get(i);
      if (c.scenario().id().equals("linux-6.6") && c.policy().id().equals("hide-non-snoop")
          && c.useCase().id().equals("vm-iommufd")) {
        cell = i;
      }
    }
    assertThat(t.devices(cell)).isEqualTo(14);
    assertThat(t.count(cell, Outcome.BROKEN)).isEqualTo(5);
    assertThat(t.count(cell, Outcome.WORKS)).isEqualTo(5);
    assertThat(t.count(cell, Outcome.NOT_APPLICABLE)).isEqualTo(4);
    List<Tally.ReasonCount> reasons = t.reasons(cell);
    assertThat(reasons).extracting(Tally.ReasonCount::devices).containsExactly(5L, 5L, 4L);
    // Ties in devices go by outcome order: works before broken.
    assertThat(reasons).extracting(Tally.ReasonCount::outcome)
        .containsExactly(Outcome.WORKS, Outcome.BROKEN, Outcome.NOT_APPLICABLE);
    assertThat(t.cells()).isEqualTo(engine.cells());
  }

  @Test
  void reasonsTiedInDevicesAndOutcomeGoByText() {
    Library lib = Fixtures.library();
    Engine engine = new Engine(lib.scenarios(), new ArrayList<>(lib.policies().values()),
        lib.useCases());
    Tally t = new Tally(engine.cells());
    for (String reason : List.of("b", "c", "a")) {
      Evaluation[] ev = new Evaluation[engine.cells().size()];
      java.util.Arrays.fill(ev, new Evaluation(Outcome.UNSAFE, reason, List.of(), null, true,
          false));
      t.add(ev, 2);
    }
    Evaluation[] more = new Evaluation[engine.cells().size()];
    java.util.Arrays.fill(more, new Evaluation(Outcome.BROKEN, "z", List.of(), null, false,
        false));
    t.add(more, 2);
    assertThat(t.reasons(0)).extracting(Tally.ReasonCount::reason)
        .containsExactly("a", "b", "c", "z");
  }
}
