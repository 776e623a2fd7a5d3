package dev.vfiopolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vfiopolicy.CliRun;
import dev.vfiopolicy.app.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** What every command offers: --version, help, shell completion and a man page (issue 12). */
class EveryCommandTest {
  /** Every command and subcommand, as the words a user types: "population import". */
  static List<String> commands() {
    List<String> out = new ArrayList<>();
    walk(Main.commandLine(Progress.Policy.detect()), "", out);
    return out;
  }

  private static void walk(CommandLine cl, String prefix, List<String> out) {
    out.add(prefix.strip());
    cl.getSubcommands().forEach((name, sub) -> walk(sub, prefix + " " + name, out));
  }

  static Stream<String> withVersion() {
    return commands().stream().filter(c -> !c.equals("help"));
  }

  /** Item 1: `report --version` (and every subcommand's, which --help lists) printed nothing. */
  @ParameterizedTest(name = "{0} --version")
  @MethodSource("withVersion")
  void everyCommandPrintsTheVersion(String command) {
    List<String> args =
        new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
    args.add("--version");
    CliRun r = CliRun.of(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("vfio-policy " + Version.VERSION + "\n");
    CliRun h = CliRun.of(Stream.concat(args.stream().limit(args.size() - 1),
        Stream.of("--help")).toArray(String[]::new));
    assertThat(h.out()).as(command + " --help").contains("--version").contains("Exit codes:");
  }

  /** Item 9: no help subcommand. */
  @Test
  void helpCommandShowsACommandsHelp() {
    CliRun r = CliRun.of("help", "report");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(CliRun.of("report", "--help").out()).contains("--detail");
    assertThat(CliRun.of("help").out()).contains("Commands:").contains("completion");
    CliRun bad = CliRun.of("help", "reprot");
    assertThat(bad.code()).isEqualTo(2);
  }

  /** Item 9: no shell completion. picocli writes bash; zsh runs it through bashcompinit. */
  @Test
  void completionScriptsCompleteTheCommands(@TempDir Path dir) throws Exception {
    CliRun bash = CliRun.of("completion", "bash");
    assertThat(bash.code()).isZero();
    assertThat(bash.out()).contains("complete -F _complete_vfio-policy")
        .contains("population").contains("--population");
    CliRun zsh = CliRun.of("completion", "zsh");
    assertThat(zsh.out()).isEqualTo(bash.out()).contains("bashcompinit");
    assertThat(CliRun.of("completion", "fish").code()).isEqualTo(2);

    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
    Path script = Files.writeString(dir.resolve("vfio-policy.bash"), bash.out());
    // Ask bash what it would complete after "vfio-policy rep" and "vfio-policy report --pol".
    String probe = "source " + script + "\n"
        + "COMP_WORDS=(vfio-policy rep); COMP_CWORD=1; _complete_vfio-policy;"
        + " echo \"${COMPREPLY[@]}\"\n"
        + "COMP_WORDS=(vfio-policy report --pol); COMP_CWORD=2; _complete_vfio-policy;"
        + " echo \"${COMPREPLY[@]}\"\n";
    // (bash says compopt works only inside a real completion; it is not needed for this.)
    Process p = new ProcessBuilder("bash", "-c", probe)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .lines().toList();
    assertThat(lines).containsExactly("report", "--policy");
  }

  /** Item 9: no man page. The build writes one per command (pom.xml, exec-maven-plugin). */
  @Test
  void theBuildWritesAManPageForEveryCommand() throws IOException {
    String where = System.getProperty("vfiopolicy.man.dir");
    assumeTrue(where != null, "run by Maven, which generates the man pages");
    Path man = Path.of(where);
    for (String c : commands()) {
      String name = c.isEmpty() ? "vfio-policy" : "vfio-policy-" + c.replace(' ', '-');
      Path page = man.resolve(name + ".adoc");
      assertThat(page).as(c).exists();
      String text = Files.readString(page);
      assertThat(text).contains("= " + name + "(1)").contains("== Synopsis");
      if (!c.equals("help")) { // picocli's own help command has no version or footer
        assertThat(text).as(c).contains(":mansource: vfio-policy " + Version.VERSION)
            .contains("Exit codes:").contains("*--version*");
      }
    }
  }
}
