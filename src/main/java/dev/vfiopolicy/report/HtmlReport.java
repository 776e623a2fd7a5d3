package dev.vfiopolicy.report;

import dev.vfiopolicy.claims.Claim;
import dev.vfiopolicy.claims.ClaimVerdicts;
import dev.vfiopolicy.engine.Tally;
import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Scenario;
import java.util.ArrayList;
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
          + ".b{color:#c83b3b;font-weight:bold}.u{color:#7b3fa0;font-weight:bold}"
          + ".n{color:#7b3fa0}.f{color:#9a6b00}.x{color:#777}.w{color:#2e7d32}"
          + ".holds{color:#2e7d32}.fails{color:#c83b3b}.z{color:#777}"
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
        .append("</code> (").append(esc(d.populationDescription())).append(")")
        .append(d.seed() == null ? "" : ", seed " + d.seed()).append(": ")
        .append(esc(Formats.devices(d))).append(". vfio-policy ").append(esc(d.version()))
        .append(".</p>\n")
        .append("<p>Reproduce: <code>").append(esc(d.reproduce())).append("</code></p>\n");
    for (String in : d.inputs()) {
      out.append("<p>Input: <code>").append(esc(in)).append("</code></p>\n");
    }
    headline(d, out);
    out.append("<h2>Policies</h2>\n<table>\n<tr><th class=\"u\">id</th><th class=\"u\">title"
        + "</th><th class=\"u\">advocate</th><th class=\"u\">source</th></tr>\n");
    for (Policy p : d.policies()) {
      out.append("<tr><td class=\"u\">").append(esc(p.id())).append("</td><td class=\"r\">")
          .append(esc(p.title())).append("</td><td class=\"r\">").append(esc(p.advocate()))
          .append("</td><td class=\"r\">").append(linked(p.source()))
          .append("</td></tr>\n");
    }
    out.append("</table>\n<p>").append(esc(Legend.CELLS)).append("</p>\n");
    for (int s = 0; s < d.scenarios().size(); s++) {
      scenario(d, s, out);
    }
    out.append("<h2>Legend</h2>\n<ul>\n");
    for (Map.Entry<Outcome, String> e : Legend.outcomes().entrySet()) {
      out.append("<li>").append(e.getKey() == Outcome.NOT_APPLICABLE ? ""
          : "<code>" + Views.letter(e.getKey()) + "</code> ").append("<b>")
          .append(esc(e.getKey().id())).append("</b>: ").append(esc(e.getValue()))
          .append("</li>\n");
    }
    out.append("</ul>\n<p>").append(esc(Legend.BLAME)).append("</p>\n<h2>Notes</h2>\n<ul>\n");
    for (String n : d.notes()) {
      out.append("<li>").append(linked(n)).append("</li>\n");
    }
    out.append("</ul>\n");
    claims(claims, out);
    out.append("</body>\n</html>\n");
    return out.toString();
  }

  private static void headline(ReportData d, StringBuilder out) {
    out.append("<h2>Headline</h2>\n<p>The use cases each policy breaks, with how many devices"
        + " and VMs, and on which kinds of machine (share of that kind's assignable"
        + " devices).</p>\n");
    for (int s = 0; s < d.scenarios().size(); s++) {
      Scenario sc = d.scenarios().get(s);
      out.append("<h3>").append(esc(sc.id())).append(" [kernel ")
          .append(esc(sc.kernel().label())).append("]</h3>\n<ul>\n");
      List<List<Views.Break>> breaks = Views.breaks(d, s);
      for (int p = 0; p < breaks.size(); p++) {
        List<Views.Break> broken = breaks.get(p);
        out.append("<li><b>").append(esc(d.policyHeading(s, p))).append("</b> breaks ");
        if (broken.isEmpty()) {
          out.append("nothing</li>\n");
          continue;
        }
        List<String> parts = new ArrayList<>();
        for (Views.Break b : broken) {
          List<String> kinds = new ArrayList<>();
          for (Views.KindShare k : b.kinds()) {
            kinds.add(k.kind() + " " + k.devices() + " (" + k.share() + ")");
          }
          parts.add("<code>" + esc(b.useCase()) + "</code>: "
              + Formats.count(b.devices(), "device") + ", " + Formats.count(b.vms(), "VM")
              + (kinds.isEmpty() ? ""
              : " (" + esc(String.join(", ", kinds)) + ")"));
        }
        out.append(String.join("; ", parts)).append("</li>\n");
      }
      for (Map.Entry<String, Map<String, Long>> e : Views.unsafeByPolicy(d, s).entrySet()) {
        List<String> parts = new ArrayList<>();
        e.getValue().forEach((p, n) -> parts.add(p + " " + n));
        out.append("<li>unsafe in <code>").append(esc(e.getKey())).append("</code>: ")
            .append(esc(String.join(", ", parts))).append("</li>\n");
      }
      out.append("</ul>\n");
    }
  }

  private static void scenario(ReportData d, int s, StringBuilder out) {
    Scenario sc = d.scenarios().get(s);
    out.append("<h2 id=\"").append(esc(sc.id())).append("\">").append(esc(sc.heading()))
        .append("</h2>\n<p>").append(esc(sc.description())).append("</p>\n");
    out.append("<h3>Devices</h3>\n");
    table(d, d.tally(), s, null, out);
    for (int p = 0; p < d.policies().size(); p++) {
      if (d.counterfactual(s, p)) {
        out.append("<p>* ").append(esc(d.policies().get(p).id())).append(": a counterfactual"
            + " on this kernel, not a result of its time.</p>\n");
      }
    }
    out.append("<img alt=\"outcome shares by use case and policy, ").append(esc(sc.id()))
        .append("\" src=\"data:image/png;base64,").append(Charts.png(d, s)).append("\">\n");
    out.append("<h3>VMs</h3>\n<p>").append(d.vms()).append(" VMs: devices assigned together; a"
        + " device in no listed VM is a VM alone.</p>\n");
    table(d, d.vmTally(), s, null, out);
    out.append("<details><summary>By kind of machine (").append(esc(sc.id()))
        .append(")</summary>\n");
    for (ReportData.Kind k : d.kinds()) {
      out.append("<h4>").append(esc(k.kind())).append(": ")
          .append(Formats.count(k.hosts(), "host")).append(", ")
          .append(Formats.count(k.assignable(), "assignable device")).append(", ")
          .append(Formats.count(k.vms(), "VM")).append("</h4>\n");
      List<Integer> rows = Table.interesting(d, k.devicesTally(), s);
      if (rows.isEmpty()) {
        out.append("<p>Every device works in every use case under every policy.</p>\n");
      } else {
        table(d, k.devicesTally(), s, rows, out);
      }
    }
    out.append("</details>\n");
    out.append("<details><summary>Why (").append(esc(sc.id())).append(")</summary>\n<table>\n")
        .append("<tr><th class=\"u\">use case</th><th class=\"u\">outcome</th><th>devices</th>"
            + "<th class=\"u\">policies</th><th class=\"u\">reason</th></tr>\n");
    for (int u = 0; u < d.useCases().size(); u++) {
      for (Views.ReasonGroup g : Views.reasons(d, d.tally(), s, u)) {
        long same = g.sameCount();
        out.append("<tr><td class=\"u\">").append(esc(d.useCases().get(u).id()))
            .append("</td><td class=\"u\">").append(esc(g.outcome().id())).append("</td><td>")
            .append(same >= 0 ? Long.toString(same) : "").append("</td><td class=\"r\">")
            .append(esc(g.policies(d.policies().size()))).append("</td><td class=\"r\">")
            .append(esc(g.reason())).append("</td></tr>\n");
      }
    }
    out.append("</table>\n</details>\n");
  }

  /** {@code rows} null: every use case. */
  private static void table(ReportData d, Tally t, int s, List<Integer> rows,
      StringBuilder out) {
    out.append("<table>\n<tr><th class=\"u\">use case</th>");
    for (int p = 0; p < d.policies().size(); p++) {
      out.append("<th>").append(esc(d.policyHeading(s, p))).append("</th>");
    }
    out.append("</tr>\n");
    for (int u = 0; u < d.useCases().size(); u++) {
      if (rows != null && !rows.contains(u)) {
        continue;
      }
      out.append("<tr><td class=\"u\" title=\"").append(esc(d.useCases().get(u).title()))
          .append("\">").append(esc(d.useCases().get(u).id())).append("</td>");
      for (int p = 0; p < d.policies().size(); p++) {
        List<String> parts = new ArrayList<>();
        for (Views.Token k : Views.tokens(t, d.cell(s, p, u))) {
          parts.add("<span class=\"" + Views.letter(k.outcome()) + "\">" + esc(k.label())
              + " (" + k.count() + ")</span>");
        }
        out.append("<td>").append(parts.isEmpty() ? "-" : String.join("<br>", parts))
            .append("</td>");
      }
      out.append("</tr>\n");
    }
    out.append("</table>\n");
  }

  /** Escaped text with each Message-ID linked to its archive, lore.kernel.org/r/ID. */
  static String linked(String text) {
    java.util.regex.Matcher m = MESSAGE_ID.matcher(text);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      out.append(esc(text.substring(last, m.start())));
      out.append("<a href=\"https://lore.kernel.org/r/").append(esc(m.group(1))).append("\">")
          .append(esc(m.group())).append("</a>");
      last = m.end();
    }
    return out.append(esc(text.substring(last))).toString();
  }

  private static final java.util.regex.Pattern MESSAGE_ID =
      java.util.regex.Pattern.compile("<([A-Za-z0-9._%+=$-]{1,200}@[A-Za-z0-9.-]{1,200})>");

  private static void claims(List<ClaimVerdicts.Verdict> claims, StringBuilder out) {
    out.append("<h2>Claims from the thread</h2>\n");
    if (claims == null) {
      out.append("<p>Not evaluated: the claims read every bundled scenario, policy and use"
          + " case, and this run selected fewer.</p>\n");
      return;
    }
    out.append("<h3>Tested claims (each could have failed)</h3>\n");
    for (ClaimVerdicts.Verdict v : claims) {
      if (v.claim().kind() == Claim.Kind.TESTED) {
        claim(v, out);
      }
    }
    out.append("<h3>Definitional claims (the model makes them true; the numbers say how"
        + " much)</h3>\n");
    for (ClaimVerdicts.Verdict v : claims) {
      if (v.claim().kind() == Claim.Kind.DEFINITIONAL) {
        claim(v, out);
      }
    }
  }

  private static void claim(ClaimVerdicts.Verdict v, StringBuilder out) {
    Claim c = v.claim();
    String css = switch (v.status()) {
      case HOLDS -> "holds";
      case DOES_NOT_HOLD -> "fails";
      case NO_EVIDENCE -> "z";
    };
    out.append("<h4><span class=\"").append(css).append("\">").append(esc(v.status().text()))
        .append("</span>: ").append(esc(c.id())).append("</h4>\n<p>")
        .append(esc(c.author())).append(", ").append(esc(c.date())).append(", ")
        .append(linked(c.messageId())).append("</p>\n<p>In answer to: ")
        .append(esc(c.context())).append("</p>\n<blockquote>").append(esc(c.quote()))
        .append("</blockquote>\n<p>Tested: ").append(esc(c.claim())).append("</p>\n");
    if (c.kind() == Claim.Kind.DEFINITIONAL) {
      out.append("<p>True by construction: ").append(linked(c.modellingNote()))
          .append("</p>\n");
    }
    out.append("<p><code>").append(esc(c.holdsWhen())).append("</code></p>\n<ul>\n");
    for (String n : v.numbers()) {
      out.append("<li>").append(esc(n)).append("</li>\n");
    }
    out.append("</ul>\n");
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
