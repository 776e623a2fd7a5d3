package dev.vfiopolicy.claims;

import java.util.List;

/**
 * A sentence from the thread, and what the model must show for it to hold. The verdict comes from
 * evaluating {@link #holds()} over a report's counts, never from the file.
 *
 * @param holdsWhen the condition's source text
 */
public record Claim(
    String id,
    String author,
    String date,
    String messageId,
    String quote,
    String claim,
    String holdsWhen,
    Check holds,
    List<Evidence> evidence) {
  public Claim {
    evidence = List.copyOf(evidence);
  }

  /** A number shown beside the verdict. */
  public record Evidence(String label, String expression, Value value) {}

  /** A compiled boolean expression over the counts. */
  @FunctionalInterface
  public interface Check {
    boolean test(Counts counts);
  }

  /** A compiled numeric expression over the counts. */
  @FunctionalInterface
  public interface Value {
    Number eval(Counts counts);
  }
}
