package dev.vfiopolicy.claims;

import java.util.List;

/**
 * A sentence from the thread, the sentence it answers, and what the model must show for it to
 * hold: a test that fails if the speaker was wrong about what they said. The verdict comes from
 * evaluating {@link #holds()} over a report's counts, never from the file.
 *
 * @param context the sentence the quote answers, as the thread has it
 * @param verified where the quote was checked: "seed" (the thread as archived with the project)
 *     or "brief" (quoted with its Message-ID, not checked against the archive here)
 * @param kind tested, or definitional: true by the model's construction
 * @param modellingNote for a definitional claim, the modelling choice that makes it true
 * @param appliesWhen when false, the population holds no evidence for the claim (null: always)
 * @param holdsWhen the condition's source text
 */
public record Claim(
    String id,
    String author,
    String date,
    String messageId,
    String context,
    String quote,
    String verified,
    String claim,
    Kind kind,
    String modellingNote,
    String appliesWhen,
    Check applies,
    String holdsWhen,
    Check holds,
    List<Evidence> evidence) {
  public Claim {
    evidence = List.copyOf(evidence);
  }

  /** Whether the model could have said otherwise. */
  public enum Kind {
    /** The test can fail: the verdict is evidence. */
    TESTED("tested"),
    /** True by the model's construction; shown apart, with the note that makes it so. */
    DEFINITIONAL("definitional");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static Kind fromId(String id) {
      for (Kind k : values()) {
        if (k.id.equals(id)) {
          return k;
        }
      }
      throw new IllegalArgumentException("expected tested or definitional");
    }
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
