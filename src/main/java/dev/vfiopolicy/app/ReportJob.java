package dev.vfiopolicy.app;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.engine.Engine;
import dev.vfiopolicy.engine.Evaluation;
import dev.vfiopolicy.engine.ModelNotes;
import dev.vfiopolicy.engine.Tally;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Printable;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.model.Scenario;
import dev.vfiopolicy.model.UseCase;
import dev.vfiopolicy.model.VmProfile;
import dev.vfiopolicy.claims.ClaimVerdicts;
import dev.vfiopolicy.report.DevicesCsv;
import dev.vfiopolicy.report.EmailReport;
import dev.vfiopolicy.report.HtmlReport;
import dev.vfiopolicy.report.JsonReport;
import dev.vfiopolicy.report.MarkdownReport;
import dev.vfiopolicy.report.ReportData;
import dev.vfiopolicy.report.SummaryCsv;
import dev.vfiopolicy.report.TextReport;
import dev.vfiopolicy.report.VmsCsv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/** The main job: evaluate a population under the chosen policies and render the report. */
public final class ReportJob {
  private final Library lib;
  private final ReportRequest req;
  private final List<Policy> policies;
  private final List<Scenario> scenarios;
  private final List<UseCase> useCases;
  private final Population population;
  private final Engine engine;

  public ReportJob(Library lib, ReportRequest req) {
    this.lib = lib;
    this.req = req;
    this.policies = policies(lib, req.policies());
    this.scenarios = lib.scenarios(req.scenarios(), req.kernels());
    this.useCases = lib.useCases(req.useCases());
    this.population =
        Population.of(lib, req.population(), req.hosts(), req.seed(), "--population");
    this.engine = new Engine(scenarios, policies, useCases);
  }

  /** Bundled policies by id, or policy files by path, in the order given. */
  static List<Policy> policies(Library lib, List<String> specs) {
    List<Policy> all = new ArrayList<>(lib.policies().values());
    if (specs.isEmpty()) {
      return all;
    }
    Map<String, Policy> chosen = new LinkedHashMap<>();
    for (String spec : specs) {
      Policy p = lib.policies().get(spec);
      if (p == null) {
        if (!Library.isFile(spec)) {
          throw new InputException("--policy: unknown policy '" + spec + "'; expected a file or"
              + " one of: " + String.join(", ", lib.policies().keySet())
              + Names.suggestion(spec, lib.policies().keySet()));
        }
        p = Library.policyFile(Path.of(spec));
      }
      Policy before = chosen.putIfAbsent(p.id(), p);
      if (before != null && before != p) {
        throw new InputException("--policy: two policies have the id '" + p.id() + "'");
      }
    }
    return new ArrayList<>(chosen.values());
  }

  public Engine engine() {
    return engine;
  }

  public Population population() {
    return population;
  }

  public ReportData run() {
    return run(done -> {});
  }

  /** {@code progress} hears how many hosts are done, from any thread. */
  public ReportData run(java.util.function.LongConsumer progress) {
    return data(Scan.of(population, req.threads(), progress));
  }

  /** The report for a population already scanned. */
  public ReportData data(Scan scan) {
    Tally tally = new Tally(engine.cells());
    Tally vmTally = new Tally(engine.cells());
    long assignable = 0;
    long vms = 0;
    List<ReportData.Kind> kinds = new ArrayList<>();
    for (String kind : scan.hostsByKind().keySet()) {
      Tally devices = new Tally(engine.cells());
      Tally kindVms = new Tally(engine.cells());
      long kindDevices = 0;
      long kindAssignable = 0;
      long kindVmCount = 0;
      for (Map.Entry<Profile, Scan.Entry> e
          : scan.devicesByKind().getOrDefault(kind, Map.of()).entrySet()) {
        Evaluation[] ev = engine.evaluate(e.getKey());
        long n = e.getValue().count();
        tally.add(ev, n);
        devices.add(ev, n);
        kindDevices += n;
        if (e.getKey().deviceClass().assignable()) {
          kindAssignable += n;
        }
      }
      for (Map.Entry<VmProfile, Scan.Entry> e
          : scan.vmsByKind().getOrDefault(kind, Map.of()).entrySet()) {
        Evaluation[] ev = engine.evaluateVm(e.getKey());
        long n = e.getValue().count();
        vmTally.add(ev, n);
        kindVms.add(ev, n);
        kindVmCount += n;
      }
      assignable += kindAssignable;
      vms += kindVmCount;
      kinds.add(new ReportData.Kind(kind, scan.hostsByKind().get(kind), kindDevices,
          kindAssignable, kindVmCount, devices, kindVms));
    }
    // Most hosts first: the table a reader meets first is the kind most machines are.
    kinds.sort((a, b) -> a.hosts() != b.hosts() ? Long.compare(b.hosts(), a.hosts())
        : a.kind().compareTo(b.kind()));
    return new ReportData(
        Version.VERSION,
        population.label(),
        population.description(),
        population instanceof Population.Generated ? req.seed() : null,
        scan.hosts(),
        scan.devices(),
        assignable,
        vms,
        scenarios,
        policies,
        useCases,
        tally,
        vmTally,
        kinds,
        ModelNotes.notes(scenarios, policies),
        reproduce(),
        inputs(),
        profileCounts(scan));
  }

  private static Map<Profile, Long> profileCounts(Scan scan) {
    Map<Profile, Long> out = new java.util.LinkedHashMap<>();
    scan.profiles().forEach((p, e) -> out.put(p, e.count()));
    return out;
  }

  /** What the report was computed from, with digests, for whoever wants to reproduce it. */
  private List<String> inputs() {
    List<String> out = new ArrayList<>();
    out.add("bundled policies, catalogue, presets and claims " + lib.dataDigest());
    for (String spec : req.policies()) {
      if (!lib.policies().containsKey(spec)) {
        out.add("policy file " + spec + " " + Digests.of(Path.of(spec)));
      }
    }
    if (population instanceof Population.FromFile f) {
      out.add("population file " + f.file() + " " + f.digest());
    }
    return out;
  }

  /** The command that gives the same tables (output options left out). */
  private String reproduce() {
    StringBuilder sb = new StringBuilder("vfio-policy report --population ");
    sb.append(Printable.shellWord(population.argument()));
    if (population instanceof Population.Generated) {
      sb.append(" --hosts ").append(req.hosts()).append(" --seed ").append(req.seed());
    }
    for (String p : req.policies()) {
      sb.append(" --policy ").append(Printable.shellWord(p));
    }
    for (String s : req.scenarios()) {
      sb.append(" --scenario ").append(s);
    }
    for (String k : req.kernels()) {
      sb.append(" --kernel ").append(k);
    }
    for (String u : req.useCases()) {
      sb.append(" --use-case ").append(u);
    }
    return sb.toString();
  }

  /** The chosen format, rendered. */
  public String render(ReportData data, ReportRequest.Format format) {
    return switch (format) {
      case TEXT -> TextReport.render(data, req.colour(), req.by());
      case MARKDOWN -> MarkdownReport.render(data, req.by());
      case CSV -> switch (req.by()) {
        case DEVICE -> SummaryCsv.render(data);
        case VM -> SummaryCsv.renderVms(data);
        case KIND -> SummaryCsv.renderKinds(data);
      };
      case JSON -> JsonReport.render(data);
      case EMAIL -> EmailReport.render(data, req.by(), req.detail());
      case HTML -> HtmlReport.render(data, ClaimsJob.verdictsIfComplete(lib, data));
    };
  }

  /** Every file {@link #writeFiles} may write into the folder, in order. */
  public static final List<String> FILES = List.of("report.txt", "report.md", "report.json",
      "summary.csv", "summary-vms.csv", "summary-kinds.csv", "report.email.txt", "report.html",
      "claims.txt", "devices.csv", "vms.csv");

  /**
   * Writes report.txt, report.md, report.json, summary.csv, summary-vms.csv, summary-kinds.csv,
   * report.email.txt, report.html, claims.txt (when the run covers what the claims read) and,
   * with detail, devices.csv and vms.csv into
   * the folder, and commits them as one set (see {@link OutputFiles}): a failure leaves any
   * earlier report as it was, and files of an earlier run that this one does not write are
   * removed. {@code progress} hears the hosts written to devices.csv.
   */
  public void writeFiles(ReportData data, OutputFiles files, LongConsumer progress) {
    List<ClaimVerdicts.Verdict> claims = ClaimsJob.verdictsIfComplete(lib, data);
    files.put("report.txt", TextReport.render(data, false));
    files.put("report.md", MarkdownReport.render(data));
    files.put("report.json", JsonReport.render(data));
    files.put("summary.csv", SummaryCsv.render(data));
    files.put("summary-vms.csv", SummaryCsv.renderVms(data));
    files.put("summary-kinds.csv", SummaryCsv.renderKinds(data));
    files.put("report.email.txt", EmailReport.render(data));
    files.put("report.html", HtmlReport.render(data, claims));
    if (claims != null) {
      files.put("claims.txt", ClaimsJob.render(data, claims, 100));
    }
    if (req.detail()) {
      long[] hosts = {0};
      files.stream(
          "devices.csv",
          w -> {
            try (DevicesCsv csv = new DevicesCsv(w, engine)) {
              population.forEachHost((Host h) -> {
                csv.host(h);
                progress.accept(++hosts[0]);
              });
            }
          });
      files.stream(
          "vms.csv",
          w -> {
            try (VmsCsv csv = new VmsCsv(w, engine)) {
              population.forEachHost(csv::host);
            }
          });
    }
    files.commit();
  }
}
