package dev.vfiopolicy.cli;

import dev.vfiopolicy.app.OutputFiles;
import dev.vfiopolicy.app.ReportJob;
import dev.vfiopolicy.app.ReportRequest;
import dev.vfiopolicy.report.ReportData;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Evaluates the policies over a population and prints the tables.")
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin Shared.PopulationOptions population;

  @Mixin Shared.SelectionOptions selection;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "text, markdown, csv (summary.csv), json, email (72 columns) or html"
          + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "text")
  String format;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Also write report.txt, report.md, report.json, summary.csv,"
          + " report.email.txt, report.html and claims.txt there.")
  Path out;

  @Option(names = "--detail", description = "With --out, also write devices.csv.")
  boolean detail;

  @Override
  public Integer call() {
    ReportRequest req = request();
    ReportJob job = new ReportJob(Shared.library(), req);
    if (req.outDir() != null) {
      OutputFiles.in(req.outDir()).close(); // fails now, before the work, if it cannot be written
    }
    ReportData data;
    try (Progress progress = Progress.onStderr(spec.commandLine().getErr(),
        job.population().size())) {
      data = job.run(progress::update);
    }
    String text = job.render(data, req.format());
    if (req.outDir() != null) {
      job.writeFiles(data, req.outDir());
    }
    spec.commandLine().getOut().print(text);
    return ExitCode.OK;
  }

  ReportRequest request() {
    Shared.checkHosts(spec, population.hosts);
    ReportRequest.Format f;
    try {
      f = ReportRequest.Format.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(),
          "--format: expected text, markdown, csv, json, email or html, found '" + format
              + "'");
    }
    if (detail && out == null) {
      throw new ParameterException(spec.commandLine(), "--detail: needs --out DIR");
    }
    return new ReportRequest(population.population, population.hosts, population.seed,
        selection.policies, selection.scenarios, selection.kernels, selection.useCases, f, out,
        detail,
        f == ReportRequest.Format.TEXT && Terminal.colour(),
        Shared.threads(spec, population.threads));
  }
}
