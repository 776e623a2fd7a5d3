package dev.vfiopolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A run whose first argument names a command builds the root with that command only (start-up:
 * picocli reflects over every command it is given). It must answer as the whole tree does: the
 * same output, messages and exit code, byte for byte.
 */
class OneCommandTreeTest {
  @TempDir static Path dir;

  private static final Progress.Policy NO_BARS = new Progress.Policy(false, 0);

  record Run(int code, String out, String err) {}

  static Run run(List<String> args, boolean wholeTree) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err),
        false, NO_BARS, wholeTree);
    return new Run(code, out.toString(), err.toString());
  }

  /** Every command with its help, version, wrong options and arguments, and alone. */
  static Stream<List<String>> argumentVectors() {
    List<List<String>> all = new ArrayList<>();
    List<List<String>> tails = List.of(List.of(), List.of("--help"), List.of("-h"),
        List.of("--version"), List.of("-V"), List.of("-hV"), List.of("--help", "extra"),
        List.of("--bogus"), List.of("--bogus=1"), List.of("-x"), List.of("extra"), List.of(""),
        List.of("--", "extra"));
    for (String command : EveryCommandTest.commands()) {
      List<String> words = command.isEmpty() ? List.of() : List.of(command.split(" "));
      for (List<String> tail : tails) {
        if (tail.isEmpty() && (command.equals("report") || command.equals("claims"))) {
          continue; // seconds each at the default size; run with fewer hosts below
        }
        List<String> args = new ArrayList<>(words);
        args.addAll(tail);
        all.add(args);
      }
    }
    String missing = dir.resolve("missing.yaml").toString();
    Stream.of(
        // Runs that work, and a command's own checks and input errors.
        List.of("report", "--hosts", "50", "--format", "json"),
        List.of("report", "--hosts", "50", "--by", "vm", "--policy", "hide-non-snoop"),
        List.of("claims", "--hosts", "20"),
        List.of("report", "--hosts", "ten"),
        List.of("report", "--hosts", "10", "--population", missing),
        List.of("report", "--format", "pdf"),
        List.of("report", "--detail"),
        List.of("report", "--population", ""),
        List.of("report", "--polcy", "x"),
        List.of("report", "--out", "/proc/version/x"),
        List.of("report", "--scenario", "linux-66"),
        List.of("explain", "--host", "nope", "--device", "x"),
        List.of("diff", "hide-non-snoop", "nope"),
        List.of("sweep", "--vary", "x=1..2:1"),
        List.of("policies", "show", "hide-non-snoop"),
        List.of("policies", "validate", missing),
        List.of("population", "generat"),
        List.of("population", "generate", "--preset", "sever-amd", "-o",
            dir.resolve("p.yaml").toString()),
        List.of("scenarios", "lst"),
        // What needs or lists the whole tree.
        List.of("help", "report"),
        List.of("help", "population", "generate"),
        List.of("help", "reprot"),
        List.of("completion", "bash"),
        List.of("completion", "fish"),
        List.of("reprot"),
        List.of("-h", "report"),
        List.of("--bogus", "report"),
        List.of("--", "report"))
        .forEach(all::add);
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("argumentVectors")
  void answersAsTheWholeTreeDoes(List<String> args) {
    assertThat(run(args, false)).isEqualTo(run(args, true));
  }

  /** Every command the annotation lists, by name or alias, but the two that read the tree. */
  @Test
  void knowsEveryCommandByName() {
    for (Class<?> c : RootCommand.class.getAnnotation(Command.class).subcommands()) {
      Command command = c.getAnnotation(Command.class);
      Class<?> alone =
          c == CommandLine.HelpCommand.class || c == CompletionCommand.class ? null : c;
      assertThat(RootCommand.alone(command.name())).as(command.name()).isEqualTo(alone);
      for (String alias : command.aliases()) {
        assertThat(RootCommand.alone(alias)).as(alias).isEqualTo(alone);
      }
    }
    assertThat(RootCommand.alone("reprot")).isNull();
    assertThat(RootCommand.alone("list")).isNull();
  }

  @Test
  void buildsTheNamedCommandOnlyWhenItNeedsNoOther() {
    assertThat(Main.commandLine(new String[] {"report", "--hosts", "5"}, NO_BARS)
        .getSubcommands()).containsOnlyKeys("report");
    assertThat(Main.commandLine(new String[] {"population", "generate"}, NO_BARS)
        .getSubcommands().get("population").getSubcommands())
        .containsOnlyKeys("generate", "import", "presets");
    int every = Main.commandLine(NO_BARS).getSubcommands().size();
    for (String[] args : new String[][] {{}, {"help", "report"}, {"completion", "bash"},
        {"reprot"}, {"-h"}, {"--", "report"}}) {
      assertThat(Main.commandLine(args, NO_BARS).getSubcommands()).as(String.join(" ", args))
          .hasSize(every);
    }
  }
}
