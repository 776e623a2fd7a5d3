package dev.vfiopolicy.claims;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Evaluates claims against a report's counts. */
public final class ClaimVerdicts {
  private ClaimVerdicts() {}

  /** One claim's verdict and the numbers behind it. */
  public record Verdict(Claim claim, boolean holds, List<String> numbers) {}

  public static List<Verdict> check(List<Claim> claims, Counts counts) {
    List<Verdict> out = new ArrayList<>();
    for (Claim c : claims) {
      List<String> numbers = new ArrayList<>();
      for (Claim.Evidence e : c.evidence()) {
        numbers.add(e.label() + ": " + format(e.value().eval(counts)));
      }
      out.add(new Verdict(c, c.holds().test(counts), numbers));
    }
    return out;
  }

  static String format(Number n) {
    if (n instanceof Double d) {
      return new BigDecimal(d).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
          .toPlainString();
    }
    return n.toString();
  }
}
