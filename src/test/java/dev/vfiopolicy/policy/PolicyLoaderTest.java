package dev.vfiopolicy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.Arch;
import dev.vfiopolicy.model.Bus;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.IommuType;
import dev.vfiopolicy.model.KernelView;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.yaml.YamlReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PolicyLoaderTest {
  private static final String HEAD =
      "id: p\ntitle: t\nadvocate: a\nsource: \"<m@x>\"\n"
          + "defaults:\n  cdev: expose\n  coherency-flag: absent\n";

  private static Policy load(String yaml) {
    return PolicyLoader.fromNode(
        YamlReader.read(
            new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "p.yaml"));
  }

  /** An iGPU as Linux 6.6 sees it: its unit enforces coherency when it has snoop control. */
  private static KernelView igpu(boolean enforce) {
    Profile p = new Profile(Arch.X86_64, Bus.PCI, DeviceClass.GPU_INTEGRATED, "8086", true,
        false, false, IommuType.INTEL_VTD, true, enforce, false, false, false, true);
    return KernelView.of(p, dev.vfiopolicy.Fixtures.library().scenarios().stream()
        .filter(s -> s.id().equals("linux-6.6")).findFirst().orElseThrow().kernel());
  }

  @Test
  void firstMatchingRuleDecidesAndDefaultsApplyOtherwise() {
    Policy p =
        load(HEAD + "rules:\n"
            + "  - {id: a, decision: cdev, when: \"!iommu.enforce_cache_coherency\", value: hide,"
            + " reason: r}\n"
            + "  - {id: b, decision: cdev, when: \"true\", value: expose, reason: r}\n");
    Policy.Verdict hidden = p.decide(igpu(false));
    assertThat(hidden.cdev()).isEqualTo("hide");
    assertThat(hidden.cdevRule().id()).isEqualTo("a");
    assertThat(hidden.flag()).isEqualTo("absent");
    assertThat(hidden.flagRule()).isNull();
    assertThat(p.decide(igpu(true)).cdevRule().id()).isEqualTo("b");
  }

  @Test
  void celTypoIsRefusedWithFileRuleAndPosition() {
    assertThatThrownBy(
            () -> load(HEAD + "rules:\n  - id: bad\n    decision: cdev\n"
                + "    when: \"iommu.enforce_cache_coherence\"\n    value: hide\n    reason: r\n"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("p.yaml:11:11: ")
        .hasMessageContaining("variables: host.arch")
        .hasMessageContaining("rule 'bad'")
        .hasMessageContaining("does not compile")
        .hasMessageContaining("enforce_cache_coherence")
        .hasMessageContaining("^");
  }

  @Test
  void wrongTypeInConditionIsRefused() {
    assertThatThrownBy(
            () -> load(HEAD + "rules:\n  - {id: t, decision: cdev, when: \"iommu.type == 1\","
                + " value: hide, reason: r}\n"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("p.yaml:9:")
        .hasMessageContaining("rule 't'")
        .hasMessageContaining("does not compile");
  }

  @Test
  void nonBooleanConditionIsRefused() {
    assertThatThrownBy(
            () -> load(HEAD + "rules:\n  - {id: s, decision: cdev, when: \"iommu.type\","
                + " value: hide, reason: r}\n"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("rule 's'")
        .hasMessageContaining("does not compile");
  }

  @Test
  void aCompileErrorNamesItsColumnInTheConditionAndALimitRefusalDoesNot() {
    assertThatThrownBy(
            () -> load(HEAD + "rules:\n  - {id: t, decision: cdev, when: \"iommu.type == 1\","
                + " value: hide, reason: r}\n"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("policy 'p' rule 't': condition does not compile (at column 12 of"
            + " the condition): found no matching overload");
    assertThatThrownBy(
            () -> load(HEAD + "rules:\n  - {id: d, decision: cdev, when: \"dyn(true)\","
                + " value: hide, reason: r}\n"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("policy 'p' rule 'd': condition does not compile: its type is"
            + " dyn, not bool");
  }

  @Test
  void unknownKeyIsRefusedAndNamesTheAllowedOnes() {
    assertThatThrownBy(
            () -> load(HEAD + "rules:\n  - id: k\n    decision: cdev\n    whne: \"true\"\n"
                + "    value: hide\n    reason: r\n"))
        .isInstanceOf(InputException.class)
        .hasMessage("p.yaml:11:5: policy 'p' rule 'k': unknown key 'whne'; expected one of: id,"
            + " decision, when, value, reason");
  }

  @Test
  void valueOutsideTheDecisionIsRefused() {
    assertThatThrownBy(
            () -> load(HEAD + "rules:\n  - {id: v, decision: cdev, when: \"true\", value: maybe,"
                + " reason: r}\n"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("'value' is 'maybe'; expected one of: expose, hide");
  }

  @Test
  void brokenYamlIsRefusedWithPosition() {
    assertThatThrownBy(() -> load(HEAD + "rules: [\n  - {id: x\n"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("p.yaml:")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void duplicateKeysAreRefused() {
    assertThatThrownBy(() -> load(HEAD + "title: again\n"))
        .isInstanceOf(InputException.class)
        .hasMessage("p.yaml:8:1: duplicate key 'title'");
  }

  @Test
  void missingDefaultsAreNamed() {
    assertThatThrownBy(() -> load("id: p\ntitle: t\nadvocate: a\nsource: s\n"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("missing key 'defaults'");
  }

  @Test
  void conditionThatFailsAtRuntimeIsBadInputNotACrash() {
    Policy p =
        load(HEAD + "rules:\n  - {id: z, decision: cdev, when: \"1 / 0 == 1\", value: hide,"
            + " reason: r}\n");
    assertThatThrownBy(() -> p.decide(igpu(true)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("p.yaml:9:")
        .hasMessageContaining("rule 'z'")
        .hasMessageContaining("failed to evaluate");
  }
}
