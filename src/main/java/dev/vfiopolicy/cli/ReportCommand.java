package dev.vfiopolicy.cli;

import dev.vfiopolicy.app.DetailSize;
import dev.vfiopolicy.app.Library;
import dev.vfiopolicy.app.OutputFiles;
import dev.vfiopolicy.app.ReportJob;
import dev.vfiopolicy.app.ReportRequest;
import dev.vfiopolicy.report.TextReport;
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
    description = "Evaluates the policies over a population and prints the tables.")
public final class ReportCommand implements Callable<Integer> {
  /** From this many rows on, devices.csv's size is stated even when no one watches a terminal. */
  static final long LARGE_DETAIL_ROWS = 1_000_000;

  @Spec CommandSpec spec;

  @Mixin StandardOptions standard;

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
      description = {"Also write every format there:", "  report.txt, report.md, report.json,",
          "  report.email.txt, report.html,", "  summary.csv and claims.txt.",
          "They replace an earlier run's files together; files of yours in DIR stay."})
  Path out;

  @Option(names = "--detail",
      description = "With --out, also write devices.csv and vms.csv; with --format email,"
          + " every reason and note.")
  boolean detail;

  @Option(
      names = "--by",
      paramLabel = "WHAT",
      description = "What the tables count: device, vm (devices assigned together), or kind"
          + " (devices, one table per kind of machine) (default: ${DEFAULT-VALUE}).",
      defaultValue = "device")
  String by;

  @Override
  public Integer call() {
    Library lib = Shared.library();
    ReportRequest req = request(lib);
    ReportJob job = new ReportJob(lib, req);
    // Checked and locked now, before the work: a bad --out fails in a moment, not after it.
    try (OutputFiles files = req.outDir() == null ? null
        : OutputFiles.folder(req.outDir(), "--out", ReportJob.FILES)) {
      ReportData data;
      try (Progress progress = Shared.progress(spec, job.population().size(), "hosts")) {
        data = job.run(progress::update);
      }
      String text = job.render(data, req.format());
      if (files != null) {
        if (req.detail()) {
          statePlannedSize(DetailSize.of(data));
        }
        try (Progress progress = Shared.progress(spec, job.population().size(),
            "hosts written to devices.csv")) {
          job.writeFiles(data, files, progress::update);
        }
      }
      spec.commandLine().getOut().print(text);
    }
    return ExitCode.OK;
  }

  /** On a terminal, and for any large run, devices.csv's size before it is written. */
  private void statePlannedSize(DetailSize size) {
    boolean terminal = ((Root) spec.root().userObject()).progress.show();
    if (terminal || size.rows() >= LARGE_DETAIL_ROWS) {
      spec.commandLine().getErr().println("vfio-policy: --detail: devices.csv will have "
          + String.format(Locale.ROOT, "%,d", size.rows()) + " rows, about "
          + DetailSize.bytes(size.bytes()));
      spec.commandLine().getErr().flush();
    }
  }

  ReportRequest request(Library lib) {
    population.check(lib);
    ReportRequest.Format f;
    try {
      f = ReportRequest.Format.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(),
          "--format: expected text, markdown, csv, json, email or html, found '" + format
              + "'");
    }
    if (detail && out == null && f != ReportRequest.Format.EMAIL) {
      throw new ParameterException(spec.commandLine(), "--detail: needs --out DIR (or"
          + " --format email)");
    }
    TextReport.By what;
    try {
      what = TextReport.By.valueOf(by.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(),
          "--by: expected device, vm or kind, found '" + by + "'");
    }
    return new ReportRequest(population.population, population.hosts, population.seed,
        selection.policies, selection.scenarios, selection.kernels, selection.useCases, f, out,
        detail,
        f == ReportRequest.Format.TEXT && Terminal.colour(), population.threads(), what);
  }
}
