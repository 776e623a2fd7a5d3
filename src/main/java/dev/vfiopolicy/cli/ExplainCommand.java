package dev.vfiopolicy.cli;

import dev.vfiopolicy.app.ExplainJob;
import dev.vfiopolicy.app.Library;
import dev.vfiopolicy.model.Printable;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "explain",
    description = "Shows one device's outcomes and the reasoning behind each.")
public final class ExplainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StandardOptions standard;

  @Mixin Shared.PopulationOptions population;

  @Mixin Shared.SelectionOptions selection;

  @Option(names = "--host", paramLabel = "H", required = true, description = "Host name.")
  String host;

  @ArgGroup(exclusive = true, multiplicity = "1")
  What what;

  /** One device, or one VM. */
  static final class What {
    @Option(
        names = "--device",
        paramLabel = "D",
        description = "Device address (bdf, or its tail such as 00:02.0) or name.")
    String device;

    @Option(
        names = "--vm",
        paramLabel = "NAME",
        description = "A VM of the host: a name its population lists, or the address of a"
            + " device in no listed VM.")
    String vm;
  }

  @Override
  public Integer call() {
    Library lib = Shared.library();
    population.check(lib);
    String text =
        ExplainJob.run(
            lib,
            new ExplainJob.Request(population.population, population.hosts, population.seed,
                host, what.device, what.vm, selection.policies, selection.scenarios, selection.kernels,
                selection.useCases));
    spec.commandLine().getOut().print(Printable.lines(text));
    return ExitCode.OK;
  }
}
