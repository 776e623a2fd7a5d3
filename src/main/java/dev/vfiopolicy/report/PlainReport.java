package dev.vfiopolicy.report;

import dev.vfiopolicy.engine.Tally;
import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Printable;
import dev.vfiopolicy.model.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain-text report, for a terminal (100 columns) and for a mailing-list reply (72 columns,
 * ASCII, short unless asked for detail): header, headline, tables, reasons grouped across
 * policies, legend and notes.
 */
final class PlainReport {
  private PlainReport() {}

  /**
   * @param email a reply to a list: a compact header, main reasons only unless {@code detail}
   * @param detail every reason and every note
   */
  record Options(
      int width, boolean colour, TextReport.By by, boolean email, boolean detail) {}

  static String render(ReportData d, Options o) {
    StringBuilder out = new StringBuilder();
    header(d, o, out);
    headline(d, o, out);
    if (o.email() && !o.detail()) {
      out.append('\n').append(wrap("Tables: share (percent) of the "
          + (o.by() == TextReport.By.VM ? "VMs" : "assignable devices") + " of each use case"
          + " that do not simply work, by outcome (letters below); '-' where all work.",
          o.width(), "")).append('\n');
      for (int p = 0; p < d.policies().size(); p++) {
        Policy pol = d.policies().get(p);
        out.append(wrap(Table.letter(p) + " = " + pol.id() + ": " + pol.title() + " ("
            + pol.advocate() + ")", o.width(), "    ")).append('\n');
      }
    }
    for (int s = 0; s < d.scenarios().size(); s++) {
      tables(d, s, o, out);
    }
    Tally reasonsOf = o.by() == TextReport.By.VM ? d.vmTally() : d.tally();
    reasons(d, reasonsOf, o, out);
    legend(o, out);
    if (!o.email() || o.detail()) {
      notes(d, o, out);
    } else {
      out.append('\n').append(wrap("Model notes and assumptions: add --detail, or run the"
          + " command above with --format text.", o.width(), "")).append('\n');
    }
    return o.colour() ? Printable.colouredLines(out.toString()) : Printable.lines(out.toString());
  }

  private static String wrap(String text, int width, String indent) {
    return Formats.wrap(text, width, indent);
  }

  private static void header(ReportData d, Options o, StringBuilder out) {
    String counts = Formats.devices(d);
    if (o.email()) {
      out.append(wrap("vfio-policy " + d.version() + ": VFIO cdev exposure policies over"
          + " population " + d.population() + " (" + d.populationDescription() + ")"
          + (d.seed() == null ? "" : ", seed " + d.seed()) + ": " + counts + ".", o.width(),
          "")).append('\n');
      out.append("Reproduce:\n").append(command(d.reproduce() + " --format email", o.width()))
          .append('\n');
    } else {
      out.append("vfio-policy ").append(d.version()).append(" report\n");
      out.append(wrap("population: " + d.population() + " (" + d.populationDescription() + ")"
          + (d.seed() == null ? "" : ", seed " + d.seed()), o.width(), "  ")).append('\n');
      out.append(wrap(counts, o.width(), "  ")).append('\n');
      out.append("reproduce:\n").append(command(d.reproduce(), o.width())).append('\n');
    }
    for (String in : d.inputs()) {
      out.append(wrap((o.email() ? "Input: " : "input: ") + in, o.width(), "  ")).append('\n');
    }
  }

  /**
   * A command on lines of at most {@code width} columns, cut only between words, with shell
   * continuations: a reader can paste it as it is.
   */
  static String command(String cmd, int width) {
    StringBuilder out = new StringBuilder("  ");
    int col = 2;
    boolean first = true;
    for (String word : cmd.split(" ")) {
      if (!first && col + 1 + word.length() + 2 > width) {
        out.append(" \\\n    ");
        col = 4;
      } else if (!first) {
        out.append(' ');
        col++;
      }
      out.append(word);
      col += word.length();
      first = false;
    }
    return out.toString();
  }

  private static void headline(ReportData d, Options o, StringBuilder out) {
    out.append('\n').append(wrap("Headline: the use cases each policy breaks, with how many"
        + " devices and VMs, and on which kinds of machine (share of that kind's assignable"
        + " devices)", o.width(), "")).append('\n');
    for (int s = 0; s < d.scenarios().size(); s++) {
      Scenario sc = d.scenarios().get(s);
      out.append(wrap("  " + sc.id() + " [kernel " + sc.kernel().label() + "]", o.width(),
          "    ")).append('\n');
      List<List<Views.Break>> breaks = Views.breaks(d, s);
      for (int p = 0; p < breaks.size(); p++) {
        List<Views.Break> broken = breaks.get(p);
        String who = d.policyHeading(s, p);
        if (broken.isEmpty()) {
          out.append(wrap("    " + who + " breaks nothing", o.width(), "      ")).append('\n');
          continue;
        }
        // Use cases broken alike (same devices, VMs and kinds) share one line.
        Map<String, List<String>> alike = new LinkedHashMap<>();
        for (Views.Break b : broken) {
          List<String> kinds = new ArrayList<>();
          for (Views.KindShare k : b.kinds()) {
            kinds.add(k.kind() + " " + k.devices() + " (" + k.share() + ")");
          }
          String what = Formats.count(b.devices(), "device") + ", " + Formats.count(b.vms(), "VM")
              + (kinds.isEmpty() ? "" : ": " + String.join(", ", kinds));
          alike.computeIfAbsent(what, k -> new ArrayList<>()).add(b.useCase());
        }
        out.append("    ").append(who).append(" breaks\n");
        alike.forEach((what, useCases) -> out.append(wrap("      " + String.join(", ", useCases)
            + ": " + what, o.width(), "        ")).append('\n'));
      }
      Map<String, Map<String, Long>> unsafe = Views.unsafeByPolicy(d, s);
      for (Map.Entry<String, Map<String, Long>> e : unsafe.entrySet()) {
        List<String> parts = new ArrayList<>();
        e.getValue().forEach((p, n) -> parts.add(p + " " + n));
        out.append(wrap("    unsafe, " + e.getKey() + ": " + String.join(", ", parts),
            o.width(), "      ")).append('\n');
      }
    }
  }

  private static void tables(ReportData d, int s, Options o, StringBuilder out) {
    Scenario sc = d.scenarios().get(s);
    out.append('\n').append(wrap("== " + sc.heading() + " ==", o.width(), "   ")).append('\n');
    if (o.email() && !o.detail()) {
      Tally t = o.by() == TextReport.By.VM ? d.vmTally() : d.tally();
      List<Integer> rows = Table.interesting(d, t, s);
      out.append(rows.isEmpty() ? "every use case works under every policy\n"
          : Table.compact(d, t, s, rows, o.width()));
      if (!rows.isEmpty() && rows.size() < d.useCases().size()) {
        out.append(wrap("(every " + (o.by() == TextReport.By.VM ? "VM" : "device")
            + " works under every policy in " + others(d.useCases().size() - rows.size()) + ")",
            o.width(), "")).append('\n');
      }
      return;
    }
    switch (o.by()) {
      case DEVICE -> {
        out.append(wrap(d.assignable() + " assignable devices", o.width(), "")).append('\n');
        out.append(Table.render(d, d.tally(), s, all(d), o.width(), o.colour()));
      }
      case VM -> {
        out.append(wrap(d.vms() + " VMs (devices assigned together; a device in no listed VM"
            + " is a VM alone)", o.width(), "")).append('\n');
        out.append(Table.render(d, d.vmTally(), s, all(d), o.width(), o.colour()));
      }
      case KIND -> {
        for (ReportData.Kind k : d.kinds()) {
          out.append(wrap("-- " + k.kind() + ": " + Formats.count(k.hosts(), "host") + ", "
              + Formats.count(k.assignable(), "assignable device") + ", "
              + Formats.count(k.vms(), "VM"), o.width(), "   ")).append('\n');
          List<Integer> rows = Table.interesting(d, k.devicesTally(), s);
          if (rows.isEmpty()) {
            out.append("every device works in every use case under every policy\n");
            continue;
          }
          out.append(Table.render(d, k.devicesTally(), s, rows, o.width(), o.colour()));
          if (rows.size() < d.useCases().size()) {
            out.append(wrap("(every device works under every policy in "
                + others(d.useCases().size() - rows.size()) + ")", o.width(), ""))
                .append('\n');
          }
        }
      }
      default -> throw new IllegalStateException();
    }
    for (int p = 0; p < d.policies().size(); p++) {
      if (d.counterfactual(s, p)) {
        out.append(wrap("* " + d.policies().get(p).id() + ": a counterfactual on this kernel"
            + " (it describes kernels from " + d.policies().get(p).counterfactualBefore()
            + " on), not a result of its time", o.width(), "  ")).append('\n');
      }
    }
  }

  private static String others(int n) {
    return n == 1 ? "the other use case" : "the other " + n + " use cases";
  }

  private static List<Integer> all(ReportData d) {
    List<Integer> out = new ArrayList<>();
    for (int u = 0; u < d.useCases().size(); u++) {
      out.add(u);
    }
    return out;
  }

  private static void reasons(ReportData d, Tally t, Options o, StringBuilder out) {
    boolean main = o.email() && !o.detail();
    String unit = o.by() == TextReport.By.VM ? "VMs" : "devices";
    out.append('\n').append(wrap(main
        ? "Why (the main reasons: " + unit + " broken or unsafe; --detail adds the rest)"
        : "Why: " + unit + " that do not simply work, one line per reason with the policies it"
            + " applies to", o.width(), "")).append('\n');
    for (int s = 0; s < d.scenarios().size(); s++) {
      if (main) {
        mainReasons(d, t, s, o, out);
        continue;
      }
      StringBuilder section = new StringBuilder();
      for (int u = 0; u < d.useCases().size(); u++) {
        boolean shown = false;
        for (Views.ReasonGroup g : Views.reasons(d, t, s, u)) {
          if (main && g.outcome() != Outcome.BROKEN && g.outcome() != Outcome.UNSAFE) {
            continue;
          }
          if (!shown) {
            section.append("  ").append(d.useCases().get(u).id()).append('\n');
            shown = true;
          }
          section.append(wrap("    " + line(d, g), o.width(), "      ")).append('\n');
        }
      }
      out.append('\n').append(d.scenarios().get(s).id()).append('\n');
      out.append(section.length() == 0 ? "  nothing to report\n" : section);
    }
  }

  /**
   * A scenario's broken and unsafe reasons, each once, with the use cases and counts it
   * decides: what a reply needs, without repeating one rule for every use case it breaks.
   */
  private static void mainReasons(ReportData d, Tally t, int s, Options o, StringBuilder out) {
    Map<String, List<String>> where = new LinkedHashMap<>();
    for (int u = 0; u < d.useCases().size(); u++) {
      for (Views.ReasonGroup g : Views.reasons(d, t, s, u)) {
        if (g.outcome() != Outcome.BROKEN && g.outcome() != Outcome.UNSAFE) {
          continue;
        }
        long same = g.sameCount();
        String policies = g.byPolicy().size() == d.policies().size() ? ""
            : " (" + String.join(", ", g.byPolicy().keySet()) + ")";
        where.computeIfAbsent(g.outcome().id() + ": " + g.reason()
                + (g.reason().startsWith("policy ") ? "" : policies), k -> new ArrayList<>())
            .add(d.useCases().get(u).id() + " " + (same >= 0 ? Long.toString(same)
                : g.policies(d.policies().size())));
      }
    }
    out.append('\n').append(d.scenarios().get(s).id()).append('\n');
    if (where.isEmpty()) {
      out.append("  nothing broken or unsafe\n");
    }
    where.forEach((reason, useCases) -> {
      out.append(wrap("  " + reason, o.width(), "    ")).append('\n');
      out.append(wrap("    -> " + String.join(", ", useCases), o.width(), "       "))
          .append('\n');
    });
  }

  /**
   * "fallback 1959: policy rfc-literal-hide, rule ...": the outcome, how many, the policies it
   * applies to (left out when the reason names its one policy), and the reason.
   */
  static String line(ReportData d, Views.ReasonGroup g) {
    long same = g.sameCount();
    String policies = g.policies(d.policies().size());
    String only = g.byPolicy().size() == 1 ? "policy " + g.byPolicy().keySet().iterator().next()
        : null;
    boolean named = only != null && (g.reason().startsWith(only + ",")
        || g.reason().startsWith(only + ":") || g.reason().startsWith(only + " ("));
    return g.outcome().id() + " " + (same >= 0 ? same : "") + (named ? ""
        : (same >= 0 ? " (" + policies + ")" : "(" + policies + ")")) + ": " + g.reason();
  }

  private static void legend(Options o, StringBuilder out) {
    out.append("\nLegend\n").append(wrap("  " + Legend.CELLS, o.width(), "  ")).append('\n');
    for (Map.Entry<Outcome, String> e : Legend.outcomes().entrySet()) {
      String letter = e.getKey() == Outcome.NOT_APPLICABLE ? " " : Views.letter(e.getKey());
      out.append(wrap("  " + letter + " " + Formats.pad(e.getKey().id(), 12) + " "
          + e.getValue(), o.width(), " ".repeat(18))).append('\n');
    }
    out.append(wrap("  " + Legend.BLAME, o.width(), "  ")).append('\n');
  }

  private static void notes(ReportData d, Options o, StringBuilder out) {
    out.append("\nNotes: where the model simplifies, what it assumes\n");
    for (String n : d.notes()) {
      out.append(wrap("  - " + n, o.width(), "    ")).append('\n');
    }
  }
}
