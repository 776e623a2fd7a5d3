package dev.vfiopolicy.model;

/** A compiled predicate over a device profile, written in a policy file. */
@FunctionalInterface
public interface Condition {
  boolean test(Profile profile);
}
