package dev.vfiopolicy.report;

import dev.vfiopolicy.claims.Claim;
import dev.vfiopolicy.claims.ClaimVerdicts;
import java.util.List;

/** The claims and their verdicts as plain text. */
public final class ClaimsText {
  private ClaimsText() {}

  public static String render(List<ClaimVerdicts.Verdict> verdicts, String header, int width) {
    StringBuilder out = new StringBuilder(header).append('\n');
    long holding = verdicts.stream().filter(ClaimVerdicts.Verdict::holds).count();
    out.append(holding).append(" of ").append(verdicts.size()).append(" claims hold.\n");
    for (ClaimVerdicts.Verdict v : verdicts) {
      Claim c = v.claim();
      out.append('\n').append(v.holds() ? "[holds] " : "[does not hold] ").append(c.id())
          .append('\n');
      out.append(Formats.wrap("  " + c.author() + ", " + c.date() + ", " + c.messageId(), width,
          "    ")).append('\n');
      out.append(Formats.wrap("  > " + c.quote(), width, "  > ")).append('\n');
      out.append(Formats.wrap("  Claim: " + c.claim(), width, "    ")).append('\n');
      out.append(Formats.wrap("  Model: " + c.holdsWhen().replaceAll("\\s+", " "), width,
          "    ")).append('\n');
      for (String n : v.numbers()) {
        out.append(Formats.wrap("    " + n, width, "      ")).append('\n');
      }
    }
    return out.toString();
  }
}
