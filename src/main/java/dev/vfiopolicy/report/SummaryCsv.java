package dev.vfiopolicy.report;

import dev.vfiopolicy.engine.Tally;
import dev.vfiopolicy.model.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * summary.csv, part of the contract: one row per (scenario, policy, use case), columns
 * scenario,policy,use_case,devices,works,fallback,broken,unsafe,unsupported,not_applicable,
 * no_remedy,counterfactual; summary-vms.csv the same with vms.
 */
public final class SummaryCsv {
  /**
   * The outcome columns in contract order; no_remedy and counterfactual came later and follow
   * not_applicable, so readers of the first columns keep working.
   */
  private static final List<Outcome> COLUMNS =
      List.of(Outcome.WORKS, Outcome.FALLBACK, Outcome.BROKEN, Outcome.UNSAFE,
          Outcome.UNSUPPORTED, Outcome.NOT_APPLICABLE, Outcome.NO_REMEDY);

  private SummaryCsv() {}

  /** Devices per cell: summary.csv. */
  public static String render(ReportData d) {
    return render(d, d.tally(), "devices");
  }

  /** VMs per cell: summary-vms.csv. */
  public static String renderVms(ReportData d) {
    return render(d, d.vmTally(), "vms");
  }

  /** Devices per kind of host and cell: summary-kinds.csv, with a leading kind column. */
  public static String renderKinds(ReportData d) {
    StringBuilder sb = new StringBuilder();
    List<String> header = new ArrayList<>(List.of("kind"));
    header.addAll(header("devices"));
    try (Csv csv = new Csv(sb, header)) {
      for (ReportData.Kind k : d.kinds()) {
        rows(csv, d, k.devicesTally(), k.kind());
      }
    }
    return sb.toString();
  }

  private static String render(ReportData d, Tally t, String unit) {
    StringBuilder sb = new StringBuilder();
    try (Csv csv = new Csv(sb, header(unit))) {
      rows(csv, d, t, null);
    }
    return sb.toString();
  }

  private static List<String> header(String unit) {
    List<String> header = new ArrayList<>(List.of("scenario", "policy", "use_case", unit));
    for (Outcome o : COLUMNS) {
      header.add(o.column());
    }
    header.add("counterfactual");
    return header;
  }

  /** One row per cell; {@code kind} first when not null. */
  private static void rows(Csv csv, ReportData d, Tally t, String kind) {
    int k = kind == null ? 0 : 1;
    for (int s = 0; s < d.scenarios().size(); s++) {
      for (int p = 0; p < d.policies().size(); p++) {
        for (int u = 0; u < d.useCases().size(); u++) {
          int cell = d.cell(s, p, u);
          Object[] row = new Object[k + 5 + COLUMNS.size()];
          if (kind != null) {
            row[0] = kind;
          }
          row[k] = d.scenarios().get(s).id();
          row[k + 1] = d.policies().get(p).id();
          row[k + 2] = d.useCases().get(u).id();
          row[k + 3] = t.devices(cell);
          for (int i = 0; i < COLUMNS.size(); i++) {
            row[k + 4 + i] = t.count(cell, COLUMNS.get(i));
          }
          row[k + 4 + COLUMNS.size()] = d.counterfactual(s, p);
          csv.row(row);
        }
      }
    }
  }
}
