package dev.vfiopolicy.report;

import dev.vfiopolicy.engine.Tally;
import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Scenario;
import dev.vfiopolicy.model.UseCase;
import java.util.List;
import java.util.Map;

/** The terminal report: a header, one table per scenario, the reasons, the legend, the notes. */
public final class TextReport {
  private static final List<Outcome> SHOWN =
      List.of(Outcome.BROKEN, Outcome.UNSAFE, Outcome.FALLBACK);
  private static final List<String> SUB = List.of("broken", "unsafe", "fallbk");

  private TextReport() {}

  /** {@code colour}: ANSI colours for non-zero broken, unsafe and fallback shares. */
  public static String render(ReportData d, boolean colour) {
    StringBuilder out = new StringBuilder();
    header(d, out);
    for (int s = 0; s < d.scenarios().size(); s++) {
      table(d, s, colour, out);
    }
    reasons(d, out);
    legend(out);
    notes(d, out);
    return out.toString();
  }

  static void header(ReportData d, StringBuilder out) {
    out.append("vfio-policy ").append(d.version()).append(" report\n");
    out.append("population: ").append(d.population()).append(" (")
        .append(d.populationDescription()).append(")\n");
    out.append("seed: ").append(d.seed() == null ? "-" : d.seed().toString())
        .append("   hosts: ").append(d.hosts())
        .append("   devices: ").append(d.devices())
        .append(" (").append(d.assignable()).append(" assignable)\n");
    out.append("reproduce: ").append(d.reproduce()).append("\n");
    for (String in : d.inputs()) {
      out.append("input: ").append(in).append("\n");
    }
  }

  private static void table(ReportData d, int s, boolean colour, StringBuilder out) {
    Scenario sc = d.scenarios().get(s);
    out.append("\n== ").append(sc.heading()).append(" ==\n");
    int first = "use case".length();
    for (UseCase u : d.useCases()) {
      first = Math.max(first, u.id().length());
    }
    int sub = 6;
    for (int p = 0; p < d.policies().size(); p++) {
      for (int u = 0; u < d.useCases().size(); u++) {
        int cell = d.cell(s, p, u);
        for (Outcome o : SHOWN) {
          sub = Math.max(sub, d.share(cell, o).length());
          sub = Math.max(sub, Long.toString(d.count(cell, o)).length());
        }
      }
    }
    int policyWidth = 3 * sub + 2;
    for (int p = 0; p < d.policies().size(); p++) {
      policyWidth = Math.max(policyWidth, d.policyHeading(s, p).length());
    }
    StringBuilder line1 = new StringBuilder(Formats.pad("", first));
    StringBuilder line2 = new StringBuilder(Formats.pad("use case", first));
    for (int p = 0; p < d.policies().size(); p++) {
      line1.append("  ").append(Formats.pad(d.policyHeading(s, p), policyWidth));
      StringBuilder subs = new StringBuilder();
      for (int i = 0; i < SUB.size(); i++) {
        subs.append(i == 0 ? "" : " ").append(Formats.padLeft(SUB.get(i), sub));
      }
      line2.append("  ").append(Formats.padLeft(subs.toString(), policyWidth));
    }
    out.append(line1.toString().stripTrailing()).append('\n');
    out.append(line2.toString().stripTrailing()).append('\n');
    for (int u = 0; u < d.useCases().size(); u++) {
      StringBuilder shares = new StringBuilder(Formats.pad(d.useCases().get(u).id(), first));
      StringBuilder counts = new StringBuilder(Formats.pad("", first));
      for (int p = 0; p < d.policies().size(); p++) {
        int cell = d.cell(s, p, u);
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < SHOWN.size(); i++) {
          String sep = i == 0 ? "" : " ";
          String share = Formats.padLeft(d.share(cell, SHOWN.get(i)), sub);
          a.append(sep).append(colour ? paint(share, SHOWN.get(i), d.count(cell, SHOWN.get(i)))
              : share);
          b.append(sep).append(Formats.padLeft(Long.toString(d.count(cell, SHOWN.get(i))), sub));
        }
        shares.append("  ").append(" ".repeat(Math.max(0, policyWidth - (3 * sub + 2))))
            .append(a);
        counts.append("  ").append(Formats.padLeft(b.toString(), policyWidth));
      }
      out.append(shares).append('\n');
      out.append(counts).append('\n');
    }
  }

  /** Colours a padded cell; the padding stays outside the escape codes so columns align. */
  private static String paint(String padded, Outcome o, long count) {
    if (count == 0) {
      return padded;
    }
    String code = switch (o) {
      case BROKEN -> "\u001b[31m";
      case UNSAFE -> "\u001b[1;35m";
      default -> "\u001b[33m";
    };
    String text = padded.stripLeading();
    return padded.substring(0, padded.length() - text.length()) + code + text + "\u001b[0m";
  }

  private static void reasons(ReportData d, StringBuilder out) {
    out.append("\nWhy: devices that do not simply work, by reason\n");
    for (int s = 0; s < d.scenarios().size(); s++) {
      out.append("\n").append(d.scenarios().get(s).id()).append('\n');
      for (int u = 0; u < d.useCases().size(); u++) {
        boolean useCaseShown = false;
        for (int p = 0; p < d.policies().size(); p++) {
          int cell = d.cell(s, p, u);
          for (Tally.ReasonCount r : d.tally().reasons(cell)) {
            if (r.outcome() == Outcome.WORKS || r.outcome() == Outcome.NOT_APPLICABLE) {
              continue;
            }
            if (!useCaseShown) {
              out.append("  ").append(d.useCases().get(u).id()).append('\n');
              useCaseShown = true;
            }
            out.append("    ").append(Formats.pad(d.policies().get(p).id(), 18)).append(' ')
                .append(Formats.pad(r.outcome().id(), 11)).append(' ')
                .append(Formats.padLeft(Long.toString(r.devices()), 7)).append("  ")
                .append(r.reason()).append('\n');
          }
        }
      }
    }
  }

  static void legend(StringBuilder out) {
    out.append("\nLegend\n").append(Formats.wrap("  " + Legend.CELLS, 100, "  ")).append('\n');
    for (Map.Entry<Outcome, String> e : Legend.outcomes().entrySet()) {
      out.append("  ").append(Formats.pad(e.getKey().id(), 15)).append(e.getValue()).append('\n');
    }
  }

  static void notes(ReportData d, StringBuilder out) {
    out.append("\nNotes (where the model departs from or simplifies the brief)\n");
    for (String n : d.notes()) {
      out.append(Formats.wrap("  - " + n, 100, "    ")).append('\n');
    }
  }
}
