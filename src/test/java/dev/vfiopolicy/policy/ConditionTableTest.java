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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Conditions as tables made at build time ({@link ConditionTable}): each answers as its CEL
 * program does on every device, conditions that cannot be tables stay programs, and a default
 * report, whose bundled conditions are all tables, does not load CEL's runtime.
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
    Condition c = t.condition(narrowed, v -> asked[0] = true);
    assertThat(c.test(views(1).get(0))).isTrue();
    assertThat(asked[0]).isTrue();
  }

  /** Structural, not a timing: the default report's conditions are tables, so no CEL runtime. */
  @Test
  void theDefaultReportLoadsNoCelRuntime() throws Exception {
    Path log = Files.createTempFile("classes", ".txt");
    try {
      Process p = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-XX:TieredStopAtLevel=1", "-Xshare:off", "-Djava.awt.headless=true",
              "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
              "dev.vfiopolicy.cli.Main", "report", "--hosts", "200")
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
      List<String> loaded = Files.readAllLines(log);
      assertThat(loaded).anyMatch(l -> l.contains("dev.vfiopolicy.policy.ConditionTable"));
      assertThat(loaded).noneMatch(l -> l.contains(" dev.cel.runtime.CelRuntime ")
          || l.contains(" com.google.protobuf.") || l.contains(" dev.cel.runtime.planner."));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
