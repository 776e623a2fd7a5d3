package dev.vfiopolicy.policy;

import dev.vfiopolicy.model.Condition;
import dev.vfiopolicy.model.Decision;
import dev.vfiopolicy.model.KernelView;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Release;
import dev.vfiopolicy.model.Rule;
import dev.vfiopolicy.yaml.Node;
import dev.vfiopolicy.yaml.Nodes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns a policy file's YAML tree into a {@link Policy}, compiling every condition once. */
public final class PolicyLoader {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  private PolicyLoader() {}

  /** A policy file given by the user: every condition is compiled now, so errors show at once. */
  public static Policy fromNode(Node root) {
    return fromNode(root, false);
  }

  /**
   * A bundled policy: its conditions compile when first evaluated. The build's tests compile
   * every bundled condition, so deferring moves no error to the user; it keeps CEL's compiler
   * out of commands that only list policies and out of reports that do not run this policy.
   */
  public static Policy bundled(Node root) {
    return fromNode(root, true);
  }

  private static Policy fromNode(Node root, boolean lazy) {
    Nodes top =
        Nodes.of(root, "policy")
            .allowOnly("id", "title", "advocate", "source", "summary", "counterfactual_before",
                "defaults", "rules");
    String id = top.string("id");
    if (!ID.matcher(id).matches()) {
      throw top.node("id")
          .error("policy: 'id' must be lower-case letters, digits and dashes, found '" + id + "'");
    }
    Nodes policy = top.named("policy '" + id + "'");
    Map<Decision, String> defaults = new EnumMap<>(Decision.class);
    Nodes defs = Nodes.of(policy.node("defaults"), "policy '" + id + "' defaults");
    defs.allowOnly(ids());
    for (Decision d : Decision.values()) {
      defaults.put(d, value(defs, d.id(), d));
    }
    List<Rule> rules = new ArrayList<>();
    Set<String> ruleIds = new HashSet<>();
    for (Node n : policy.list("rules", List.of())) {
      Rule r = rule(n, id, lazy);
      if (!ruleIds.add(r.id())) {
        throw n.error("policy '" + id + "': duplicate rule id '" + r.id() + "'");
      }
      rules.add(r);
    }
    Release since = null;
    if (policy.has("counterfactual_before")) {
      try {
        since = Release.parse(policy.string("counterfactual_before"));
      } catch (IllegalArgumentException e) {
        throw policy.node("counterfactual_before").error("policy '" + id + "':"
            + " 'counterfactual_before' " + e.getMessage());
      }
    }
    return new Policy(
        id,
        policy.string("title"),
        policy.string("advocate"),
        policy.string("source"),
        policy.string("summary", ""),
        since,
        defaults,
        rules);
  }

  private static String[] ids() {
    Decision[] all = Decision.values();
    String[] out = new String[all.length];
    for (int i = 0; i < all.length; i++) {
      out[i] = all[i].id();
    }
    return out;
  }

  private static String value(Nodes n, String key, Decision d) {
    String v = n.string(key);
    if (!d.allowed().contains(v)) {
      throw n.node(key)
          .error(
              "'" + key + "' is '" + v + "'; expected one of: " + String.join(", ", d.allowed()));
    }
    return v;
  }

  private static Rule rule(Node n, String policyId, boolean lazy) {
    Nodes r = Nodes.of(n, "policy '" + policyId + "' rule");
    String ruleId = r.string("id");
    r = r.named("policy '" + policyId + "' rule '" + ruleId + "'");
    r.allowOnly("id", "decision", "when", "value", "reason");
    Decision decision = r.choice("decision", Decision::fromId);
    String when = r.string("when");
    Node whenNode = r.node("when");
    String where = whenNode.loc() + ": policy '" + policyId + "' rule '" + ruleId + "'";
    Condition condition = lazy
        ? new CelConditions.Deferred(
            () -> compile(when, where, whenNode, policyId, ruleId, true))
        : compile(when, where, whenNode, policyId, ruleId, false);
    return new Rule(
        ruleId, decision, when, condition, value(r, "value", decision), r.string("reason"));
  }

  private static Condition compile(String when, String where, Node whenNode, String policyId,
      String ruleId, boolean bundled) {
    try {
      return bundled ? CelConditions.bundled(when, where) : CelConditions.compile(when, where);
    } catch (CelConditions.CompileError e) {
      throw whenNode.error(
          "policy '" + policyId + "' rule '" + ruleId + "': condition does not compile"
              + (e.column() > 0 ? " (at column " + e.column() + " of the condition)" : "")
              + ": " + e.getMessage());
    }
  }
}
