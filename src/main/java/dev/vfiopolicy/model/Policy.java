package dev.vfiopolicy.model;

import java.util.List;
import java.util.Map;

/**
 * A proposal for which devices get a cdev and what userspace is told. For each decision the
 * first rule whose condition holds wins; otherwise the default applies.
 *
 * @param source Message-ID of the mail that states the proposal
 * @param counterfactualBefore the release from which the policy describes what kernels did; on
 *     an earlier kernel its cells are a counterfactual, not a result of that time (null: none)
 */
public record Policy(
    String id,
    String title,
    String advocate,
    String source,
    String summary,
    Release counterfactualBefore,
    Map<Decision, String> defaults,
    List<Rule> rules) {
  public Policy {
    defaults = Map.copyOf(defaults);
    rules = List.copyOf(rules);
  }

  /** Is this policy, on that kernel, a behaviour no kernel of the time had? */
  public boolean counterfactualOn(Kernel k) {
    return counterfactualBefore != null && k.release().before(counterfactualBefore);
  }

  /** The rule that decides, or null when the default applies. */
  public Rule decidingRule(Decision decision, KernelView device) {
    for (Rule r : rules) {
      if (r.decision() == decision && r.condition().test(device)) {
        return r;
      }
    }
    return null;
  }

  public Verdict decide(KernelView device) {
    Rule cdev = decidingRule(Decision.CDEV, device);
    Rule flag = decidingRule(Decision.COHERENCY_FLAG, device);
    return new Verdict(
        cdev,
        cdev == null ? defaults.get(Decision.CDEV) : cdev.value(),
        flag,
        flag == null ? defaults.get(Decision.COHERENCY_FLAG) : flag.value());
  }

  /** A policy's decisions for one profile, with the rules that made them (null: default). */
  public record Verdict(Rule cdevRule, String cdev, Rule flagRule, String flag) {
    public boolean cdevExposed() {
      return "expose".equals(cdev);
    }
  }
}
