package dev.vfiopolicy.model;

import java.util.List;
import java.util.Map;

/**
 * One row of the kernel timeline: what a release brought (or a release ended), with its source
 * and TIMELINE.md's confidence.
 *
 * @param from first release that has it, or null
 * @param until first release that no longer has it, or null
 * @param rfcSeries part of the 2021 RFC series, which never merged
 * @param hardware what register bit each population key in a driver effect stands for
 * @param whyNoEffect for informational facts: why no outcome changes with them
 */
public record KernelFact(
    String id,
    Release from,
    Release until,
    boolean rfcSeries,
    String fact,
    Effect effect,
    Map<HwBit, String> hardware,
    String whyNoEffect,
    String source,
    String confidence) {
  public KernelFact {
    hardware = Map.copyOf(hardware);
  }

  /** Does a kernel of this release (with or without the RFC series) have the fact? */
  public boolean appliesTo(Release r, boolean withRfcSeries) {
    if (rfcSeries) {
      return withRfcSeries;
    }
    return (from == null || !r.before(from)) && (until == null || r.before(until));
  }

  /** TIMELINE.md's B: believed, not verified. Reports list these as assumptions. */
  public boolean believedOnly() {
    return confidence.contains("B");
  }

  /** "6.13", "before 5.19" or "RFC series", for reasons and listings. */
  public String when() {
    if (rfcSeries) {
      return "RFC series";
    }
    if (from == null) {
      return "before " + until;
    }
    return until == null ? from.toString() : from + " to " + until + " (excl.)";
  }

  /** What a fact does to outcomes. */
  public sealed interface Effect permits Switch, Driver, None {}

  /** A kernel-wide behaviour. */
  public record Switch(KernelSwitch name) implements Effect {}

  /**
   * A driver reports a capability for units whose hardware has every bit of {@code needs} (or
   * one of them, when {@code any}); always when {@code needs} is empty.
   */
  public record Driver(IommuType driver, Capability capability, List<HwBit> needs, boolean any)
      implements Effect {
    public Driver {
      needs = List.copyOf(needs);
    }

    public boolean holdsFor(Profile p) {
      if (needs.isEmpty()) {
        return true;
      }
      // A loop, not a stream: asked per profile, kernel and capability, mostly before the JIT.
      for (HwBit b : needs) {
        if (b.of(p) == any) {
          return any;
        }
      }
      return !any;
    }
  }

  /** Informational. */
  public record None() implements Effect {}
}
