package dev.vfiopolicy.model;

/** A compiled predicate over a device as a kernel sees it, written in a policy file. */
@FunctionalInterface
public interface Condition {
  boolean test(KernelView device);
}
