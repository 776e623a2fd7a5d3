package dev.vfiopolicy.report;

import dev.vfiopolicy.model.Outcome;
import java.util.LinkedHashMap;
import java.util.Map;

/** What each outcome means, in the words every format uses. */
public final class Legend {
  private Legend() {}

  public static final String CELLS =
      "Each cell: share of the assignable devices (bridges and root ports left out) that are"
          + " broken, unsafe and fallback in that use case under that policy, with device"
          + " counts.";

  public static Map<Outcome, String> outcomes() {
    Map<Outcome, String> m = new LinkedHashMap<>();
    m.put(Outcome.WORKS, "runs on the interface the use case asks for");
    m.put(Outcome.FALLBACK, "works only through the legacy group interface");
    m.put(Outcome.BROKEN, "cannot run, and a decision of the policy is the cause");
    m.put(Outcome.UNSAFE,
        "runs, but non-coherent DMA is unknown to KVM on x86, or has no remedy elsewhere");
    m.put(Outcome.UNSUPPORTED,
        "cannot run for a reason no policy controls (kernel, platform, hardware)");
    m.put(Outcome.NOT_APPLICABLE, "bridges and root ports: not assigned to userspace");
    return m;
  }
}
