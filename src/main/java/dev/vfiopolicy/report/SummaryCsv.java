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

  private static String render(ReportData d, Tally t, String unit) {
    List<String> header = new ArrayList<>(List.of("scenario", "policy", "use_case", unit));
    for (Outcome o : COLUMNS) {
      header.add(o.column());
    }
    header.add("counterfactual");
    StringBuilder sb = new StringBuilder();
    try (Csv csv = new Csv(sb, header)) {
      for (int s = 0; s < d.scenarios().size(); s++) {
        for (int p = 0; p < d.policies().size(); p++) {
          for (int u = 0; u < d.useCases().size(); u++) {
            int cell = d.cell(s, p, u);
            Object[] row = new Object[5 + COLUMNS.size()];
            row[0] = d.scenarios().get(s).id();
            row[1] = d.policies().get(p).id();
            row[2] = d.useCases().get(u).id();
            row[3] = t.devices(cell);
            for (int i = 0; i < COLUMNS.size(); i++) {
              row[4 + i] = t.count(cell, COLUMNS.get(i));
            }
            row[4 + COLUMNS.size()] = d.counterfactual(s, p);
            csv.row(row);
          }
        }
      }
    }
    return sb.toString();
  }
}
