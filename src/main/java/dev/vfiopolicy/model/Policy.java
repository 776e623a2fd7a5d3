package dev.vfiopolicy.model;

import java.util.List;
import java.util.Map;

/**
 * A proposal for which devices get a cdev and what userspace is told. For each decision the
 * first rule whose condition holds wins; otherwise the default applies.
 *
 * @param source Message-ID of the mail that states the proposal
 */
public record Policy(
    String id,
    String title,
    String advocate,
    String source,
    String summary,
    Map<Decision, String> defaults,
    List<Rule> rules) {
  public Policy {
    defaults = Map.copyOf(defaults);
    rules = List.copyOf(rules);
  }

  /** The rule that decides, or null when the default applies. */
  public Rule decidingRule(Decision decision, Profile profile) {
    for (Rule r : rules) {
      if (r.decision() == decision && r.condition().test(profile)) {
        return r;
      }
    }
    return null;
  }

  public Verdict decide(Profile profile) {
    Rule cdev = decidingRule(Decision.CDEV, profile);
    Rule flag = decidingRule(Decision.COHERENCY_FLAG, profile);
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
