package dev.vfiopolicy.report;

import dev.vfiopolicy.engine.Tally;
import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plain text for a mailing-list reply: at most 72 columns, no tabs, no colour, and a header that
 * says how to reproduce it. Policies are lettered so four fit side by side.
 */
public final class EmailReport {
  public static final int WIDTH = 72;

  private EmailReport() {}

  public static String render(ReportData d) {
    StringBuilder out = new StringBuilder();
    out.append(Formats.wrap("vfio-policy " + d.version() + ": VFIO cdev exposure policies over"
        + " population " + d.population() + " (" + d.populationDescription() + ")", WIDTH, "  "))
        .append('\n');
    out.append(Formats.wrap("Seed " + (d.seed() == null ? "-" : d.seed()) + ", " + d.hosts()
        + " hosts, " + d.devices() + " devices (" + d.assignable() + " assignable).", WIDTH,
        "  ")).append('\n');
    out.append(Formats.wrap("Reproduce: " + d.reproduce() + " --format email", WIDTH, "  "))
        .append("\n");
    for (String in : d.inputs()) {
      out.append(Formats.wrap("Input: " + in, WIDTH, "  ")).append('\n');
    }
    out.append('\n');
    List<String> letters = new ArrayList<>();
    for (int p = 0; p < d.policies().size(); p++) {
      String letter = letter(p);
      letters.add(letter);
      Policy pol = d.policies().get(p);
      out.append(Formats.wrap(letter + " = " + pol.id() + ": " + pol.title() + " ("
          + pol.advocate() + ")", WIDTH, "    ")).append('\n');
    }
    out.append(Formats.wrap("Cells: how many devices are broken/unsafe/fallback in that use"
        + " case under that policy (bridges and root ports left out).", WIDTH, "")).append('\n');
    for (int s = 0; s < d.scenarios().size(); s++) {
      table(d, s, letters, out);
    }
    out.append("\nWhy (broken and unsafe):\n");
    for (int s = 0; s < d.scenarios().size(); s++) {
      out.append('\n').append(d.scenarios().get(s).id()).append(":\n");
      boolean any = false;
      for (int u = 0; u < d.useCases().size(); u++) {
        for (int p = 0; p < d.policies().size(); p++) {
          for (Tally.ReasonCount r : d.tally().reasons(d.cell(s, p, u))) {
            if (r.outcome() == Outcome.BROKEN || r.outcome() == Outcome.UNSAFE) {
              any = true;
              out.append(Formats.wrap("  " + d.useCases().get(u).id() + ", " + letters.get(p)
                  + ": " + r.devices() + " " + r.outcome().id() + ": " + r.reason(), WIDTH,
                  "      ")).append('\n');
            }
          }
        }
      }
      if (!any) {
        out.append("  none\n");
      }
    }
    out.append("\nLegend:\n");
    for (Map.Entry<Outcome, String> e : Legend.outcomes().entrySet()) {
      out.append(Formats.wrap("  " + e.getKey().id() + ": " + e.getValue(), WIDTH, "    "))
          .append('\n');
    }
    out.append("\nNotes:\n");
    for (String n : d.notes()) {
      out.append(Formats.wrap("  - " + n, WIDTH, "    ")).append('\n');
    }
    return out.toString();
  }

  private static String letter(int i) {
    return i < 26 ? String.valueOf((char) ('A' + i)) : "P" + (i + 1);
  }

  private static void table(ReportData d, int s, List<String> letters, StringBuilder out) {
    Scenario sc = d.scenarios().get(s);
    out.append('\n').append(Formats.wrap(sc.heading(), WIDTH, "  "))
        .append('\n');
    int first = "use case".length();
    for (var u : d.useCases()) {
      first = Math.max(first, u.id().length());
    }
    int cellWidth = 1;
    String[][] cells = new String[d.useCases().size()][d.policies().size()];
    for (int u = 0; u < d.useCases().size(); u++) {
      for (int p = 0; p < d.policies().size(); p++) {
        int cell = d.cell(s, p, u);
        cells[u][p] = d.count(cell, Outcome.BROKEN) + "/" + d.count(cell, Outcome.UNSAFE) + "/"
            + d.count(cell, Outcome.FALLBACK);
        cellWidth = Math.max(cellWidth, cells[u][p].length());
      }
    }
    first = Math.min(first, WIDTH - cellWidth - 2);
    int perTable = Math.max(1, (WIDTH - first) / (cellWidth + 2));
    for (int from = 0; from < d.policies().size(); from += perTable) {
      int to = Math.min(d.policies().size(), from + perTable);
      StringBuilder head = new StringBuilder(Formats.pad("use case", first));
      for (int p = from; p < to; p++) {
        head.append("  ").append(Formats.padLeft(letters.get(p)
            + (d.counterfactual(s, p) ? "*" : ""), cellWidth));
      }
      out.append(head).append('\n');
      for (int u = 0; u < d.useCases().size(); u++) {
        String id = d.useCases().get(u).id();
        StringBuilder line = new StringBuilder(Formats.pad(
            id.length() > first ? id.substring(0, first) : id, first));
        for (int p = from; p < to; p++) {
          line.append("  ").append(Formats.padLeft(cells[u][p], cellWidth));
        }
        out.append(line).append('\n');
      }
    }
  }
}
