package dev.vfiopolicy.engine;

import dev.vfiopolicy.model.Outcome;
import java.util.List;

/**
 * The outcome for one device profile in one (scenario, policy, use case), with the one-line
 * reason that decided it and the chain of steps that led there (for {@code explain}).
 */
public record Evaluation(Outcome outcome, String reason, List<String> steps) {
  public Evaluation {
    steps = List.copyOf(steps);
  }
}
