package dev.vfiopolicy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.Arch;
import dev.vfiopolicy.model.Bus;
import dev.vfiopolicy.model.Condition;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.IommuType;
import dev.vfiopolicy.model.KernelView;
import dev.vfiopolicy.model.Profile;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The ways a bundled condition is made ({@link CelConditions#bundled}): from its table, from its
 * checked AST when it has no table, by the compiler when the AST is unusable or missing.
 */
class BundledConditionsTest {
  private static KernelView view(IommuType type, boolean nesting) {
    Profile p = new Profile(Arch.X86_64, Bus.PCI, DeviceClass.NIC, "8086", false, false, false,
        type, true, true, false, nesting, false, true);
    return new KernelView(p, null, true, true, nesting, false);
  }

  private static final String E = "iommu.type == 'amd-vi' && iommu.nesting";

  private static void decides(Condition c) {
    assertThat(c.test(view(IommuType.AMD_VI, true))).isTrue();
    assertThat(c.test(view(IommuType.AMD_VI, false))).isFalse();
    assertThat(c.test(view(IommuType.INTEL_VTD, true))).isFalse();
  }

  @Test
  void aTextTheBuildDidNotSeeIsCompiled() throws Exception {
    decides(CelConditions.bundled(null, E, "test"));
    decides(CelConditions.bundled(E, "test"));
  }

  @Test
  void anEntryWithoutATableIsAProgramFromItsAst() throws Exception {
    PrecompiledAsts.Entry built = CelConditions.precompile(E);
    decides(CelConditions.bundled(new PrecompiledAsts.Entry(built.ast(), null), E, "test"));
    decides(CelConditions.bundled(built, E, "test"));
  }

  @Test
  void anUnreadableAstIsCompiledAgainOrRefusedWithItsPlace() throws Exception {
    byte[] junk = {1, 2, 3};
    decides(CelConditions.bundled(new PrecompiledAsts.Entry(junk, null), E, "test"));
    assertThatThrownBy(() -> CelConditions.bundled(
            new PrecompiledAsts.Entry(junk, null), "iommu.nestng", "p.yaml:2:3: rule 'r'"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("p.yaml:2:3: rule 'r': the condition does not compile");
  }

  @Test
  void aDeferredConditionIsMadeOnceAndAnswersAsWhatItMade() {
    AtomicInteger made = new AtomicInteger();
    CelConditions.Deferred yes = new CelConditions.Deferred(() -> {
      made.incrementAndGet();
      return v -> v.nesting();
    });
    assertThat(yes.test(view(IommuType.AMD_VI, true))).isTrue();
    assertThat(yes.test(view(IommuType.AMD_VI, false))).isFalse();
    assertThat(made).hasValue(1);
  }
}
