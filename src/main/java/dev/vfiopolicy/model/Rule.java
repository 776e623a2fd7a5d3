package dev.vfiopolicy.model;

/**
 * One rule of a policy: when the condition holds, the decision takes the value.
 *
 * @param when the condition's source text, for explanations
 * @param reason why the rule exists, with its source, in one line
 */
public record Rule(
    String id, Decision decision, String when, Condition condition, String value, String reason) {}
