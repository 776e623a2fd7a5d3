package dev.vfiopolicy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Compile errors of {@link CelConditions}: their message, position and caret display. */
class CelConditionsTest {
  private static CelConditions.CompileError error(String expression) {
    return catchThrowableOfType(CelConditions.CompileError.class,
        () -> CelConditions.compile(expression, "p.yaml:1:1: rule 'r'"));
  }

  @Test
  void aTypeErrorHasItsOneBasedLineColumnAndACaretUnderIt() {
    CelConditions.CompileError e = error("iommu.type == 1");
    assertThat(e).hasMessage("found no matching overload for '_==_' applied to '(string, int)'"
        + " (candidates: (%A0, %A0))\n    iommu.type == 1\n               ^");
    assertThat(e.line()).isEqualTo(1);
    assertThat(e.column()).isEqualTo(12);
  }

  @Test
  void theCaretIsUnderTheLineOfTheError() {
    CelConditions.CompileError e = error("true &&\n  iommu.type == 1");
    assertThat(e).hasMessage("found no matching overload for '_==_' applied to '(string, int)'"
        + " (candidates: (%A0, %A0))\n      iommu.type == 1\n                 ^");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(14);
  }

  @Test
  void anErrorInTheFirstColumnIsColumnOneAndNamesTheVariables() {
    CelConditions.CompileError e = error("device.vendr == 'a'");
    assertThat(e).hasMessage("undeclared reference to 'device' (in container ''); variables:"
        + " host.arch, device.bus, device.class, device.vendor, device.no_snoop,"
        + " device.nosnoop_enabled, iommu.type, iommu.cache_coherency,"
        + " iommu.enforce_cache_coherency, iommu.scalable_mode, iommu.nesting,"
        + " iommu.dirty_tracking\n    device.vendr == 'a'\n    ^");
    assertThat(e.line()).isEqualTo(1);
    assertThat(e.column()).isEqualTo(1);
  }

  @Test
  void aRefusalByCelLimitsHasNoPositionAndQuotesTheExpression() {
    CelConditions.CompileError e = error("  dyn(true)  ");
    assertThat(e).hasMessage("its type is dyn, not bool (a condition must be bool as written:"
        + " without dyn())\n    dyn(true)");
    assertThat(e.line()).isZero();
    assertThat(e.column()).isZero();
  }

  @Test
  void anExpressionOverTheSizeLimitHasNoColumnAndIsQuotedWhole() {
    String big = "'" + "a".repeat(5000) + "' == device.vendor";
    CelConditions.CompileError e = error(big);
    assertThat(e).hasMessage(
        "expression code point size exceeds limit: size: 5019, limit 4096\n    " + big);
    assertThat(e.column()).isZero();
  }

  @Test
  void variablesNameTheirCelTypes() {
    assertThat(CelConditions.VARIABLES.stream().map(v -> v.name() + ":" + v.typeName()).toList())
        .isEqualTo(List.of("host.arch:string", "device.bus:string", "device.class:string",
            "device.vendor:string", "device.no_snoop:bool", "device.nosnoop_enabled:bool",
            "iommu.type:string", "iommu.cache_coherency:bool",
            "iommu.enforce_cache_coherency:bool", "iommu.scalable_mode:bool",
            "iommu.nesting:bool", "iommu.dirty_tracking:bool"));
  }
}
