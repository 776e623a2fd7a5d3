package dev.vfiopolicy.engine;

import dev.vfiopolicy.model.Interface;
import dev.vfiopolicy.model.Outcome;
import java.util.List;

/**
 * The outcome for one device profile (or one VM) in one (scenario, policy, use case), with the
 * one-line reason that decided it and the chain of steps that led there (for {@code explain};
 * empty when the engine does not explain, see {@link Engine#explaining}).
 * The remaining fields are what a VM of several devices combines.
 *
 * @param path the interface the device ends on; null when it does not run or is not assigned
 * @param noncoherent its DMA is not forced coherent on that path
 * @param toldNoncoherent its fd told KVM that the VM has non-coherent DMA
 */
public record Evaluation(
    Outcome outcome,
    String reason,
    List<String> steps,
    Interface path,
    boolean noncoherent,
    boolean toldNoncoherent) {
  public Evaluation {
    steps = List.copyOf(steps);
  }
}
