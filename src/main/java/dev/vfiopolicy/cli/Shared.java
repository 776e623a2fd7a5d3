package dev.vfiopolicy.cli;

import dev.vfiopolicy.app.Library;
import dev.vfiopolicy.app.ReportRequest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Option groups several commands share. */
final class Shared {
  private Shared() {}

  static Library library() {
    return Library.bundled();
  }

  /** Where hosts come from. */
  static final class PopulationOptions {
    @Spec(Spec.Target.MIXEE) CommandSpec mixee;

    @Option(
        names = "--population",
        paramLabel = "PRESET|FILE",
        description = "Preset id or population file (default: ${DEFAULT-VALUE}).",
        defaultValue = ReportRequest.DEFAULT_POPULATION)
    String population;

    @Option(
        names = "--hosts",
        paramLabel = "N",
        description = "Hosts to generate from a preset (default: ${DEFAULT-VALUE}).",
        defaultValue = "" + ReportRequest.DEFAULT_HOSTS)
    long hosts;

    @Option(
        names = "--seed",
        paramLabel = "S",
        description = "Seed of the generator (default: ${DEFAULT-VALUE}).",
        defaultValue = "" + ReportRequest.DEFAULT_SEED)
    long seed;

    @Option(
        names = "--threads",
        paramLabel = "N",
        description = "Threads that draw a generated population (default: the machine's"
            + " cores). The output is the same for any N.")
    int threads = Runtime.getRuntime().availableProcessors();

    /**
     * Refuses options that would be silently ignored: --hosts and --seed draw a preset, and a
     * population file has its own hosts. Only options the user typed count, not defaults.
     */
    void check(Library lib) {
      checkHosts(mixee, hosts);
      if (lib.presets().containsKey(population)) {
        return;
      }
      List<String> given = new ArrayList<>();
      for (String o : List.of("--hosts", "--seed")) {
        if (mixee.commandLine().getParseResult().hasMatchedOption(o)) {
          given.add(o);
        }
      }
      if (!given.isEmpty()) {
        throw new ParameterException(mixee.commandLine(), String.join(" and ", given)
            + (given.size() == 1 ? " draws" : " draw") + " hosts from a preset, but"
            + " --population " + population + " is a file with its own hosts; leave out "
            + String.join(" and ", given) + ", or give a preset");
      }
    }

    /** Hosts the run will go through, or -1 when a file says (read as it goes). */
    long expectedHosts(Library lib) {
      return lib.presets().containsKey(population) ? hosts : -1;
    }

    int threads() {
      return Shared.threads(mixee, threads);
    }
  }

  static int threads(CommandSpec spec, int threads) {
    if (threads < 1 || threads > 256) {
      throw new ParameterException(spec.commandLine(),
          "--threads: expected a number from 1 to 256, found " + threads);
    }
    return threads;
  }

  /** Which cells of the report. */
  static final class SelectionOptions {
    @Option(
        names = "--policy",
        paramLabel = "ID|FILE",
        description = "Policy id or policy file; repeatable (default: all bundled).")
    List<String> policies = new ArrayList<>();

    @Option(
        names = "--scenario",
        paramLabel = "ID",
        description = "Scenario id; repeatable (default: all).")
    List<String> scenarios = new ArrayList<>();

    @Option(
        names = "--kernel",
        paramLabel = "X.Y",
        description = "A kernel release to evaluate, from 5.15 on (catalog/kernels.yaml), with"
            + " the default Kconfig choices; repeatable. Without --scenario, only these.")
    List<String> kernels = new ArrayList<>();

    @Option(
        names = "--use-case",
        paramLabel = "ID",
        description = "Use case id; repeatable (default: all).")
    List<String> useCases = new ArrayList<>();
  }

  static final long MAX_HOSTS = 1_000_000_000L;

  static void checkHosts(CommandSpec spec, long hosts) {
    if (hosts < 1 || hosts > MAX_HOSTS) {
      throw new ParameterException(spec.commandLine(),
          "--hosts: expected a number from 1 to " + MAX_HOSTS + ", found " + hosts);
    }
  }

  /** A progress bar for a run over {@code hosts} hosts (-1: unknown), on stderr if a terminal. */
  static Progress progress(CommandSpec spec, long hosts, String what) {
    PrintWriter err = spec.commandLine().getErr();
    return Progress.of(((Root) spec.root().userObject()).progress, err, hosts, what);
  }
}
