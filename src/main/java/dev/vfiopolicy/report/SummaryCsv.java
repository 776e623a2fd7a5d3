package dev.vfiopolicy.report;

import dev.vfiopolicy.model.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * summary.csv, part of the contract: one row per (scenario, policy, use case), columns
 * scenario,policy,use_case,devices,works,fallback,broken,unsafe,unsupported,not_applicable.
 */
public final class SummaryCsv {
  private static final List<Outcome> COLUMNS =
      List.of(Outcome.WORKS, Outcome.FALLBACK, Outcome.BROKEN, Outcome.UNSAFE,
          Outcome.UNSUPPORTED, Outcome.NOT_APPLICABLE);

  private SummaryCsv() {}

  public static String render(ReportData d) {
    List<String> header = new ArrayList<>(List.of("scenario", "policy", "use_case", "devices"));
    for (Outcome o : COLUMNS) {
      header.add(o.column());
    }
    StringBuilder sb = new StringBuilder();
    try (Csv csv = new Csv(sb, header)) {
      for (int s = 0; s < d.scenarios().size(); s++) {
        for (int p = 0; p < d.policies().size(); p++) {
          for (int u = 0; u < d.useCases().size(); u++) {
            int cell = d.cell(s, p, u);
            Object[] row = new Object[4 + COLUMNS.size()];
            row[0] = d.scenarios().get(s).id();
            row[1] = d.policies().get(p).id();
            row[2] = d.useCases().get(u).id();
            row[3] = d.tally().devices(cell);
            for (int i = 0; i < COLUMNS.size(); i++) {
              row[4 + i] = d.count(cell, COLUMNS.get(i));
            }
            csv.row(row);
          }
        }
      }
    }
    return sb.toString();
  }
}
