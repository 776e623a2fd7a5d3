package dev.vfiopolicy.app;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.claims.Claim;
import dev.vfiopolicy.claims.ClaimLoader;
import dev.vfiopolicy.claims.ClaimVerdicts;
import dev.vfiopolicy.claims.Counts;
import dev.vfiopolicy.engine.Tally;
import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.model.Printable;
import dev.vfiopolicy.report.ClaimsText;
import dev.vfiopolicy.report.ReportData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code claims}: the thread's claims checked against the model's counts. */
public final class ClaimsJob {
  private ClaimsJob() {}

  /** The bundled claims (claims/*.yaml), then any extra claim files. */
  public static List<Claim> claims(List<Path> extra) {
    List<Claim> out = new ArrayList<>();
    Map<String, String> where = new LinkedHashMap<>();
    for (String name : Resources.list("claims")) {
      Claim c = Library.bundledFile("claims/" + name, ClaimLoader::fromNode);
      where.put(c.id(), "claims/" + name);
      out.add(c);
    }
    for (Path p : extra) {
      Claim c = Library.userFile(p, ClaimLoader::fromNode);
      String before = where.putIfAbsent(c.id(), p.toString());
      if (before == null) {
        out.add(c);
      } else if (!sameText(before, p)) {
        throw new InputException(p + ": claim '" + c.id() + "' has the id of " + before
            + "; give it an id of its own");
      }
      // The same claim again (a bundled claim's own file): counted once.
    }
    return out;
  }

  /** Is the file at {@code p} the bundled claim {@code resource} (or the same file again)? */
  private static boolean sameText(String resource, Path p) {
    try {
      byte[] mine = java.nio.file.Files.readAllBytes(p);
      byte[] theirs;
      if (resource.startsWith("claims/")) {
        try (java.io.InputStream in = Resources.open(resource)) {
          theirs = in.readAllBytes();
        }
      } else {
        theirs = java.nio.file.Files.readAllBytes(Path.of(resource));
      }
      return java.util.Arrays.equals(mine, theirs);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** The counts a claim reads, from a report: all hosts, and per kind of machine. */
  public static Counts counts(ReportData d) {
    Map<String, Map<String, Map<String, Map<String, Map<String, Long>>>>> byKind =
        new LinkedHashMap<>();
    for (ReportData.Kind k : d.kinds()) {
      byKind.put(k.kind(), counts(d, k.devicesTally()));
    }
    return new Counts(counts(d, d.tally()), byKind,
        d.scenarios().stream().map(x -> x.id()).toList(),
        d.policies().stream().map(x -> x.id()).toList(),
        d.useCases().stream().map(x -> x.id()).toList(),
        List.copyOf(byKind.keySet()));
  }

  private static Map<String, Map<String, Map<String, Map<String, Long>>>> counts(
      ReportData d, Tally t) {
    Map<String, Map<String, Map<String, Map<String, Long>>>> bySc = new LinkedHashMap<>();
    for (int s = 0; s < d.scenarios().size(); s++) {
      Map<String, Map<String, Map<String, Long>>> byPolicy = new LinkedHashMap<>();
      for (int p = 0; p < d.policies().size(); p++) {
        Map<String, Map<String, Long>> byUseCase = new LinkedHashMap<>();
        for (int u = 0; u < d.useCases().size(); u++) {
          int cell = d.cell(s, p, u);
          Map<String, Long> byOutcome = new LinkedHashMap<>();
          byOutcome.put("devices", t.devices(cell));
          for (Outcome o : Outcome.values()) {
            byOutcome.put(o.column(), t.count(cell, o));
          }
          byUseCase.put(d.useCases().get(u).id(), byOutcome);
        }
        byPolicy.put(d.policies().get(p).id(), byUseCase);
      }
      bySc.put(d.scenarios().get(s).id(), byPolicy);
    }
    return bySc;
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
    Counts counts = counts(d);
    List<ClaimVerdicts.Verdict> out = new ArrayList<>();
    for (Claim c : claims) {
      try {
        out.addAll(ClaimVerdicts.check(List.of(c), counts));
      } catch (InputException e) {
        throw new InputException(e.getMessage() + unknownNames(c, counts));
      }
    }
    return out;
  }

  private static final Pattern INDEXES = Pattern.compile("counts((?:\\s*\\[[^\\]]*\\])+)");
  private static final Pattern INDEX =
      Pattern.compile("\\[\\s*(?:'([^']*)'|\"([^\"]*)\"|[^\\]]*)\\s*\\]");

  /**
   * Why a claim could not be evaluated, when it names what the report does not have: which
   * quoted scenario, policy, use case or outcome in {@code counts[...]} is unknown, what exists,
   * and the closest name ("evaluation error ...: linux-9.9" alone says none of it).
   */
  static String unknownNames(Claim c, Counts counts) {
    List<String> outcomes = new ArrayList<>(List.of("devices"));
    for (Outcome o : Outcome.values()) {
      outcomes.add(o.column());
    }
    List<List<String>> known = List.of(counts.scenarios(), counts.policies(), counts.useCases(),
        outcomes);
    List<String> kinds = List.of("scenario", "policy", "use case", "outcome");
    List<String> plural = List.of("scenarios", "policies", "use cases", "outcomes");
    List<String> expressions = new ArrayList<>(List.of(c.holdsWhen()));
    c.evidence().forEach(e -> expressions.add(e.expression()));
    StringBuilder why = new StringBuilder();
    for (String expr : expressions) {
      Matcher chain = INDEXES.matcher(expr);
      while (chain.find()) {
        Matcher index = INDEX.matcher(chain.group(1));
        for (int level = 0; index.find() && level < known.size(); level++) {
          String name = index.group(1) != null ? index.group(1) : index.group(2);
          if (name == null || known.get(level).contains(name)) {
            continue;
          }
          String problem = "; '" + name + "' is not a " + kinds.get(level) + " of this report; "
              + plural.get(level) + ": " + String.join(", ", known.get(level))
              + Names.suggestion(name, known.get(level));
          if (why.indexOf(problem) < 0) {
            why.append(problem);
          }
        }
      }
    }
    return why.toString();
  }

  public static String render(ReportData d, List<ClaimVerdicts.Verdict> verdicts, int width) {
    String header = "Claims from the thread, checked against the model\n"
        + "population " + d.population() + (d.seed() == null ? "" : ", seed " + d.seed())
        + ", " + d.hosts() + " hosts, " + d.devices() + " devices; vfio-policy " + d.version()
        + "\nreproduce: " + d.reproduce().replace("vfio-policy report", "vfio-policy claims")
        + d.inputs().stream().map(i -> "\ninput: " + i).collect(java.util.stream.Collectors.joining());
    return Printable.lines(ClaimsText.render(verdicts, header, width));
  }
}
