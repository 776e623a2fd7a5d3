package dev.vfiopolicy.model;

/**
 * What happens to one device (or one VM) in one use case, under one policy and kernel. The
 * order is from good to bad for a running guest; failures come after.
 */
public enum Outcome {
  WORKS("works", "works"),
  /** Works only through the legacy group interface. */
  FALLBACK("fallback", "fallback"),
  /**
   * Runs on x86 KVM, but the guest's non-coherent DMA is unknown to KVM: guest WBINVD does
   * nothing (on Intel, EPT also forces write-back). The harm is inside the guest.
   */
  UNSAFE("unsafe", "unsafe"),
  /**
   * A KVM guest off x86 with non-coherent DMA: KVM has no remedy there whatever it is told, so
   * every policy gives the same.
   */
  NO_REMEDY("no-remedy", "no_remedy"),
  /** Cannot run, and a decision of the policy is the cause: exposed, it would run. */
  BROKEN("broken", "broken"),
  /** Cannot run whatever the policy decides: a kernel, hardware or consumer fact stops it. */
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

  /** The device or VM does not start. */
  public boolean fails() {
    return this == BROKEN || this == UNSUPPORTED;
  }
}
