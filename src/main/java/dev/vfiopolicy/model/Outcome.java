package dev.vfiopolicy.model;

/** What happens to one device in one use case, under one policy and kernel configuration. */
public enum Outcome {
  WORKS("works", "works"),
  /** Works only through the legacy group interface. */
  FALLBACK("fallback", "fallback"),
  /** Cannot run, and a decision of the policy is the cause. */
  BROKEN("broken", "broken"),
  /** Runs, but non-coherent DMA is unknown to KVM on x86, or has no remedy elsewhere. */
  UNSAFE("unsafe", "unsafe"),
  /** Cannot run for a reason no policy controls (kernel, platform, hardware). */
  UNSUPPORTED("unsupported", "unsupported"),
  NOT_APPLICABLE("not-applicable", "not_applicable");

  private final String id;
  private final String column;

  Outcome(String id, String column) {
    this.id = id;
    this.column = column;
  }

  public String id() {
    return id;
  }

  /** Column name in summary.csv. */
  public String column() {
    return column;
  }
}
