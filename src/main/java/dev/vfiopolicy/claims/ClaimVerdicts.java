package dev.vfiopolicy.claims;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Evaluates claims against a report's counts. */
public final class ClaimVerdicts {
  private ClaimVerdicts() {}

  /** What the model says of a claim. */
  public enum Status {
    HOLDS("holds"),
    DOES_NOT_HOLD("does not hold"),
    /** The population has nothing the claim is about (e.g. no machine of its kind). */
    NO_EVIDENCE("no evidence here");

    private final String text;

    Status(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /** One claim's verdict and the numbers behind it. */
  public record Verdict(Claim claim, Status status, List<String> numbers) {
    public boolean holds() {
      return status == Status.HOLDS;
    }
  }

  public static List<Verdict> check(List<Claim> claims, Counts counts) {
    List<Verdict> out = new ArrayList<>();
    for (Claim c : claims) {
      List<String> numbers = new ArrayList<>();
      for (Claim.Evidence e : c.evidence()) {
        numbers.add(e.label() + ": " + format(e.value().eval(counts)));
      }
      Status status = c.applies() != null && !c.applies().test(counts) ? Status.NO_EVIDENCE
          : c.holds().test(counts) ? Status.HOLDS : Status.DOES_NOT_HOLD;
      out.add(new Verdict(c, status, numbers));
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
