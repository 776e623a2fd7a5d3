package dev.vfiopolicy.cli;

import dev.vfiopolicy.app.ClaimsJob;
import dev.vfiopolicy.app.ReportJob;
import dev.vfiopolicy.app.ReportRequest;
import dev.vfiopolicy.claims.ClaimVerdicts;
import dev.vfiopolicy.report.ReportData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "claims",
    mixinStandardHelpOptions = true,
    description = "Checks the thread's claims (claims/*.yaml) against the model: holds or not,"
        + " with the numbers behind each verdict.")
public final class ClaimsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin Shared.PopulationOptions population;

  @Option(names = "--claim", paramLabel = "FILE", description = "An extra claim file; repeatable.")
  List<Path> extra = new ArrayList<>();

  @Override
  public Integer call() {
    Shared.checkHosts(spec, population.hosts);
    ReportRequest req = new ReportRequest(population.population, population.hosts,
        population.seed, List.of(), List.of(), List.of(), List.of(), ReportRequest.Format.TEXT,
        null, false, false,
        Shared.threads(spec, population.threads));
    var lib = Shared.library();
    var claims = ClaimsJob.claims(extra);
    ReportData data = new ReportJob(lib, req).run();
    List<ClaimVerdicts.Verdict> verdicts = ClaimsJob.verdicts(data, claims);
    spec.commandLine().getOut().print(ClaimsJob.render(data, verdicts, 100));
    return ExitCode.OK;
  }
}
