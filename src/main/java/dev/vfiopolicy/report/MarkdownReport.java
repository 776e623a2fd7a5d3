package dev.vfiopolicy.report;

import dev.vfiopolicy.engine.Tally;
import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Scenario;
import java.util.Map;

/** The report as Markdown, for review threads and wikis. */
public final class MarkdownReport {
  private MarkdownReport() {}

  public static String render(ReportData d) {
    StringBuilder out = new StringBuilder();
    out.append("# vfio-policy report\n\n");
    out.append("- population: `").append(esc(d.population())).append("` (")
        .append(esc(d.populationDescription())).append(")\n");
    out.append("- seed: ").append(d.seed() == null ? "-" : d.seed().toString())
        .append(", hosts: ").append(d.hosts()).append(", devices: ").append(d.devices())
        .append(" (").append(d.assignable()).append(" assignable)\n");
    out.append("- version: ").append(d.version()).append("\n");
    out.append("- reproduce: `").append(d.reproduce()).append("`\n");
    for (String in : d.inputs()) {
      out.append("- input: ").append(esc(in)).append('\n');
    }
    out.append('\n');
    out.append("Cells: broken / unsafe / fallback, share of assignable devices (count).\n");
    for (int s = 0; s < d.scenarios().size(); s++) {
      Scenario sc = d.scenarios().get(s);
      out.append("\n## ").append(esc(sc.heading())).append("\n\n");
      out.append("| use case |");
      for (int p = 0; p < d.policies().size(); p++) {
        out.append(' ').append(d.policyHeading(s, p)).append(" |");
      }
      out.append("\n|---|");
      out.append("---|".repeat(d.policies().size()));
      out.append('\n');
      for (int u = 0; u < d.useCases().size(); u++) {
        out.append("| ").append(d.useCases().get(u).id()).append(" |");
        for (int p = 0; p < d.policies().size(); p++) {
          int cell = d.cell(s, p, u);
          out.append(' ').append(part(d, cell, Outcome.BROKEN)).append(" / ")
              .append(part(d, cell, Outcome.UNSAFE)).append(" / ")
              .append(part(d, cell, Outcome.FALLBACK)).append(" |");
        }
        out.append('\n');
      }
      out.append("\n<details><summary>Why (").append(sc.id()).append(")</summary>\n\n");
      out.append("| use case | policy | outcome | devices | reason |\n|---|---|---|---:|---|\n");
      for (int u = 0; u < d.useCases().size(); u++) {
        for (int p = 0; p < d.policies().size(); p++) {
          for (Tally.ReasonCount r : d.tally().reasons(d.cell(s, p, u))) {
            if (r.outcome() == Outcome.WORKS || r.outcome() == Outcome.NOT_APPLICABLE) {
              continue;
            }
            out.append("| ").append(d.useCases().get(u).id()).append(" | ")
                .append(d.policies().get(p).id()).append(" | ").append(r.outcome().id())
                .append(" | ").append(r.devices()).append(" | ").append(esc(r.reason()))
                .append(" |\n");
          }
        }
      }
      out.append("\n</details>\n");
    }
    out.append("\n## Legend\n\n").append(Legend.CELLS).append("\n\n");
    for (Map.Entry<Outcome, String> e : Legend.outcomes().entrySet()) {
      out.append("- **").append(e.getKey().id()).append("**: ").append(e.getValue()).append('\n');
    }
    out.append("\n## Notes\n\n");
    for (String n : d.notes()) {
      out.append("- ").append(esc(n)).append('\n');
    }
    return out.toString();
  }

  private static String part(ReportData d, int cell, Outcome o) {
    return d.share(cell, o) + " (" + d.count(cell, o) + ")";
  }

  /** Escapes what Markdown or an HTML renderer would take as markup. */
  static String esc(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '|', '\\', '*', '_', '`', '[', ']', '<', '>', '#' -> sb.append('\\').append(c);
        case '\n', '\r' -> sb.append(' ');
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
