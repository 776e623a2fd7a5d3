package dev.vfiopolicy.cli;

import dev.vfiopolicy.app.Library;
import dev.vfiopolicy.app.OutputFile;
import dev.vfiopolicy.app.SweepJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "sweep",
    description = {
      "Recomputes the report at each value of a preset parameter (same seed) and prints the"
          + " broken and unsafe shares per policy and use case.",
      "Parameters: sc-less-igpu-share (chance that a host whose kind has an integrated GPU behind"
          + " a unit without enforced coherency has it), nosnoop-share (chance that an assignable"
          + " device other than an integrated GPU issues no-snoop DMA)."
    })
public final class SweepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StandardOptions standard;

  @Option(names = "--vary", paramLabel = "PARAM=FROM..TO:STEP", required = true,
      description = "e.g. sc-less-igpu-share=0..1:0.1")
  String vary;

  @Mixin Shared.PopulationOptions population;

  @Mixin Shared.SelectionOptions selection;

  @Option(names = "--csv", paramLabel = "FILE",
      description = "Also write the sweep as CSV (gzipped when FILE ends in .gz).")
  Path csv;

  @Override
  public Integer call() {
    Library lib = Shared.library();
    Shared.checkHosts(spec, population.hosts);
    SweepJob.Request req = new SweepJob.Request(vary, population.population, population.hosts,
        population.seed, selection.policies, selection.scenarios, selection.kernels,
        selection.useCases, csv,
        population.threads());
    OutputFile target = csv == null ? null : OutputFile.of(csv, "--csv");
    SweepJob.Result r;
    try (Progress progress = Shared.progress(spec,
        SweepJob.stepCount(req) * population.hosts, "hosts (all steps)")) {
      r = SweepJob.run(lib, req, progress::update);
    }
    if (target != null) {
      String text = SweepJob.csv(r);
      target.write(w -> {
        try {
          w.write(text);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    spec.commandLine().getOut().print(SweepJob.text(r, req));
    return ExitCode.OK;
  }
}
