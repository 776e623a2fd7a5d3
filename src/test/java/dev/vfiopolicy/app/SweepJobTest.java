package dev.vfiopolicy.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.report.ReportData;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SweepJobTest {
  private static SweepJob.Result sweep(String vary, String preset, long seed) {
    return SweepJob.run(Fixtures.library(), new SweepJob.Request(vary, preset, 400, seed,
        List.of(), List.of(), List.of(), List.of("vm-iommufd", "vm-iommufd-fallback", "driver-cdev",
            "vm-legacy"), null, 2));
  }

  private static long count(ReportData d, String scenario, String policy, String useCase,
      Outcome o) {
    for (int s = 0; s < d.scenarios().size(); s++) {
      for (int p = 0; p < d.policies().size(); p++) {
        for (int u = 0; u < d.useCases().size(); u++) {
          if (d.scenarios().get(s).id().equals(scenario) && d.policies().get(p).id().equals(policy)
              && d.useCases().get(u).id().equals(useCase)) {
            return d.count(d.cell(s, p, u), o);
          }
        }
      }
    }
    throw new AssertionError();
  }

  /** More SC-less iGPU hosts never lowers broken for vm-iommufd under hide-non-snoop. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 20210922})
  void moreScLessIgpusNeverLowerBrokenUnderHiding(long seed) {
    SweepJob.Result r = sweep("sc-less-igpu-share=0..1:0.125", "mixed", seed);
    assertThat(r.steps()).hasSize(9);
    java.util.Map<String, Long> before = new java.util.HashMap<>();
    double measuredBefore = -1;
    for (SweepJob.Step st : r.steps()) {
      for (String scenario : List.of("rfc-2021", "linux-6.6", "cdev-only")) {
        long broken = count(st.data(), scenario, "hide-non-snoop", "vm-iommufd",
            Outcome.BROKEN);
        assertThat(broken).as("%s at %s", scenario, st.value())
            .isGreaterThanOrEqualTo(before.getOrDefault(scenario, 0L));
        before.put(scenario, broken);
      }
      double measured = Double.parseDouble(st.measured());
      assertThat(measured).isGreaterThanOrEqualTo(measuredBefore);
      measuredBefore = measured;
      // The parameter adds iGPUs and touches nothing else: expose policies never break them.
      assertThat(count(st.data(), "linux-6.6", "expose-and-detect", "vm-iommufd",
          Outcome.BROKEN)).isZero();
    }
    assertThat(r.steps().get(0).measured()).isEqualTo("0.000000");
    assertThat(before.get("linux-6.6")).isPositive();
  }

  @Test
  void moreNoSnoopDevicesNeverLowerNoRemedyOnArm() {
    SweepJob.Result r = sweep("nosnoop-share=0..0.5:0.1", "arm-server", 7);
    long before = -1;
    for (SweepJob.Step st : r.steps()) {
      long unsafe = count(st.data(), "rfc-2021", "upstream-merged", "vm-legacy",
          Outcome.NO_REMEDY);
      assertThat(unsafe).isGreaterThanOrEqualTo(before);
      before = unsafe;
    }
    assertThat(before).isPositive();
  }

  @Test
  void csvHasNumbersAndOneRowPerStepAndCell() {
    SweepJob.Result r = sweep("sc-less-igpu-share=0.5..1:0.5", "desktop-intel", 1);
    List<String> lines = SweepJob.csv(r).lines().toList();
    assertThat(lines).hasSize(1 + 2 * 5 * 4 * 4);
    assertThat(lines.get(1)).matches("sc-less-igpu-share,0\\.5,0\\.[0-9]{6},rfc-2021,"
        + "rfc-literal-hide,vm-iommufd,[0-9]+,[0-9]+,[0-9]+,[0-9]+,[0-9]+,[0-9.]+,[0-9.]+,"
        + "[0-9.]+");
  }

  @Test
  void badVaryIsRefused() {
    assertThatThrownBy(() -> sweep("igpu=0..1:0.1", "mixed", 1))
        .isInstanceOf(InputException.class).hasMessageContaining("unknown parameter 'igpu'");
    assertThatThrownBy(() -> sweep("nosnoop-share=0..2:0.1", "mixed", 1))
        .hasMessageContaining("expected 0 <= FROM <= TO <= 1");
    assertThatThrownBy(() -> sweep("nosnoop-share=0..1:0", "mixed", 1))
        .hasMessageContaining("STEP must be greater than 0");
    assertThatThrownBy(() -> sweep("nosnoop-share 0..1", "mixed", 1))
        .hasMessageContaining("expected PARAM=FROM..TO:STEP");
    assertThatThrownBy(() -> sweep("nosnoop-share=0..1:0.1", "pop.yaml", 1))
        .hasMessageContaining("a sweep varies a preset");
    assertThat(SweepJob.steps("0", "1", "0.1")).hasSize(11).last()
        .isEqualTo(new BigDecimal("1.0"));
  }
}
