package dev.vfiopolicy.cli;

import dev.vfiopolicy.app.CatalogViews;
import dev.vfiopolicy.app.GenerateJob;
import dev.vfiopolicy.app.ReportRequest;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "population",
    description = "Generates population files, imports real machines, lists presets.",
    subcommands = {
      PopulationCommand.Generate.class,
      ImportCommand.class,
      PopulationCommand.Presets.class
    })
public final class PopulationCommand implements Runnable {
  @Spec CommandSpec spec;

  @Mixin StandardOptions standard;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "expected 'generate', 'import' or 'presets'");
  }

  @Command(name = "generate",
      description = "Draws hosts from a preset into a population file in the format its name"
          + " says (see -o).")
  static final class Generate implements Runnable {
    @Spec CommandSpec spec;

    @Mixin StandardOptions standard;

    @Option(names = "--preset", paramLabel = "P", required = true, description = "Preset id.")
    String preset;

    @Option(names = "--hosts", paramLabel = "N",
        defaultValue = "" + ReportRequest.DEFAULT_HOSTS,
        description = "Hosts (default: ${DEFAULT-VALUE}).")
    long hosts;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + ReportRequest.DEFAULT_SEED,
        description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
        description = {"Population file to write, named for its format:",
            "  *.yaml, *.yml   YAML", "  *.jsonl         JSON Lines", "  *.csv           CSV",
            "and gzipped when the name ends in .gz (pop.csv.gz)."})
    Path out;

    @Override
    public void run() {
      Shared.checkHosts(spec, hosts);
      GenerateJob.output(out);
      GenerateJob.run(Shared.library(), new GenerateJob.Request(preset, hosts, seed, out));
    }
  }

  @Command(name = "presets", description = "The presets.")
  static final class Presets implements Runnable {
    @Spec CommandSpec spec;

    @Mixin StandardOptions standard;

    @Override
    public void run() {
      spec.commandLine().getOut().print(CatalogViews.presets(Shared.library()));
    }
  }
}
