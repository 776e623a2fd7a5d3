package dev.vfiopolicy.engine;

import dev.vfiopolicy.model.KernelView;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.model.Scenario;
import dev.vfiopolicy.model.UseCase;
import dev.vfiopolicy.model.VmProfile;
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
  private final int policyCount;
  private final int useCaseCount;
  private final boolean explain;
  private final Map<Profile, Evaluation[]> cache = new HashMap<>();
  private final Map<VmProfile, Evaluation[]> vmCache = new HashMap<>();
  /**
   * One String per distinct reason: a report adds every evaluation to several tallies (all
   * devices, VMs, each kind of machine), which find a reason by its text; with one instance per
   * text that is an identity hit on a cached hash instead of hashing and comparing it again.
   */
  private final Map<String, String> reasons = new HashMap<>();

  /** An engine for reports: evaluations carry outcome and reason, and no steps. */
  public Engine(List<Scenario> scenarios, List<Policy> policies, List<UseCase> useCases) {
    this(scenarios, policies, useCases, false);
  }

  /** An engine whose evaluations also carry the steps that led to them, as explain shows. */
  public static Engine explaining(
      List<Scenario> scenarios, List<Policy> policies, List<UseCase> useCases) {
    return new Engine(scenarios, policies, useCases, true);
  }

  private Engine(
      List<Scenario> scenarios, List<Policy> policies, List<UseCase> useCases, boolean explain) {
    List<Cell> all = new ArrayList<>();
    for (Scenario s : scenarios) {
      for (Policy p : policies) {
        for (UseCase u : useCases) {
          all.add(new Cell(s, p, u));
        }
      }
    }
    this.cells = List.copyOf(all);
    this.policyCount = policies.size();
    this.useCaseCount = useCases.size();
    this.explain = explain;
  }

  /** Cells in report order: scenario, then policy, then use case. */
  public List<Cell> cells() {
    return cells;
  }

  /** Evaluations of one VM, indexed like {@link #cells()}. */
  public Evaluation[] evaluateVm(VmProfile vm) {
    if (vm.members().size() == 1) {
      return evaluate(vm.members().get(0));
    }
    return vmCache.computeIfAbsent(vm, this::computeVm);
  }

  private Evaluation[] computeVm(VmProfile vm) {
    List<Evaluation[]> each = new ArrayList<>();
    for (Profile p : vm.members()) {
      each.add(evaluate(p));
    }
    Evaluation[] out = new Evaluation[cells.size()];
    List<Evaluation> column = new ArrayList<>();
    for (int i = 0; i < out.length; i++) {
      column.clear();
      for (Evaluation[] e : each) {
        column.add(e[i]);
      }
      out[i] = canonical(
          VmEvaluator.combine(vm.members(), column, cells.get(i).useCase(), explain));
    }
    return out;
  }

  /** Evaluations of one profile, indexed like {@link #cells()}. */
  public Evaluation[] evaluate(Profile profile) {
    return cache.computeIfAbsent(profile, this::compute);
  }

  /**
   * Each scenario's kernel sees the device once; each policy decides once per kernel view, and
   * every use case is evaluated against that decision. Cells are in scenario, policy, use case
   * order, so a cell's scenario and policy are found by its index: hashing a Scenario or a
   * Policy record means hashing everything they hold.
   */
  private Evaluation[] compute(Profile profile) {
    int perScenario = policyCount * useCaseCount;
    KernelView view = null;
    Policy.Verdict verdict = null;
    Evaluation[] out = new Evaluation[cells.size()];
    for (int i = 0; i < out.length; i++) {
      Cell c = cells.get(i);
      if (i % perScenario == 0) {
        view = KernelView.of(profile, c.scenario().kernel());
      }
      if (i % useCaseCount == 0) {
        verdict = c.policy().decide(view);
      }
      out[i] = canonical(Evaluator.evaluate(view, c.policy(), verdict, c.useCase(), explain));
    }
    return out;
  }

  private Evaluation canonical(Evaluation e) {
    String known = reasons.putIfAbsent(e.reason(), e.reason());
    return known == null || known == e.reason() ? e
        : new Evaluation(e.outcome(), known, e.steps(), e.path(), e.noncoherent(),
            e.toldNoncoherent());
  }
}
