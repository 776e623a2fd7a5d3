package dev.vfiopolicy.engine;

import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.model.Scenario;
import dev.vfiopolicy.model.UseCase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates device profiles over every (scenario, policy, use case) cell. Results are cached per
 * profile: a population has few distinct profiles, however many devices it has.
 */
public final class Engine {
  private final List<Cell> cells;
  private final List<Policy> policies;
  private final Map<Profile, Evaluation[]> cache = new HashMap<>();

  public Engine(List<Scenario> scenarios, List<Policy> policies, List<UseCase> useCases) {
    this.policies = List.copyOf(policies);
    List<Cell> all = new ArrayList<>();
    for (Scenario s : scenarios) {
      for (Policy p : policies) {
        for (UseCase u : useCases) {
          all.add(new Cell(s, p, u));
        }
      }
    }
    this.cells = List.copyOf(all);
  }

  /** Cells in report order: scenario, then policy, then use case. */
  public List<Cell> cells() {
    return cells;
  }

  /** Evaluations of one profile, indexed like {@link #cells()}. */
  public Evaluation[] evaluate(Profile profile) {
    return cache.computeIfAbsent(profile, this::compute);
  }

  private Evaluation[] compute(Profile profile) {
    Map<Policy, Policy.Verdict> verdicts = new HashMap<>();
    for (Policy p : policies) {
      verdicts.put(p, p.decide(profile));
    }
    Evaluation[] out = new Evaluation[cells.size()];
    for (int i = 0; i < out.length; i++) {
      Cell c = cells.get(i);
      out[i] =
          Evaluator.evaluate(
              profile, c.scenario(), c.policy(), verdicts.get(c.policy()), c.useCase());
    }
    return out;
  }
}
