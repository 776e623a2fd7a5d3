package dev.vfiopolicy.app;

import dev.vfiopolicy.claims.Claim;
import dev.vfiopolicy.claims.ClaimLoader;
import dev.vfiopolicy.claims.ClaimVerdicts;
import dev.vfiopolicy.claims.Counts;
import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.report.ClaimsText;
import dev.vfiopolicy.report.ReportData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code claims}: the thread's claims checked against the model's counts. */
public final class ClaimsJob {
  private ClaimsJob() {}

  /** The bundled claims (claims/*.yaml), then any extra claim files. */
  public static List<Claim> claims(List<Path> extra) {
    List<Claim> out = new ArrayList<>();
    for (String name : Resources.list("claims")) {
      out.add(Library.bundledFile("claims/" + name, ClaimLoader::fromNode));
    }
    for (Path p : extra) {
      out.add(Library.userFile(p, ClaimLoader::fromNode));
    }
    return out;
  }

  /** The counts a claim reads, from a report. */
  public static Counts counts(ReportData d) {
    Map<String, Map<String, Map<String, Map<String, Long>>>> bySc = new LinkedHashMap<>();
    for (int s = 0; s < d.scenarios().size(); s++) {
      Map<String, Map<String, Map<String, Long>>> byPolicy = new LinkedHashMap<>();
      for (int p = 0; p < d.policies().size(); p++) {
        Map<String, Map<String, Long>> byUseCase = new LinkedHashMap<>();
        for (int u = 0; u < d.useCases().size(); u++) {
          int cell = d.cell(s, p, u);
          Map<String, Long> byOutcome = new LinkedHashMap<>();
          byOutcome.put("devices", d.tally().devices(cell));
          for (Outcome o : Outcome.values()) {
            byOutcome.put(o.column(), d.count(cell, o));
          }
          byUseCase.put(d.useCases().get(u).id(), byOutcome);
        }
        byPolicy.put(d.policies().get(p).id(), byUseCase);
      }
      bySc.put(d.scenarios().get(s).id(), byPolicy);
    }
    return new Counts(bySc,
        d.scenarios().stream().map(x -> x.id()).toList(),
        d.policies().stream().map(x -> x.id()).toList(),
        d.useCases().stream().map(x -> x.id()).toList());
  }

  /**
   * The bundled claims' verdicts, or null when the report leaves out a scenario, policy or use
   * case of the library (the claims read them all).
   */
  public static List<ClaimVerdicts.Verdict> verdictsIfComplete(Library lib, ReportData d) {
    boolean complete =
        d.scenarios().containsAll(lib.scenarios())
            && d.useCases().containsAll(lib.useCases())
            && d.policies().containsAll(lib.policies().values());
    return complete ? verdicts(d, claims(List.of())) : null;
  }

  public static List<ClaimVerdicts.Verdict> verdicts(ReportData d, List<Claim> claims) {
    return ClaimVerdicts.check(claims, counts(d));
  }

  public static String render(ReportData d, List<ClaimVerdicts.Verdict> verdicts, int width) {
    String header = "Claims from the thread, checked against the model\n"
        + "population " + d.population() + (d.seed() == null ? "" : ", seed " + d.seed())
        + ", " + d.hosts() + " hosts, " + d.devices() + " devices; vfio-policy " + d.version()
        + "\nreproduce: " + d.reproduce().replace("vfio-policy report", "vfio-policy claims")
        + d.inputs().stream().map(i -> "\ninput: " + i).collect(java.util.stream.Collectors.joining());
    return ClaimsText.render(verdicts, header, width);
  }
}
