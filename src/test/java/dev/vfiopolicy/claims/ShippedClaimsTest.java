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
  }

  @ParameterizedTest(name = "{0}: holds={1}")
  @CsvSource({
    // Brief §0.4: shipped QEMU has no automatic group fallback.
    "kevin-qemu-falls-back, false",
    // §6.3 row 1: the group path is unchanged, KVM learns from the group fd.
    "kevin-existing-contract, true",
    "kevin-sort-out-later, true",
    // §0.1 and row 4: a flag-reading VMM never needs the device hidden.
    "kevin-concedes-userspace-decides, true",
    // §5.3 and row 8: driver-cdev loses the hidden devices.
    "alex-not-only-kvm, true",
    "alex-qemu-could-revert, true",
    // On the RFC kernel QEMU's iommufd backend fails every device (kvm-vfio refuses the cdev
    // fd), so neither policy has an unsafe device there.
    "alex-userspace-already-detects, true",
    "jason-wbinvd-only-kvm, true",
    // §2.3: since 6.6 kvm-vfio takes the device fd.
    "jason-kvm-learns-from-fd, true"
  })
  void verdict(String id, boolean holds) {
    assertThat(verdicts).containsEntry(id, holds);
  }

  @Test
  void everyShippedClaimIsCovered() {
    assertThat(verdicts).hasSize(9);
  }

  @Test
  void theSameFileGivesTheOppositeVerdictOnOtherCounts() {
    Claim c = load("id: c\nauthor: a\ndate: d\nmessage_id: m\nquote: q\nclaim: c\n"
        + "holds_when: counts['linux-6.6']['hide-non-snoop']['vm-iommufd']['broken'] == 0\n");
    Counts counts = ClaimsJob.counts(data);
    assertThat(c.holds().test(counts)).isFalse();
    var zero = new java.util.LinkedHashMap<>(counts.counts().get("linux-6.6")
        .get("hide-non-snoop").get("vm-iommufd"));
    zero.put("broken", 0L);
    Counts changed = new Counts(
        Map.of("linux-6.6", Map.of("hide-non-snoop", Map.of("vm-iommufd", zero))),
        List.of(), List.of(), List.of());
    assertThat(c.holds().test(changed)).isTrue();
  }

  @Test
  void badClaimFilesAreRefusedWithPosition() {
    assertThatThrownBy(() -> load("id: c\nauthor: a\ndate: d\nmessage_id: m\nquote: q\n"
        + "claim: c\nholds_when: counts['x'] > 0\n"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("c.yaml:7:13: claim 'c': holds_when does not compile");
    Claim unknown = load("id: c\nauthor: a\ndate: d\nmessage_id: m\nquote: q\nclaim: c\n"
        + "holds_when: counts['linux-9']['p']['u']['broken'] == 0\n");
    assertThatThrownBy(() -> unknown.holds().test(ClaimsJob.counts(data)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("c.yaml:7:13: claim 'c': cannot be evaluated");
    assertThatThrownBy(() -> load("id: c\nauthor: a\nsaid: d\n"))
        .hasMessageContaining("unknown key 'said'");
  }

  private static Claim load(String yaml) {
    return ClaimLoader.fromNode(YamlReader.read(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "c.yaml"));
  }
}
