package dev.vfiopolicy.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.InputException;
import dev.vfiopolicy.app.ClaimsJob;
import dev.vfiopolicy.app.ReportJob;
import dev.vfiopolicy.app.ReportRequest;
import dev.vfiopolicy.report.ReportData;
import dev.vfiopolicy.yaml.YamlReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each shipped claim's verdict on the default population, as the brief leads us to expect. */
class ShippedClaimsTest {
  private static Map<String, Boolean> verdicts;
  private static ReportData data;

  @BeforeAll
  static void evaluate() {
    ReportRequest req = new ReportRequest(ReportRequest.DEFAULT_POPULATION,
        ReportRequest.DEFAULT_HOSTS, ReportRequest.DEFAULT_SEED, List.of(), List.of(), List.of(),
        List.of(),
        ReportRequest.Format.TEXT, null, false, false, 2);
    data = new ReportJob(Fixtures.library(), req).run();
    verdicts = ClaimsJob.verdicts(data, ClaimsJob.claims(List.of())).stream()
        .collect(Collectors.toMap(v -> v.claim().id(), ClaimVerdicts.Verdict::holds));
    assertThat(ClaimsJob.verdicts(data, ClaimsJob.claims(List.of())))
        .allSatisfy(v -> assertThat(v.status()).isNotEqualTo(
            ClaimVerdicts.Status.NO_EVIDENCE));
  }

  @ParameterizedTest(name = "{0}: holds={1}")
  @CsvSource({
    // Kevin's fallback VMM on his kernel: every hidden device runs through the group.
    "kevin-qemu-falls-back, true",
    // The group path is the existing contract: KVM learns from the group fd.
    "kevin-existing-contract, true",
    // From 6.6 every device is exposed and QEMU's iommufd backend loses none.
    "kevin-staging, true",
    // A flag-reading VMM never needs the device hidden.
    "kevin-concedes-userspace-decides, true",
    "alex-qemu-could-revert, true",
    "alex-userspace-already-detects, true",
    // Off x86 hiding breaks devices and buys no safety where they still run.
    "alex-expense-of-other-use-cases, true",
    // Since 6.6 kvm-vfio takes the device fd QEMU presents.
    "jason-present-fd-as-proof, true",
    // Definitional: true by the model's construction, shown apart.
    "alex-not-only-kvm, true",
    "jason-wbinvd-only-kvm, true"
  })
  void verdict(String id, boolean holds) {
    assertThat(verdicts).containsEntry(id, holds);
  }

  @Test
  void everyShippedClaimIsCoveredAndDefinitionalOnesAreMarked() {
    assertThat(verdicts).hasSize(10);
    assertThat(ClaimsJob.claims(List.of())).filteredOn(c -> c.kind() == Claim.Kind.DEFINITIONAL)
        .extracting(Claim::id).containsExactlyInAnyOrder("alex-not-only-kvm",
            "jason-wbinvd-only-kvm")
        .allSatisfy(id -> assertThat(id).isNotEmpty());
    assertThat(ClaimsJob.claims(List.of())).allSatisfy(c -> {
      assertThat(c.context()).as(c.id()).isNotBlank();
      assertThat(c.kind() == Claim.Kind.DEFINITIONAL).as(c.id())
          .isEqualTo(!c.modellingNote().isEmpty());
    });
  }

  /**
   * A quote marked verified in the seed is in the archived thread word for word (the seed's
   * "> " quoting and line breaks aside): one test per such claim. Where ../shared is absent (a
   * clone outside the workplace) there is nothing to check against and no test, rather than a
   * skipped one that Maven reports as a warning.
   */
  @org.junit.jupiter.api.TestFactory
  java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> seedQuotesAreInTheSeed()
      throws java.io.IOException {
    java.nio.file.Path seed =
        java.nio.file.Path.of("../shared/seed/thread-rfc05-2021-09-22.txt");
    if (!java.nio.file.Files.exists(seed)) {
      return java.util.stream.Stream.empty();
    }
    String thread = normalise(java.nio.file.Files.readString(seed));
    return ClaimsJob.claims(List.of()).stream()
        .filter(c -> c.verified().equals("seed"))
        .map(c -> org.junit.jupiter.api.DynamicTest.dynamicTest(c.id(), () -> {
          String q = normalise(c.quote().replace("...", ""));
          assertThat(thread).as(c.id()).contains(q.strip());
        }));
  }

  private static String normalise(String s) {
    return s.replaceAll("(?m)^[> ]+", "").replaceAll("\\s+", " ");
  }

  /** A tested claim can fail: the same expressions over other counts give the other verdict. */
  @Test
  void testedClaimsCanFail() {
    Counts counts = ClaimsJob.counts(data);
    Claim fallsBack = ClaimsJob.claims(List.of()).stream()
        .filter(c -> c.id().equals("kevin-qemu-falls-back")).findFirst().orElseThrow();
    assertThat(fallsBack.holds().test(counts)).isTrue();
    Counts broken = with(counts, "rfc-2021", "hide-non-snoop", "vm-iommufd-fallback", "broken",
        1);
    assertThat(fallsBack.holds().test(broken)).isFalse();
    Claim proof = ClaimsJob.claims(List.of()).stream()
        .filter(c -> c.id().equals("jason-present-fd-as-proof")).findFirst().orElseThrow();
    assertThat(proof.holds().test(with(counts, "linux-6.6", "upstream-merged", "vm-iommufd",
        "unsafe", 3))).isFalse();
  }

  /** The counts with one number changed. */
  private static Counts with(Counts c, String s, String p, String u, String o, long v) {
    var bySc = new java.util.LinkedHashMap<>(c.counts());
    var byP = new java.util.LinkedHashMap<>(bySc.get(s));
    var byU = new java.util.LinkedHashMap<>(byP.get(p));
    var byO = new java.util.LinkedHashMap<>(byU.get(u));
    byO.put(o, v);
    byU.put(u, byO);
    byP.put(p, byU);
    bySc.put(s, byP);
    return new Counts(bySc, c.byKind(), c.scenarios(), c.policies(), c.useCases(), c.kinds());
  }

  @Test
  void aClaimWithNoEvidenceInThePopulationSaysSo() {
    ReportData desktops = new ReportJob(Fixtures.library(), new ReportRequest("desktop-intel",
        100, 1, List.of(), List.of(), List.of(), List.of(), ReportRequest.Format.TEXT, null,
        false, false, 1)).run();
    var v = ClaimsJob.verdicts(desktops, ClaimsJob.claims(List.of())).stream()
        .filter(x -> x.claim().id().equals("alex-expense-of-other-use-cases")).findFirst()
        .orElseThrow();
    assertThat(v.status()).isEqualTo(ClaimVerdicts.Status.NO_EVIDENCE);
  }

  @Test
  void badClaimFilesAreRefusedWithPosition() {
    String head = "id: c\nauthor: a\ndate: d\nmessage_id: m\ncontext: x\nquote: q\n"
        + "verified: seed\nkind: tested\nclaim: c\n";
    assertThatThrownBy(() -> load(head + "holds_when: counts['x'] > 0\n"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("c.yaml:10:13: claim 'c': holds_when does not compile");
    Claim unknown = load(head + "holds_when: counts['linux-9']['p']['u']['broken'] == 0\n");
    assertThatThrownBy(() -> unknown.holds().test(ClaimsJob.counts(data)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("c.yaml:10:13: claim 'c': cannot be evaluated");
    assertThatThrownBy(() -> load(head.replace("tested", "definitional")
        + "holds_when: 'true'\n"))
        .hasMessageContaining("a definitional claim names the modelling note");
    assertThatThrownBy(() -> load(head.replace("verified: seed", "verified: hearsay")
        + "holds_when: 'true'\n"))
        .hasMessageContaining("'verified' is seed");
    assertThatThrownBy(() -> load("id: c\nauthor: a\nsaid: d\n"))
        .hasMessageContaining("unknown key 'said'");
  }

  private static Claim load(String yaml) {
    return ClaimLoader.fromNode(YamlReader.read(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "c.yaml"));
  }
}
