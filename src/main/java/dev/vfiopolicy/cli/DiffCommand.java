package dev.vfiopolicy.cli;

import dev.vfiopolicy.app.DiffJob;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description =
        "Where two policies differ: devices moving between outcomes, by reason, with a sample.")
public final class DiffCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "A", description = "Policy id or file.")
  String a;

  @Parameters(index = "1", paramLabel = "B", description = "Policy id or file.")
  String b;

  @Mixin Shared.PopulationOptions population;

  @Option(names = "--scenario", paramLabel = "ID", description = "Scenario id; repeatable.")
  java.util.List<String> scenarios = new java.util.ArrayList<>();

  @Option(names = "--kernel", paramLabel = "X.Y",
      description = "A kernel release to evaluate (from 5.15 on); repeatable.")
  java.util.List<String> kernels = new java.util.ArrayList<>();

  @Option(names = "--use-case", paramLabel = "ID", description = "Use case id; repeatable.")
  java.util.List<String> useCases = new java.util.ArrayList<>();

  @Override
  public Integer call() {
    Shared.checkHosts(spec, population.hosts);
    DiffJob.Request req =
        new DiffJob.Request(a, b, population.population, population.hosts, population.seed,
            scenarios, kernels, useCases, Shared.threads(spec, population.threads));
    spec.commandLine().getOut().print(DiffJob.render(DiffJob.compute(Shared.library(), req), req));
    return ExitCode.OK;
  }
}
