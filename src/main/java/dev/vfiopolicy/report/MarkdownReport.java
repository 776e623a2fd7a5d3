package dev.vfiopolicy.report;

import dev.vfiopolicy.engine.Tally;
import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Printable;
import dev.vfiopolicy.model.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The report as Markdown, for review threads and wikis. */
public final class MarkdownReport {
  private MarkdownReport() {}

  public static String render(ReportData d) {
    return render(d, TextReport.By.DEVICE);
  }

  public static String render(ReportData d, TextReport.By by) {
    StringBuilder out = new StringBuilder();
    out.append("# vfio-policy report\n\n");
    out.append("- population: `").append(esc(d.population())).append("` (")
        .append(esc(d.populationDescription())).append(")")
        .append(d.seed() == null ? "" : ", seed " + d.seed()).append('\n');
    out.append("- ").append(Formats.devices(d)).append('\n');
    out.append("- version: ").append(d.version()).append("\n");
    out.append("- reproduce:\n\n```sh\n").append(PlainReport.command(d.reproduce(), 100)
        .stripLeading()).append("\n```\n\n");
    for (String in : d.inputs()) {
      out.append("- input: ").append(esc(in)).append('\n');
    }
    headline(d, out);
    Tally t = by == TextReport.By.VM ? d.vmTally() : d.tally();
    out.append("\n## Tables (").append(by == TextReport.By.VM ? "VMs" : "devices")
        .append(")\n\n").append(esc(Legend.CELLS)).append('\n');
    for (int s = 0; s < d.scenarios().size(); s++) {
      Scenario sc = d.scenarios().get(s);
      out.append("\n### ").append(esc(sc.heading())).append("\n\n");
      if (by == TextReport.By.KIND) {
        for (ReportData.Kind k : d.kinds()) {
          out.append("**").append(esc(k.kind())).append("**: ")
              .append(Formats.count(k.hosts(), "host")).append(", ")
              .append(Formats.count(k.assignable(), "assignable device")).append("\n\n");
          table(d, k.devicesTally(), s, Table.interesting(d, k.devicesTally(), s), out);
        }
      } else {
        table(d, t, s, null, out);
      }
      for (int p = 0; p < d.policies().size(); p++) {
        if (d.counterfactual(s, p)) {
          out.append("\n\\* ").append(d.policies().get(p).id())
              .append(": a counterfactual on this kernel, not a result of its time\n");
        }
      }
      out.append("\n<details><summary>Why (").append(sc.id()).append(")</summary>\n\n");
      out.append("| use case | outcome | policies | reason |\n|---|---|---|---|\n");
      for (int u = 0; u < d.useCases().size(); u++) {
        for (Views.ReasonGroup g : Views.reasons(d, t, s, u)) {
          long same = g.sameCount();
          out.append("| ").append(d.useCases().get(u).id()).append(" | ")
              .append(g.outcome().id()).append(same >= 0 ? " " + same : "").append(" | ")
              .append(esc(g.policies(d.policies().size()))).append(" | ")
              .append(esc(g.reason())).append(" |\n");
        }
      }
      out.append("\n</details>\n");
    }
    out.append("\n## Legend\n\n");
    for (Map.Entry<Outcome, String> e : Legend.outcomes().entrySet()) {
      out.append("- ").append(e.getKey() == Outcome.NOT_APPLICABLE ? ""
          : "`" + Views.letter(e.getKey()) + "` ").append("**").append(e.getKey().id())
          .append("**: ").append(esc(e.getValue())).append('\n');
    }
    out.append('\n').append(esc(Legend.BLAME)).append('\n');
    out.append("\n## Notes\n\n");
    for (String n : d.notes()) {
      out.append("- ").append(esc(n)).append('\n');
    }
    return Printable.lines(out.toString());
  }

  private static void headline(ReportData d, StringBuilder out) {
    out.append("\n## Headline\n\nThe use cases each policy breaks, with how many devices and"
        + " VMs, and on which kinds of machine (share of that kind's assignable devices).\n");
    for (int s = 0; s < d.scenarios().size(); s++) {
      Scenario sc = d.scenarios().get(s);
      out.append("\n**").append(esc(sc.id())).append("** [kernel ")
          .append(esc(sc.kernel().label())).append("]\n\n");
      List<List<Views.Break>> breaks = Views.breaks(d, s);
      for (int p = 0; p < breaks.size(); p++) {
        List<Views.Break> broken = breaks.get(p);
        out.append("- ").append(esc(d.policyHeading(s, p))).append(" breaks ");
        if (broken.isEmpty()) {
          out.append("nothing\n");
          continue;
        }
        List<String> parts = new ArrayList<>();
        for (Views.Break b : broken) {
          List<String> kinds = new ArrayList<>();
          for (Views.KindShare k : b.kinds()) {
            kinds.add(k.kind() + " " + k.devices() + " (" + k.share() + ")");
          }
          parts.add(b.useCase() + ": " + Formats.count(b.devices(), "device") + ", "
              + Formats.count(b.vms(), "VM")
              + (kinds.isEmpty() ? "" : " (" + String.join(", ", kinds) + ")"));
        }
        out.append(esc(String.join("; ", parts))).append('\n');
      }
      for (Map.Entry<String, Map<String, Long>> e : Views.unsafeByPolicy(d, s).entrySet()) {
        List<String> parts = new ArrayList<>();
        e.getValue().forEach((p, n) -> parts.add(p + " " + n));
        out.append("- unsafe in ").append(esc(e.getKey())).append(": ")
            .append(esc(String.join(", ", parts))).append('\n');
      }
    }
  }

  /** {@code rows} null: every use case. */
  private static void table(ReportData d, Tally t, int s, List<Integer> rows,
      StringBuilder out) {
    out.append("| use case |");
    for (int p = 0; p < d.policies().size(); p++) {
      out.append(' ').append(esc(d.policyHeading(s, p))).append(" |");
    }
    out.append("\n|---|").append("---|".repeat(d.policies().size())).append('\n');
    for (int u = 0; u < d.useCases().size(); u++) {
      if (rows != null && !rows.contains(u)) {
        continue;
      }
      out.append("| ").append(d.useCases().get(u).id()).append(" |");
      for (int p = 0; p < d.policies().size(); p++) {
        List<String> parts = new ArrayList<>();
        for (Views.Token k : Views.tokens(t, d.cell(s, p, u))) {
          parts.add(k.label() + " (" + k.count() + ")");
        }
        out.append(' ').append(parts.isEmpty() ? "-" : String.join("<br>", parts))
            .append(" |");
      }
      out.append('\n');
    }
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
