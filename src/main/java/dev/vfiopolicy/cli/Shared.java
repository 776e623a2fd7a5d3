package dev.vfiopolicy.cli;

import dev.vfiopolicy.app.Library;
import dev.vfiopolicy.app.ReportRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Option groups several commands share. */
final class Shared {
  private Shared() {}

  static Library library() {
    return Library.bundled();
  }

  /** Where hosts come from. */
  static final class PopulationOptions {
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
  }

  static int threads(picocli.CommandLine.Model.CommandSpec spec, int threads) {
    if (threads < 1 || threads > 256) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
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

  static void checkHosts(picocli.CommandLine.Model.CommandSpec spec, long hosts) {
    if (hosts < 1 || hosts > MAX_HOSTS) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--hosts: expected a number from 1 to " + MAX_HOSTS + ", found " + hosts);
    }
  }
}
