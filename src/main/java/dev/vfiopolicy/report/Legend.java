package dev.vfiopolicy.report;

import dev.vfiopolicy.model.Outcome;
import java.util.LinkedHashMap;
import java.util.Map;

/** What each outcome means, in the words every format uses. */
public final class Legend {
  private Legend() {}

  public static final String CELLS =
      "Each cell: for every outcome that occurs, its letter and share (percent of the"
          + " assignable devices, or VMs, of that use case; bridges and root ports are not"
          + " assigned and are counted once in the header), with the count below.";

  /** The rule that tells broken from unsupported, applied to every cell. */
  public static final String BLAME =
      "One rule for blame: a device or VM that cannot run is broken only when the policy's"
          + " decision is what stops it (the same device, exposed, would run); otherwise it is"
          + " unsupported, and the reason names the kernel, hardware or consumer fact that stops"
          + " it.";

  public static Map<Outcome, String> outcomes() {
    Map<Outcome, String> m = new LinkedHashMap<>();
    m.put(Outcome.WORKS, "runs on the interface the use case asks for");
    m.put(Outcome.FALLBACK, "runs only through the legacy group interface");
    m.put(Outcome.UNSAFE,
        "runs in an x86 KVM guest whose non-coherent DMA KVM never learns of: guest WBINVD does"
            + " nothing (on Intel, EPT also forces write-back), so the guest's driver can read"
            + " stale data. The harm is inside the guest, not a host compromise");
    m.put(Outcome.NO_REMEDY,
        "runs in a KVM guest off x86 with non-coherent DMA: KVM has no remedy there whatever"
            + " it is told, the same under every policy");
    m.put(Outcome.BROKEN, "cannot run, and the policy's decision is the cause");
    m.put(Outcome.UNSUPPORTED,
        "cannot run whatever the policy decides (a kernel, hardware or consumer fact)");
    m.put(Outcome.NOT_APPLICABLE, "bridges and root ports: not assigned to userspace");
    return m;
  }
}
