package dev.vfiopolicy.report;

import dev.vfiopolicy.engine.Tally;
import dev.vfiopolicy.model.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * One scenario's table in plain text: a row per use case, a column per policy, each cell the
 * outcomes that occur as letter and share over the count. Columns are as wide as their widest
 * cell; when the policies do not fit the width, they continue in a second block below.
 */
final class Table {
  private Table() {}

  /**
   * A compact table for a mail: policies by letter, one line per row, each cell only the
   * outcomes other than works, by share ("-" where everything works).
   */
  static String compact(ReportData d, Tally t, int s, List<Integer> useCases, int width) {
    int first = "use case".length();
    for (int u : useCases) {
      first = Math.max(first, d.useCases().get(u).id().length());
    }
    int policies = d.policies().size();
    String[][] cells = new String[useCases.size()][policies];
    int[] colWidth = new int[policies];
    for (int p = 0; p < policies; p++) {
      colWidth[p] = letter(p).length() + (d.counterfactual(s, p) ? 1 : 0);
      for (int r = 0; r < useCases.size(); r++) {
        List<String> parts = new ArrayList<>();
        for (Views.Token k : Views.tokens(t, d.cell(s, p, useCases.get(r)))) {
          if (k.outcome() != Outcome.WORKS) {
            parts.add(k.label());
          }
        }
        cells[r][p] = parts.isEmpty() ? "-" : String.join(" ", parts);
        colWidth[p] = Math.max(colWidth[p], cells[r][p].length());
      }
    }
    StringBuilder out = new StringBuilder();
    int from = 0;
    while (from < policies) {
      int to = from;
      int used = first;
      do {
        used += 2 + colWidth[to];
        to++;
      } while (to < policies && used + 2 + colWidth[to] <= width);
      StringBuilder head = new StringBuilder(Formats.pad("use case", first));
      for (int p = from; p < to; p++) {
        head.append("  ").append(Formats.pad(letter(p) + (d.counterfactual(s, p) ? "*" : ""),
            colWidth[p]));
      }
      out.append(head.toString().stripTrailing()).append('\n');
      for (int r = 0; r < useCases.size(); r++) {
        StringBuilder a = new StringBuilder(Formats.pad(d.useCases().get(useCases.get(r)).id(),
            first));
        for (int p = from; p < to; p++) {
          a.append("  ").append(Formats.pad(cells[r][p], colWidth[p]));
        }
        out.append(a.toString().stripTrailing()).append('\n');
      }
      from = to;
      if (from < policies) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  /** "A", "B", ...: how compact tables name policies. */
  static String letter(int i) {
    return i < 26 ? String.valueOf((char) ('A' + i)) : "P" + (i + 1);
  }

  /** Renders rows {@code useCases} (indexes) of scenario {@code s}; lines at most {@code width}. */
  static String render(ReportData d, Tally t, int s, List<Integer> useCases, int width,
      boolean colour) {
    int first = "use case".length();
    for (int u : useCases) {
      first = Math.max(first, d.useCases().get(u).id().length());
    }
    int policies = d.policies().size();
    String[][] top = new String[useCases.size()][policies];
    String[][] bottom = new String[useCases.size()][policies];
    String[][] painted = new String[useCases.size()][policies];
    int[] colWidth = new int[policies];
    for (int p = 0; p < policies; p++) {
      colWidth[p] = d.policyHeading(s, p).length();
      for (int r = 0; r < useCases.size(); r++) {
        List<Views.Token> tokens = Views.tokens(t, d.cell(s, p, useCases.get(r)));
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        StringBuilder c = new StringBuilder();
        if (tokens.isEmpty()) {
          a.append('-');
          b.append(' ');
          c.append('-');
        }
        for (int i = 0; i < tokens.size(); i++) {
          Views.Token k = tokens.get(i);
          String count = Long.toString(k.count());
          int w = Math.max(k.label().length(), count.length());
          String sep = i == 0 ? "" : " ";
          String label = Formats.padLeft(k.label(), w);
          a.append(sep).append(label);
          c.append(sep).append(colour ? paint(label, k.outcome()) : label);
          b.append(sep).append(Formats.padLeft(count, w));
        }
        top[r][p] = a.toString();
        bottom[r][p] = b.toString();
        painted[r][p] = c.toString();
        colWidth[p] = Math.max(colWidth[p], a.length());
      }
    }
    StringBuilder out = new StringBuilder();
    int from = 0;
    while (from < policies) {
      int to = from;
      int used = first;
      do {
        used += 2 + colWidth[to];
        to++;
      } while (to < policies && used + 2 + colWidth[to] <= width);
      StringBuilder head = new StringBuilder(Formats.pad("use case", first));
      for (int p = from; p < to; p++) {
        head.append("  ").append(Formats.pad(d.policyHeading(s, p), colWidth[p]));
      }
      out.append(head.toString().stripTrailing()).append('\n');
      for (int r = 0; r < useCases.size(); r++) {
        StringBuilder a = new StringBuilder(Formats.pad(d.useCases().get(useCases.get(r)).id(),
            first));
        StringBuilder b = new StringBuilder(" ".repeat(first));
        for (int p = from; p < to; p++) {
          int padding = colWidth[p] - top[r][p].length();
          a.append("  ").append(painted[r][p]).append(" ".repeat(padding));
          b.append("  ").append(Formats.pad(bottom[r][p], colWidth[p]));
        }
        out.append(strip(a.toString())).append('\n');
        out.append(b.toString().stripTrailing()).append('\n');
      }
      from = to;
      if (from < policies) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  /** Trailing spaces go; escape codes stay. */
  private static String strip(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(0, end);
  }

  private static String paint(String text, Outcome o) {
    String code = switch (o) {
      case BROKEN -> "\u001b[31m";
      case UNSAFE -> "\u001b[1;35m";
      case NO_REMEDY -> "\u001b[35m";
      case FALLBACK -> "\u001b[33m";
      case UNSUPPORTED -> "\u001b[2m";
      default -> "";
    };
    return code.isEmpty() ? text : code + text + "\u001b[0m";
  }

  /** The rows of a table where some policy does something other than work, in order. */
  static List<Integer> interesting(ReportData d, Tally t, int s) {
    List<Integer> out = new ArrayList<>();
    for (int u = 0; u < d.useCases().size(); u++) {
      for (int p = 0; p < d.policies().size(); p++) {
        int cell = d.cell(s, p, u);
        if (Views.base(t, cell) > t.count(cell, Outcome.WORKS)) {
          out.add(u);
          break;
        }
      }
    }
    return out;
  }
}
