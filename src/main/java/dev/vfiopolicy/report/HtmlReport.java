package dev.vfiopolicy.report;

import dev.vfiopolicy.claims.ClaimVerdicts;
import dev.vfiopolicy.engine.Tally;
import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Scenario;
import java.util.List;
import java.util.Map;

/**
 * One self-contained HTML file: tables, reasons, charts (PNG data URIs), legend, notes and claims.
 * No script, no external fetch; every text that came from a file is escaped.
 */
public final class HtmlReport {
  private HtmlReport() {}

  private static final String STYLE =
      "body{font-family:sans-serif;margin:2em;max-width:1200px;color:#222}"
          + "table{border-collapse:collapse;margin:1em 0}"
          + "th,td{border:1px solid #ccc;padding:4px 8px;text-align:right;vertical-align:top}"
          + "th{background:#f3f3f3}td.u,th.u{text-align:left;font-family:monospace}"
          + ".b{color:#c83b3b;font-weight:bold}.s{color:#7b3fa0;font-weight:bold}"
          + ".f{color:#9a6b00}.z{color:#aaa}"
          + ".holds{color:#2e7d32}.fails{color:#c83b3b}"
          + "blockquote{border-left:3px solid #ccc;margin:0.5em 0;padding-left:1em;color:#555}"
          + "code{background:#f6f6f6}img{max-width:100%}"
          + "details{margin:0.5em 0}td.r{text-align:left}";

  /** {@code claims} may be null: the run did not cover what the claims read. */
  public static String render(ReportData d, List<ClaimVerdicts.Verdict> claims) {
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>vfio-policy report: ").append(esc(d.population())).append("</title>\n")
        .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
    out.append("<h1>vfio-policy report</h1>\n<p>Population <code>").append(esc(d.population()))
        .append("</code> (").append(esc(d.populationDescription())).append("), seed ")
        .append(d.seed() == null ? "-" : d.seed()).append(", ").append(d.hosts())
        .append(" hosts, ").append(d.devices()).append(" devices (").append(d.assignable())
        .append(" assignable). vfio-policy ").append(esc(d.version())).append(".</p>\n")
        .append("<p>Reproduce: <code>").append(esc(d.reproduce())).append("</code></p>\n");
    for (String in : d.inputs()) {
      out.append("<p>Input: <code>").append(esc(in)).append("</code></p>\n");
    }
    out.append("<h2>Policies</h2>\n<table>\n<tr><th class=\"u\">id</th><th class=\"u\">title"
        + "</th><th class=\"u\">advocate</th><th class=\"u\">source</th></tr>\n");
    for (Policy p : d.policies()) {
      out.append("<tr><td class=\"u\">").append(esc(p.id())).append("</td><td class=\"r\">")
          .append(esc(p.title())).append("</td><td class=\"r\">").append(esc(p.advocate()))
          .append("</td><td class=\"r\"><code>").append(esc(p.source()))
          .append("</code></td></tr>\n");
    }
    out.append("</table>\n<p>").append(esc(Legend.CELLS)).append("</p>\n");
    for (int s = 0; s < d.scenarios().size(); s++) {
      scenario(d, s, out);
    }
    out.append("<h2>Legend</h2>\n<ul>\n");
    for (Map.Entry<Outcome, String> e : Legend.outcomes().entrySet()) {
      out.append("<li><b>").append(esc(e.getKey().id())).append("</b>: ")
          .append(esc(e.getValue())).append("</li>\n");
    }
    out.append("</ul>\n<h2>Notes</h2>\n<ul>\n");
    for (String n : d.notes()) {
      out.append("<li>").append(esc(n)).append("</li>\n");
    }
    out.append("</ul>\n");
    claims(claims, out);
    out.append("</body>\n</html>\n");
    return out.toString();
  }

  private static void scenario(ReportData d, int s, StringBuilder out) {
    Scenario sc = d.scenarios().get(s);
    out.append("<h2 id=\"").append(esc(sc.id())).append("\">").append(esc(sc.heading()))
        .append("</h2>\n<p>").append(esc(sc.description()))
        .append("</p>\n<table>\n<tr><th class=\"u\">use case</th>");
    for (int p = 0; p < d.policies().size(); p++) {
      out.append("<th>").append(esc(d.policyHeading(s, p)))
          .append("<br>broken / unsafe / fallback</th>");
    }
    out.append("</tr>\n");
    for (int u = 0; u < d.useCases().size(); u++) {
      out.append("<tr><td class=\"u\" title=\"").append(esc(d.useCases().get(u).title()))
          .append("\">").append(esc(d.useCases().get(u).id())).append("</td>");
      for (int p = 0; p < d.policies().size(); p++) {
        int cell = d.cell(s, p, u);
        out.append("<td>").append(part(d, cell, Outcome.BROKEN, "b")).append(" / ")
            .append(part(d, cell, Outcome.UNSAFE, "s")).append(" / ")
            .append(part(d, cell, Outcome.FALLBACK, "f")).append("</td>");
      }
      out.append("</tr>\n");
    }
    out.append("</table>\n");
    out.append("<img alt=\"outcome shares by use case and policy, ").append(esc(sc.id()))
        .append("\" src=\"data:image/png;base64,").append(Charts.png(d, s)).append("\">\n");
    out.append("<details><summary>Why (").append(esc(sc.id())).append(")</summary>\n<table>\n")
        .append("<tr><th class=\"u\">use case</th><th class=\"u\">policy</th>"
            + "<th class=\"u\">outcome</th><th>devices</th><th class=\"u\">reason</th></tr>\n");
    for (int u = 0; u < d.useCases().size(); u++) {
      for (int p = 0; p < d.policies().size(); p++) {
        for (Tally.ReasonCount r : d.tally().reasons(d.cell(s, p, u))) {
          if (r.outcome() == Outcome.WORKS || r.outcome() == Outcome.NOT_APPLICABLE) {
            continue;
          }
          out.append("<tr><td class=\"u\">").append(esc(d.useCases().get(u).id()))
              .append("</td><td class=\"u\">").append(esc(d.policies().get(p).id()))
              .append("</td><td class=\"u\">").append(esc(r.outcome().id())).append("</td><td>")
              .append(r.devices()).append("</td><td class=\"r\">").append(esc(r.reason()))
              .append("</td></tr>\n");
        }
      }
    }
    out.append("</table>\n</details>\n");
  }

  private static String part(ReportData d, int cell, Outcome o, String css) {
    long n = d.count(cell, o);
    return "<span class=\"" + (n == 0 ? "z" : css) + "\">" + esc(d.share(cell, o)) + " ("
        + n + ")</span>";
  }

  private static void claims(List<ClaimVerdicts.Verdict> claims, StringBuilder out) {
    out.append("<h2>Claims from the thread</h2>\n");
    if (claims == null) {
      out.append("<p>Not evaluated: the claims read every bundled scenario, policy and use"
          + " case, and this run selected fewer.</p>\n");
      return;
    }
    for (ClaimVerdicts.Verdict v : claims) {
      var c = v.claim();
      out.append("<h3><span class=\"").append(v.holds() ? "holds\">holds" : "fails\">does not hold")
          .append("</span>: ").append(esc(c.id())).append("</h3>\n<p>")
          .append(esc(c.author())).append(", ").append(esc(c.date())).append(", <code>")
          .append(esc(c.messageId())).append("</code></p>\n<blockquote>").append(esc(c.quote()))
          .append("</blockquote>\n<p>").append(esc(c.claim())).append("</p>\n<p><code>")
          .append(esc(c.holdsWhen())).append("</code></p>\n<ul>\n");
      for (String n : v.numbers()) {
        out.append("<li>").append(esc(n)).append("</li>\n");
      }
      out.append("</ul>\n");
    }
  }

  /** Escapes text for HTML element content and quoted attribute values. */
  public static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
