package dev.vfiopolicy.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.app.Library;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Rule;
import org.junit.jupiter.api.Test;

/**
 * The build ships a checked AST for every bundled condition, so that a report runs neither CEL's
 * parser nor its checker; the golden reports (which run the bundled policies through those ASTs)
 * show that they decide as the compiled conditions did.
 */
class PrecompiledAstsTest {
  @Test
  void everyBundledConditionHasAnAstThatMakesAProgram() throws Exception {
    int rules = 0;
    for (Policy p : Library.bundled().policies().values()) {
      for (Rule r : p.rules()) {
        assertThat(PrecompiledAsts.bundled()).as(p.id() + " " + r.id()).containsKey(r.when());
        assertThat(CelConditions.bundled(r.when(), "test")).isNotNull();
        rules++;
      }
    }
    assertThat(rules).isGreaterThanOrEqualTo(PrecompiledAsts.bundled().size()).isPositive();
  }

  @Test
  void aTextWithoutAnAstIsCompiledWithTheUsualMessages() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CelConditions.bundled("device.vendr == '8086'", "test"))
        .isInstanceOf(CelConditions.CompileError.class)
        .hasMessageContaining("undeclared reference");
  }
}
