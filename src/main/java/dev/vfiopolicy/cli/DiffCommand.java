package dev.vfiopolicy.cli;

import dev.vfiopolicy.app.DiffJob;
import dev.vfiopolicy.app.Library;
import dev.vfiopolicy.model.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "diff",
    description =
        "Where two policies differ: devices moving between outcomes, by reason, with a sample.")
public final class DiffCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StandardOptions standard;

  @Parameters(index = "0", paramLabel = "A", description = "Policy id or file.")
  String a;

  @Parameters(index = "1", paramLabel = "B", description = "Policy id or file.")
  String b;

  @Mixin Shared.PopulationOptions population;

  @Option(names = "--scenario", paramLabel = "ID", description = "Scenario id; repeatable.")
  List<String> scenarios = new ArrayList<>();

  @Option(names = "--kernel", paramLabel = "X.Y",
      description = "A kernel release to evaluate (from 5.15 on); repeatable.")
  java.util.List<String> kernels = new java.util.ArrayList<>();

  @Option(names = "--use-case", paramLabel = "ID", description = "Use case id; repeatable.")
  List<String> useCases = new ArrayList<>();

  @Override
  public Integer call() {
    Library lib = Shared.library();
    population.check(lib);
    DiffJob.Request req =
        new DiffJob.Request(a, b, population.population, population.hosts, population.seed,
            scenarios, kernels, useCases, population.threads());
    DiffJob.Result result;
    try (Progress progress = Shared.progress(spec, population.expectedHosts(lib), "hosts")) {
      result = DiffJob.compute(lib, req, progress::update);
    }
    spec.commandLine().getOut().print(Printable.lines(DiffJob.render(result, req)));
    return ExitCode.OK;
  }
}
