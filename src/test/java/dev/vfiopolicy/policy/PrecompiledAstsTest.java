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

  @Test
  void theResourceReadsBackAsWrittenAndAnythingElseAsNothing() throws Exception {
    java.util.Map<String, PrecompiledAsts.Entry> entries = new java.util.LinkedHashMap<>();
    entries.put("iommu.nesting", CelConditions.precompile("iommu.nesting"));
    entries.put("device.vendor == '8086'", CelConditions.precompile("device.vendor == '8086'"));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    PrecompiledAsts.write(entries, out);
    byte[] bytes = out.toByteArray();
    var back = PrecompiledAsts.read(new java.io.ByteArrayInputStream(bytes));
    assertThat(back.keySet()).containsExactlyElementsOf(entries.keySet());
    for (String k : entries.keySet()) {
      assertThat(back.get(k).ast()).isEqualTo(entries.get(k).ast());
    }
    assertThat(back.get("iommu.nesting").table().bits())
        .isEqualTo(entries.get("iommu.nesting").table().bits());
    assertThat(back.get("device.vendor == '8086'").table()).isNull();
    byte[] otherLayout = bytes.clone();
    otherLayout[3] ^= 1;
    assertThat(PrecompiledAsts.read(new java.io.ByteArrayInputStream(otherLayout))).isEmpty();
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
    assertThat(PrecompiledAsts.read(new java.io.ByteArrayInputStream(cut))).isEmpty();
  }

  @Test
  void mainWritesAnEntryForEveryConditionOfThePoliciesInTheClassesFolder(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path classes) throws Exception {
    java.nio.file.Path policies = classes.resolve("vfiopolicy/policies");
    java.nio.file.Files.createDirectories(policies);
    for (String name : new String[] {"hide-non-snoop.yaml", "rfc-literal-hide.yaml"}) {
      try (java.io.InputStream in = getClass().getResourceAsStream("/vfiopolicy/policies/" + name)) {
        java.nio.file.Files.copy(in, policies.resolve(name));
      }
    }
    java.nio.file.Files.writeString(policies.resolve("notes.txt"), "not a policy");
    PrecompiledAsts.main(new String[] {classes.toString()});
    var written = PrecompiledAsts.read(
        java.nio.file.Files.newInputStream(classes.resolve(PrecompiledAsts.RESOURCE)));
    java.util.Set<String> expected = new java.util.LinkedHashSet<>();
    for (String id : new String[] {"hide-non-snoop", "rfc-literal-hide"}) {
      for (Rule r : Library.bundled().policies().get(id).rules()) {
        expected.add(r.when());
      }
    }
    assertThat(written.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(written.values()).allSatisfy(e -> assertThat(e.table()).isNotNull());
  }
}
