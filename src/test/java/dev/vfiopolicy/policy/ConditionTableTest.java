package dev.vfiopolicy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.Arch;
import dev.vfiopolicy.model.Bus;
import dev.vfiopolicy.model.Condition;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.IommuType;
import dev.vfiopolicy.model.KernelView;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.model.Rule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Conditions as tables made at build time ({@link ConditionTable}): each answers as its CEL
 * program does on every device, and conditions that cannot be tables stay programs.
 */
class ConditionTableTest {
  private static final String[] VENDORS = {"8086", "1002", "10de", "15b3", "1af4", "abcd"};

  /** Views with every variable drawn independently, so that combinations no preset has occur. */
  private static List<KernelView> views(int n) {
    SplittableRandom r = new SplittableRandom(20210922);
    List<KernelView> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Profile p = new Profile(
          pick(r, Arch.values()), pick(r, Bus.values()), pick(r, DeviceClass.values()),
          VENDORS[r.nextInt(VENDORS.length)], r.nextBoolean(), r.nextBoolean(), r.nextBoolean(),
          pick(r, IommuType.values()), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(),
          r.nextBoolean(), r.nextBoolean(), r.nextBoolean());
      out.add(new KernelView(p, null, r.nextBoolean(), r.nextBoolean(), r.nextBoolean(),
          r.nextBoolean()));
    }
    return out;
  }

  private static <T> T pick(SplittableRandom r, T[] values) {
    return values[r.nextInt(values.length)];
  }

  private static void agree(Condition table, Condition program, String what) {
    for (KernelView v : views(4000)) {
      assertThat(table.test(v)).as("%s on %s", what, v).isEqualTo(program.test(v));
    }
  }

  @Test
  void everyBundledConditionIsATableThatAnswersAsItsProgramOnEveryDevice() throws Exception {
    int rules = 0;
    for (Policy p : Fixtures.library().policies().values()) {
      for (Rule r : p.rules()) {
        PrecompiledAsts.Entry e = PrecompiledAsts.bundled().get(r.when());
        assertThat(e.table()).as("%s %s has a table", p.id(), r.id()).isNotNull();
        Condition table = CelConditions.bundled(r.when(), "test");
        assertThat(table.getClass().getName()).contains("ConditionTable");
        agree(table, CelConditions.compile(r.when(), "test"), p.id() + " " + r.id());
        rules++;
      }
    }
    assertThat(rules).isPositive();
  }

  @Test
  void aTableReadsItsVariablesFirstSlowestAndAgreesWithItsProgram() throws Exception {
    String e = "iommu.type == 'amd-vi' && !device.no_snoop || host.arch == 's390x'";
    ConditionTable t = CelConditions.precompile(e).table();
    assertThat(t.vars()).containsExactly("device.no_snoop", "host.arch", "iommu.type");
    assertThat(t.size()).isEqualTo(2 * Arch.values().length * IommuType.values().length);
    Condition table = t.condition(CelConditions.VARIABLES, v -> {
      throw new AssertionError("every value is in the domain");
    });
    agree(table, CelConditions.compile(e, "test"), e);
  }

  @Test
  void aConditionOnAnOpenVariableStaysAProgram() throws Exception {
    assertThat(CelConditions.precompile("device.vendor == '8086' && device.no_snoop").table())
        .isNull();
  }

  @Test
  void aConditionThatFailsOnSomeDeviceStaysAProgramAndFailsAsOne() throws Exception {
    String e = "1 / (device.no_snoop ? 0 : 1) == 1";
    assertThat(CelConditions.precompile(e).table()).isNull();
    Condition c = CelConditions.compile(e, "p.yaml:3:5: rule 'r'");
    KernelView snoops = views(200).stream().filter(v -> v.profile().noSnoop()).findFirst()
        .orElseThrow();
    assertThatThrownBy(() -> c.test(snoops)).isInstanceOf(InputException.class)
        .hasMessageStartingWith("p.yaml:3:5: rule 'r': the condition failed to evaluate");
  }

  @Test
  void tablesStopAtTheirSizeLimit() throws Exception {
    String under = "host.arch == 'x86_64' && device.bus == 'pci' && device.class == 'nic'"
        + " && iommu.type == 'amd-vi' && device.no_snoop";
    assertThat(CelConditions.precompile(under).table().size())
        .isEqualTo(3840).isLessThanOrEqualTo(ConditionTable.MAX_ENTRIES);
    assertThat(CelConditions.precompile(under + " && device.nosnoop_enabled").table()).isNull();
  }

  @Test
  void aTableOfExactlyTheLimitIsMadeAndOneMoreVariableIsTooMany() throws Exception {
    String seven = "device.no_snoop && device.nosnoop_enabled && iommu.cache_coherency"
        + " && iommu.enforce_cache_coherency && iommu.scalable_mode && iommu.nesting"
        + " && iommu.dirty_tracking && host.arch == 'x86_64'";
    String exact = seven + " && iommu.type == 'amd-vi'";
    assertThat(4 * 8 * 128).isEqualTo(ConditionTable.MAX_ENTRIES);
    assertThat(CelConditions.precompile(exact).table().size()).isEqualTo(ConditionTable.MAX_ENTRIES);
    assertThat(CelConditions.precompile(exact + " && device.bus == 'pci'").table()).isNull();
  }

  private static ConditionTable readBack(int vars, int size) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(vars);
    for (int i = 0; i < vars; i++) {
      out.writeUTF("iommu.nesting");
    }
    out.writeInt(size);
    for (int i = 0; i < (Math.max(size, 0) + 63) / 64; i++) {
      out.writeLong(-1L);
    }
    return ConditionTable.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
  }

  @Test
  void aTableIsReadOnlyWithinItsBounds() throws Exception {
    assertThat(readBack(64, 1).vars()).hasSize(64);
    assertThat(readBack(0, ConditionTable.MAX_ENTRIES).size()).isEqualTo(4096);
    assertThat(readBack(1, 1).bits()).containsExactly(-1L);
    for (int[] bad : new int[][] {{65, 2}, {-1, 2}, {1, 0}, {1, ConditionTable.MAX_ENTRIES + 1}}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> readBack(bad[0], bad[1]))
          .isInstanceOf(java.io.IOException.class).hasMessage("bad table");
    }
  }

  @Test
  void aTableSurvivesTheResourceAndOneThatDoesNotFitIsNotUsed() throws Exception {
    ConditionTable t = CelConditions.precompile("iommu.scalable_mode != device.no_snoop").table();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    t.write(new DataOutputStream(bytes));
    ConditionTable back =
        ConditionTable.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(back.vars()).isEqualTo(t.vars());
    assertThat(back.size()).isEqualTo(t.size());
    assertThat(back.bits()).isEqualTo(t.bits());
    Condition never = v -> {
      throw new AssertionError();
    };
    assertThat(new ConditionTable(List.of("iommu.nosuch"), 2, t.bits())
        .condition(CelConditions.VARIABLES, never)).isNull();
    assertThat(new ConditionTable(List.of("device.vendor"), 2, t.bits())
        .condition(CelConditions.VARIABLES, never)).isNull();
    assertThat(new ConditionTable(t.vars(), 3, t.bits())
        .condition(CelConditions.VARIABLES, never)).isNull();
    assertThat(back.condition(CelConditions.VARIABLES, never)).isNotNull();
  }

  @Test
  void aValueOutsideTheDomainIsAskedOfTheProgram() throws Exception {
    String e = "iommu.type == 'amd-vi'";
    ConditionTable t = CelConditions.precompile(e).table();
    List<CelConditions.Var> narrowed = new ArrayList<>();
    for (CelConditions.Var v : CelConditions.VARIABLES) {
      narrowed.add(v.name().equals("iommu.type")
          ? new CelConditions.Var(v.name(), v.type(), x -> "elsewhere", v.domain(), v.doc())
          : v);
    }
    boolean[] asked = {false};
    Condition c = t.condition(narrowed, v -> {
      asked[0] = true;
      return false;
    });
    KernelView amd = views(200).stream()
        .filter(v -> v.profile().iommuType() == IommuType.AMD_VI).findFirst().orElseThrow();
    assertThat(t.condition(CelConditions.VARIABLES, v -> false).test(amd)).isTrue();
    assertThat(c.test(amd)).isFalse();
    assertThat(asked[0]).isTrue();
  }


}
