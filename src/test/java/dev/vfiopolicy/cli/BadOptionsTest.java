package dev.vfiopolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every command's options with wrong values: exit 2, one message naming the option or file. */
class BadOptionsTest {
  @TempDir static Path dir;

  static Stream<Arguments> cases() {
    String missing = dir.resolve("missing.yaml").toString();
    return Stream.of(
        Arguments.of("--hosts", new String[] {"report", "--hosts", "ten"}),
        Arguments.of("--hosts", new String[] {"report", "--hosts", "-5"}),
        Arguments.of("--hosts", new String[] {"report", "--hosts", "99999999999"}),
        Arguments.of("--seed", new String[] {"report", "--seed", "1.5"}),
        Arguments.of("--threads", new String[] {"report", "--threads", "999"}),
        Arguments.of("--format", new String[] {"report", "--format", "pdf"}),
        Arguments.of("--population", new String[] {"report", "--population", "laptop"}),
        Arguments.of("missing.yaml", new String[] {"report", "--population", missing}),
        Arguments.of("--policy", new String[] {"report", "--policy", "expose"}),
        Arguments.of("missing.yaml", new String[] {"report", "--policy", missing}),
        Arguments.of("--scenario", new String[] {"report", "--scenario", "linux-7"}),
        Arguments.of("--use-case", new String[] {"report", "--use-case", "vm"}),
        Arguments.of("--detail", new String[] {"report", "--detail"}),
        Arguments.of("--out", new String[] {"report", "--out", "/proc/version/x"}),
        Arguments.of("--host", new String[] {"explain", "--host", "nope", "--device", "x"}),
        Arguments.of("--host", new String[] {"explain", "--device", "x"}),
        Arguments.of("--policy", new String[] {"diff", "hide-non-snoop", "nope"}),
        Arguments.of("diff", new String[] {"diff", "hide-non-snoop"}),
        Arguments.of("--vary", new String[] {"sweep", "--vary", "x=1..2:1"}),
        Arguments.of("--vary", new String[] {"sweep"}),
        Arguments.of("missing.yaml", new String[] {"claims", "--claim", missing}),
        Arguments.of("--preset", new String[] {"population", "generate", "--preset", "x",
            "-o", dir.resolve("p.yaml").toString()}),
        Arguments.of("--output", new String[] {"population", "generate", "--preset", "mixed"}),
        Arguments.of("missing.yaml", new String[] {"policies", "validate", missing}),
        Arguments.of("--policy", new String[] {"policies", "show", "nope"}),
        Arguments.of("--lspci", new String[] {"population", "import", "-o",
            dir.resolve("h.yaml").toString()}),
        Arguments.of("missing.yaml", new String[] {"population", "import", "--lspci", missing,
            "-o", dir.resolve("h.yaml").toString()}),
        Arguments.of("nope", new String[] {"nope"}),
        Arguments.of("command", new String[] {}));
  }

  @ParameterizedTest(name = "{index}: {1}")
  @MethodSource("cases")
  void exitTwoWithOneMessage(String names, String[] args) {
    CliTest.Run r = CliTest.run(args);
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    String first = r.err().lines().findFirst().orElse("");
    assertThat(first).startsWith("vfio-policy: ").contains(names.replace("diff", "B"))
        .doesNotContain("Exception");
    assertThat(r.err()).doesNotContain("\tat ");
  }

  @Test
  void everyCommandsHelpListsTheExitCodes() {
    for (String[] cmd : new String[][] {{"report"}, {"explain"}, {"diff"}, {"claims"},
        {"sweep"}, {"policies", "validate"}, {"population", "import"}}) {
      String[] args = Stream.concat(Stream.of(cmd), Stream.of("--help")).toArray(String[]::new);
      assertThat(CliTest.run(args).out()).as(String.join(" ", cmd))
          .contains("Exit codes:").contains("2  bad input");
    }
  }
}
