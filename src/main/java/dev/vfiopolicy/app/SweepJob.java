package dev.vfiopolicy.app;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.population.Parameters;
import dev.vfiopolicy.report.Csv;
import dev.vfiopolicy.report.ReportData;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sweep --vary PARAM=FROM..TO:STEP}: the report recomputed at each value of a preset
 * parameter, with the same seed, so that differences come from the parameter alone.
 */
public final class SweepJob {
  private static final Pattern VARY =
      Pattern.compile("([a-z-]+)=([0-9.]+)\\.\\.([0-9.]+):([0-9.]+)");
  private static final int MAX_STEPS = 1000;

  private SweepJob() {}

  public record Request(
      String vary,
      String population,
      long hosts,
      long seed,
      List<String> policies,
      List<String> scenarios,
      List<String> kernels,
      List<String> useCases,
      Path csv,
      int threads) {}

  /** One step: the parameter's value, what it measured as, and the report. */
  public record Step(BigDecimal value, String measured, ReportData data) {}

  public record Result(Parameters parameter, List<Step> steps) {}

  public static Result run(Library lib, Request req) {
    return run(lib, req, done -> {});
  }

  /** How many reports the sweep computes; each draws {@code hosts} hosts. */
  public static int stepCount(Request req) {
    return plan(req).values().size();
  }

  private record Plan(Parameters param, List<BigDecimal> values) {}

  private static Plan plan(Request req) {
    Matcher m = VARY.matcher(req.vary());
    if (!m.matches()) {
      throw new InputException("--vary: expected PARAM=FROM..TO:STEP such as"
          + " sc-less-igpu-share=0..1:0.1, found '" + req.vary() + "'");
    }
    Parameters param;
    try {
      param = Parameters.fromId(m.group(1));
    } catch (IllegalArgumentException e) {
      throw new InputException("--vary: unknown parameter '" + m.group(1) + "'; "
          + e.getMessage() + Names.suggestion(m.group(1),
              java.util.Arrays.stream(Parameters.values()).map(Parameters::id).toList()));
    }
    return new Plan(param, steps(m.group(2), m.group(3), m.group(4)));
  }

  /** {@code progress} hears the hosts done so far over all steps. */
  public static Result run(Library lib, Request req, LongConsumer progress) {
    Plan plan = plan(req);
    Parameters param = plan.param();
    List<BigDecimal> values = plan.values();
    if (!lib.presets().containsKey(req.population())) {
      throw new InputException("--population: a sweep varies a preset; '" + req.population()
          + "' is not one of: " + String.join(", ", lib.presets().keySet())
          + Names.suggestion(req.population(), lib.presets().keySet()));
    }
    List<Step> steps = new ArrayList<>();
    for (BigDecimal v : values) {
      Library variant = lib.withPresets(param.apply(lib.presets(), v.doubleValue()));
      ReportRequest rr = new ReportRequest(req.population(), req.hosts(), req.seed(),
          req.policies(), req.scenarios(), req.kernels(), req.useCases(),
          ReportRequest.Format.TEXT, null,
          false, false, req.threads());
      ReportJob job = new ReportJob(variant, rr);
      long before = (long) steps.size() * req.hosts();
      Scan scan = Scan.of(job.population(), req.threads(), done -> progress.accept(before + done));
      steps.add(new Step(v, measured(param, scan), job.data(scan)));
    }
    return new Result(param, steps);
  }

  static List<BigDecimal> steps(String from, String to, String step) {
    BigDecimal a;
    BigDecimal b;
    BigDecimal s;
    try {
      a = new BigDecimal(from);
      b = new BigDecimal(to);
      s = new BigDecimal(step);
    } catch (NumberFormatException e) {
      throw new InputException("--vary: FROM, TO and STEP must be numbers");
    }
    if (a.compareTo(BigDecimal.ZERO) < 0 || b.compareTo(BigDecimal.ONE) > 0
        || a.compareTo(b) > 0) {
      throw new InputException("--vary: expected 0 <= FROM <= TO <= 1 (the parameters are"
          + " probabilities), found " + from + ".." + to);
    }
    if (s.signum() <= 0) {
      throw new InputException("--vary: STEP must be greater than 0, found " + step);
    }
    List<BigDecimal> out = new ArrayList<>();
    for (BigDecimal v = a; v.compareTo(b) <= 0; v = v.add(s)) {
      if (out.size() == MAX_STEPS) {
        throw new InputException("--vary: more than " + MAX_STEPS + " steps; use a larger STEP");
      }
      out.add(v);
    }
    return out;
  }

  private static String measured(Parameters p, Scan scan) {
    if (p == Parameters.SC_LESS_IGPU_SHARE) {
      return share(scan.hostsWithNoncoherentIgpu(), scan.hosts());
    }
    long all = 0;
    long ns = 0;
    for (Map.Entry<Profile, Scan.Entry> e : scan.profiles().entrySet()) {
      Profile pr = e.getKey();
      if (pr.deviceClass().assignable() && pr.deviceClass() != DeviceClass.GPU_INTEGRATED) {
        all += e.getValue().count();
        if (pr.noSnoop()) {
          ns += e.getValue().count();
        }
      }
    }
    return share(ns, all);
  }

  /** A fraction with six decimals, no locale. */
  static String share(long part, long whole) {
    if (whole == 0) {
      return "0";
    }
    return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 6, RoundingMode.HALF_UP)
        .toPlainString();
  }

  private static final List<Outcome> SHOWN =
      List.of(Outcome.BROKEN, Outcome.UNSAFE, Outcome.FALLBACK);

  /** The sweep as CSV: one row per step, scenario, policy and use case. */
  public static String csv(Result r) {
    StringBuilder sb = new StringBuilder();
    try (Csv csv = new Csv(sb, List.of("parameter", "value", "measured", "scenario", "policy",
        "use_case", "devices", "assignable", "broken", "unsafe", "fallback", "broken_share",
        "unsafe_share", "fallback_share"))) {
      for (Step st : r.steps()) {
        ReportData d = st.data();
        forEachCell(d, (s, p, u, cell) -> {
          long assignable = d.tally().devices(cell) - d.count(cell, Outcome.NOT_APPLICABLE);
          Object[] row = new Object[14];
          row[0] = r.parameter().id();
          row[1] = st.value();
          row[2] = new BigDecimal(st.measured());
          row[3] = d.scenarios().get(s).id();
          row[4] = d.policies().get(p).id();
          row[5] = d.useCases().get(u).id();
          row[6] = d.tally().devices(cell);
          row[7] = assignable;
          for (int i = 0; i < SHOWN.size(); i++) {
            row[8 + i] = d.count(cell, SHOWN.get(i));
            row[11 + i] = new BigDecimal(share(d.count(cell, SHOWN.get(i)), assignable));
          }
          csv.row(row);
        });
      }
    }
    return sb.toString();
  }

  /** The sweep as text: per scenario and use case, one line per step, policies side by side. */
  public static String text(Result r, Request req) {
    StringBuilder out = new StringBuilder();
    ReportData first = r.steps().get(0).data();
    out.append("sweep ").append(r.parameter().id()).append(": ").append(r.parameter().doc())
        .append('\n');
    out.append("population ").append(first.population()).append(", seed ").append(req.seed())
        .append(", ").append(req.hosts()).append(" hosts per step; vfio-policy ")
        .append(first.version()).append('\n');
    for (String in : first.inputs()) {
      out.append("input: ").append(in).append('\n');
    }
    out.append("cells: broken% / unsafe% of assignable devices\n");
    int nameWidth = 8;
    for (var p : first.policies()) {
      nameWidth = Math.max(nameWidth, p.id().length());
    }
    for (int s = 0; s < first.scenarios().size(); s++) {
      for (int u = 0; u < first.useCases().size(); u++) {
        out.append('\n').append(first.scenarios().get(s).id()).append(" / ")
            .append(first.useCases().get(u).id()).append('\n');
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%8s %9s",
            "value", "measured"));
        for (var p : first.policies()) {
          head.append("  ").append(String.format(Locale.ROOT, "%" + nameWidth + "s", p.id()));
        }
        out.append(head.toString().stripTrailing()).append('\n');
        for (Step st : r.steps()) {
          ReportData d = st.data();
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%8s %9s",
              st.value().toPlainString(), st.measured().length() > 8
                  ? st.measured().substring(0, 8) : st.measured()));
          for (int p = 0; p < d.policies().size(); p++) {
            int cell = d.cell(s, p, u);
            String v = d.share(cell, Outcome.BROKEN) + " / " + d.share(cell, Outcome.UNSAFE);
            line.append("  ").append(String.format(Locale.ROOT, "%" + nameWidth + "s", v));
          }
          out.append(line).append('\n');
        }
      }
    }
    return out.toString();
  }

  private interface CellVisitor {
    void visit(int scenario, int policy, int useCase, int cell);
  }

  private static void forEachCell(ReportData d, CellVisitor v) {
    for (int s = 0; s < d.scenarios().size(); s++) {
      for (int p = 0; p < d.policies().size(); p++) {
        for (int u = 0; u < d.useCases().size(); u++) {
          v.visit(s, p, u, d.cell(s, p, u));
        }
      }
    }
  }
}
