package dev.vfiopolicy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.app.Library;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.model.Vm;
import dev.vfiopolicy.model.VmProfile;
import dev.vfiopolicy.population.Generator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the report's engine skips or shares for speed, over every profile and VM of every bundled
 * preset, in every bundled cell. It records no steps, which explain's engine does: only the
 * steps may differ, as the text of a step is built only when explaining. And it gives equal
 * reasons one String.
 */
class ReportEngineTest {
  private static final Library LIB = Fixtures.library();

  private static final Set<Profile> PROFILES = new LinkedHashSet<>();
  private static final Set<VmProfile> VMS = new LinkedHashSet<>();

  static {
    for (var preset : LIB.presets().values()) {
      List<Host> hosts = new ArrayList<>();
      new Generator(preset, LIB.presets(), 11).generate(60, hosts::add);
      hosts.addAll(Fixtures.hosts("brief-6.3.yaml"));
      hosts.addAll(Fixtures.hosts("vms.yaml"));
      for (Host h : hosts) {
        h.devices().forEach(d -> PROFILES.add(Profile.of(h, d)));
        for (Vm vm : h.allVms()) {
          VMS.add(VmProfile.of(h, vm));
        }
      }
    }
  }

  @Test
  void aReportAndAnExplanationDifferOnlyInTheSteps() {
    Set<Profile> profiles = PROFILES;
    Set<VmProfile> vms = VMS;
    Engine report = new Engine(LIB.scenarios(), new ArrayList<>(LIB.policies().values()),
        LIB.useCases());
    Engine explain = Engine.explaining(LIB.scenarios(),
        new ArrayList<>(LIB.policies().values()), LIB.useCases());
    long multi = vms.stream().filter(v -> v.members().size() > 1).count();
    assertThat(profiles).hasSizeGreaterThan(50);
    assertThat(multi).isGreaterThan(5);
    for (Profile p : profiles) {
      same(report.evaluate(p), explain.evaluate(p), p.toString());
    }
    for (VmProfile vm : vms) {
      same(report.evaluateVm(vm), explain.evaluateVm(vm), vm.toString());
    }
  }

  /** Tallies find a reason by its text; the engine gives each text one String. */
  @Test
  void equalReasonsAreOneString() {
    Engine engine = new Engine(LIB.scenarios(), new ArrayList<>(LIB.policies().values()),
        LIB.useCases());
    Map<String, String> first = new HashMap<>();
    int shared = 0;
    List<Evaluation[]> all = new ArrayList<>();
    PROFILES.forEach(p -> all.add(engine.evaluate(p)));
    VMS.forEach(vm -> all.add(engine.evaluateVm(vm)));
    for (Evaluation[] ev : all) {
      for (Evaluation e : ev) {
        String known = first.putIfAbsent(e.reason(), e.reason());
        if (known != null) {
          assertThat(e.reason()).as(e.reason()).isSameAs(known);
          shared++;
        }
      }
    }
    assertThat(shared).isGreaterThan(1000);
  }

  private static void same(Evaluation[] r, Evaluation[] e, String what) {
    assertThat(r).hasSameSizeAs(e);
    for (int i = 0; i < r.length; i++) {
      String at = what + " in cell " + i;
      assertThat(r[i].outcome()).as(at).isEqualTo(e[i].outcome());
      assertThat(r[i].reason()).as(at).isEqualTo(e[i].reason());
      assertThat(r[i].path()).as(at).isEqualTo(e[i].path());
      assertThat(r[i].noncoherent()).as(at).isEqualTo(e[i].noncoherent());
      assertThat(r[i].toldNoncoherent()).as(at).isEqualTo(e[i].toldNoncoherent());
      assertThat(r[i].steps()).as(at).isEmpty();
      assertThat(e[i].steps()).as(at).isNotEmpty()
          .last().isEqualTo("=> " + e[i].outcome().id() + ": " + e[i].reason());
    }
  }
}
