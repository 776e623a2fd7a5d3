package dev.vfiopolicy.report;

import dev.vfiopolicy.claims.Claim;
import dev.vfiopolicy.claims.ClaimVerdicts;
import java.util.List;

/**
 * The claims and their verdicts as plain text: tested claims first, each with the sentence it
 * answers, then the definitional ones apart, with the modelling note that makes each true.
 */
public final class ClaimsText {
  private ClaimsText() {}

  public static String render(List<ClaimVerdicts.Verdict> verdicts, String header, int width) {
    StringBuilder out = new StringBuilder(header).append('\n');
    List<ClaimVerdicts.Verdict> tested = verdicts.stream()
        .filter(v -> v.claim().kind() == Claim.Kind.TESTED).toList();
    List<ClaimVerdicts.Verdict> definitional = verdicts.stream()
        .filter(v -> v.claim().kind() == Claim.Kind.DEFINITIONAL).toList();
    out.append(Formats.wrap("Tested: " + count(tested, ClaimVerdicts.Status.HOLDS) + " hold, "
        + count(tested, ClaimVerdicts.Status.DOES_NOT_HOLD) + " do not, "
        + count(tested, ClaimVerdicts.Status.NO_EVIDENCE) + " have no evidence in this"
        + " population. Definitional (true by the model's construction, shown apart): "
        + definitional.size() + ".", width, "")).append('\n');
    out.append("\nTested claims (each could have failed)\n");
    for (ClaimVerdicts.Verdict v : tested) {
      claim(v, width, out);
    }
    if (!definitional.isEmpty()) {
      out.append("\nDefinitional claims (the model makes them true; the numbers say how much)\n");
      for (ClaimVerdicts.Verdict v : definitional) {
        claim(v, width, out);
      }
    }
    return out.toString();
  }

  private static long count(List<ClaimVerdicts.Verdict> vs, ClaimVerdicts.Status s) {
    return vs.stream().filter(v -> v.status() == s).count();
  }

  private static void claim(ClaimVerdicts.Verdict v, int width, StringBuilder out) {
    Claim c = v.claim();
    out.append('\n').append('[').append(v.status().text()).append("] ").append(c.id())
        .append('\n');
    out.append(Formats.wrap("  " + c.author() + ", " + c.date() + ", " + c.messageId()
        + (c.verified().equals("seed") ? "" : " (quoted from its Message-ID)"), width, "    "))
        .append('\n');
    out.append(Formats.wrap("  In answer to: " + c.context(), width, "    ")).append('\n');
    out.append(Formats.wrap("  > " + c.quote(), width, "  > ")).append('\n');
    out.append(Formats.wrap("  Tested: " + c.claim(), width, "    ")).append('\n');
    if (c.kind() == Claim.Kind.DEFINITIONAL) {
      out.append(Formats.wrap("  True by construction: " + c.modellingNote(), width, "    "))
          .append('\n');
    }
    if (c.appliesWhen() != null) {
      out.append(Formats.wrap("  Applies when: " + c.appliesWhen().replaceAll("\\s+", " "),
          width, "    ")).append('\n');
    }
    out.append(Formats.wrap("  Model: " + c.holdsWhen().replaceAll("\\s+", " "), width,
        "    ")).append('\n');
    for (String n : v.numbers()) {
      out.append(Formats.wrap("    " + n, width, "      ")).append('\n');
    }
  }
}
