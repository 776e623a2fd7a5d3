package dev.vfiopolicy.cli;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.app.ClaimsJob;
import dev.vfiopolicy.app.Library;
import dev.vfiopolicy.app.ReportJob;
import dev.vfiopolicy.app.ReportRequest;
import dev.vfiopolicy.claims.ClaimVerdicts;
import dev.vfiopolicy.report.ReportData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "claims",
    description = "Checks the thread's claims (claims/*.yaml) against the model: holds or not,"
        + " with the numbers behind each verdict.")
public final class ClaimsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StandardOptions standard;

  @Mixin Shared.PopulationOptions population;

  @Option(names = "--claim", paramLabel = "FILE",
      description = "An extra claim file; repeatable (a file given twice counts once).")
  List<Path> extra = new ArrayList<>();

  @Override
  public Integer call() {
    Library lib = Shared.library();
    population.check(lib);
    ReportRequest req = new ReportRequest(population.population, population.hosts,
        population.seed, List.of(), List.of(), List.of(), List.of(), ReportRequest.Format.TEXT,
        null, false, false, population.threads());
    var claims = ClaimsJob.claims(distinct(extra));
    ReportJob job = new ReportJob(lib, req);
    ReportData data;
    try (Progress progress = Shared.progress(spec, job.population().size(), "hosts")) {
      data = job.run(progress::update);
    }
    if (data.assignable() == 0) {
      throw new InputException("--population " + population.population + ": no assignable"
          + " device, so the claims have no evidence to be tested on");
    }
    List<ClaimVerdicts.Verdict> verdicts = ClaimsJob.verdicts(data, claims);
    spec.commandLine().getOut().print(ClaimsJob.render(data, verdicts, 100));
    return ExitCode.OK;
  }

  /** Each file once, however it is spelt (a.yaml, ./a.yaml, a link to it), in the order given. */
  static List<Path> distinct(List<Path> files) {
    Map<Path, Path> seen = new LinkedHashMap<>();
    for (Path p : files) {
      Path key;
      try {
        key = p.toRealPath();
      } catch (IOException | SecurityException e) {
        key = p.toAbsolutePath().normalize(); // missing: loading it says so
      }
      seen.putIfAbsent(key, p);
    }
    return new ArrayList<>(seen.values());
  }
}
