package dev.vfiopolicy.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.model.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffJobTest {
  private static DiffJob.Result diff(String a, String b, String... scenarios) {
    return DiffJob.compute(Fixtures.library(),
        new DiffJob.Request(a, b, "mixed", 2000, 20210922, List.of(scenarios), List.of(),
            List.of(), 2));
  }

  private static long moved(DiffJob.Result r, String scenario, String useCase, Outcome from,
      Outcome to) {
    return r.moves().stream()
        .filter(m -> m.scenario().id().equals(scenario) && m.useCase().id().equals(useCase)
            && m.from() == from && m.to() == to)
        .mapToLong(DiffJob.Move::devices).sum();
  }

  @Test
  void identicalPoliciesHaveNoDifferences(@TempDir Path dir) throws IOException {
    Path copy = dir.resolve("copy.yaml");
    Files.writeString(copy, Files.readString(Path.of("policies/hide-non-snoop.yaml"))
        .replace("id: hide-non-snoop", "id: hide-non-snoop-copy"));
    DiffJob.Request req = new DiffJob.Request("hide-non-snoop", copy.toString(), "mixed", 500,
        1, List.of(), List.of(), List.of(), 1);
    DiffJob.Result r = DiffJob.compute(Fixtures.library(), req);
    assertThat(r.moves()).isEmpty();
    assertThat(DiffJob.render(r, req)).contains("No differences: hide-non-snoop and"
        + " hide-non-snoop-copy give every device the same outcome");
  }

  @Test
  void hidingVersusExposingMovesTheIntegratedGpusAsTheBriefPredicts() {
    DiffJob.Result r = diff("hide-non-snoop", "expose-and-detect");
    // Brief §6.3 row 3: QEMU iommufd + IGD on >= 6.6 breaks under A, works under B.
    long igpuBrokenToWorks = r.moves().stream()
        .filter(m -> m.scenario().id().equals("linux-6.6")
            && m.useCase().id().equals("vm-iommufd") && m.from() == Outcome.BROKEN
            && m.to() == Outcome.WORKS && m.reasonB().contains("KVM told of non-coherent DMA"))
        .mapToLong(DiffJob.Move::devices).sum();
    assertThat(igpuBrokenToWorks).isPositive();
    // Row 4: in the RFC kernel exposing without a KVM path makes the same devices unsafe for a
    // VMM that ignores the refused kvm-vfio add; QEMU's iommufd backend fails under both.
    assertThat(moved(r, "rfc-2021", "vm-iommufd-fallback", Outcome.FALLBACK, Outcome.FALLBACK))
        .isZero();
    assertThat(r.moves()).noneMatch(m -> m.scenario().id().equals("rfc-2021")
        && m.useCase().id().equals("vm-iommufd"));
    // Row 6: a cdev-only kernel turns the hidden devices' fallback into a break.
    assertThat(moved(r, "cdev-only", "vm-iommufd-fallback", Outcome.BROKEN, Outcome.WORKS))
        .isPositive();
    // Row 8: userspace drivers on the cdev only lose under hiding.
    assertThat(moved(r, "linux-6.6", "driver-cdev", Outcome.BROKEN, Outcome.WORKS)).isPositive();
    // Row 1 and 22: the group path and the no-kvm-vfio VMM do not depend on the policy.
    assertThat(r.moves()).noneMatch(m -> m.useCase().id().equals("vm-legacy")
        || m.useCase().id().equals("vmm-no-kvm-vfio") || m.useCase().id().equals("driver-legacy"));
    DiffJob.Move sample = r.moves().get(0);
    assertThat(sample.sampleHost()).isNotEmpty();
    assertThat(sample.sampleDevice()).isNotEmpty();
  }

  @Test
  void theFlagMattersOnlyOnTheRfcKernel() {
    DiffJob.Result r = diff("expose-and-detect", "upstream-merged");
    assertThat(r.moves()).isNotEmpty().allSatisfy(m -> {
      assertThat(m.scenario().id()).isEqualTo("rfc-2021");
      assertThat(m.useCase().id()).isEqualTo("vm-iommufd-detect");
      assertThat(m.from()).isEqualTo(Outcome.FALLBACK);
      // Without the flag the VMM stays on the cdev: unsafe for no-snoop devices (row 4), and
      // works for devices that merely lack the enforce capability (SMMUv3 without CANWBS, s390).
      assertThat(m.to()).isIn(Outcome.UNSAFE, Outcome.WORKS);
    });
    assertThat(moved(r, "rfc-2021", "vm-iommufd-detect", Outcome.FALLBACK, Outcome.UNSAFE))
        .isPositive();
  }

  @Test
  void theLiteralRfcHidesAmdWhereTheIdealisedOneDoesNot() {
    DiffJob.Result r = diff("rfc-literal-hide", "hide-non-snoop", "linux-6.6");
    assertThat(r.moves()).anySatisfy(m -> {
      assertThat(m.useCase().id()).isEqualTo("vm-iommufd");
      assertThat(m.from()).isEqualTo(Outcome.BROKEN);
      assertThat(m.to()).isEqualTo(Outcome.WORKS);
      assertThat(m.reasonA()).contains("rule no-device-info-op");
    });
    assertThat(r.moves()).noneMatch(m -> m.to() == Outcome.BROKEN && m.from() == Outcome.WORKS);
  }

  @Test
  void sampleCommandExplainsTheSampleDevice() {
    DiffJob.Result r = diff("hide-non-snoop", "expose-and-detect", "linux-6.6");
    DiffJob.Move m = r.moves().get(0);
    String text = ExplainJob.run(Fixtures.library(), new ExplainJob.Request("mixed", 2000,
        20210922, m.sampleHost(), m.sampleDevice(), null, List.of("hide-non-snoop"),
        List.of("linux-6.6"), List.of(), List.of(m.useCase().id())));
    assertThat(text).contains(": " + m.from().id() + "\n");
  }
}
