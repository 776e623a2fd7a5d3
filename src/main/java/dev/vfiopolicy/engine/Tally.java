package dev.vfiopolicy.engine;

import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.model.Profile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Device counts per cell and outcome, and per cell and reason. Counting goes through profiles:
 * {@link #add(Profile, long)} multiplies one profile's evaluations by its device count.
 */
public final class Tally {
  private final Engine engine;
  private final long[][] counts;
  private final List<Map<String, ReasonCount>> reasons;
  private final Map<Profile, Long> profiles = new LinkedHashMap<>();

  public Tally(Engine engine) {
    this.engine = engine;
    int n = engine.cells().size();
    this.counts = new long[n][Outcome.values().length];
    this.reasons = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      reasons.add(new TreeMap<>());
    }
  }

  public void add(Profile profile, long devices) {
    profiles.merge(profile, devices, Long::sum);
    Evaluation[] ev = engine.evaluate(profile);
    for (int i = 0; i < ev.length; i++) {
      counts[i][ev[i].outcome().ordinal()] += devices;
      Evaluation e = ev[i];
      reasons
          .get(i)
          .merge(
              e.reason(),
              new ReasonCount(e.outcome(), e.reason(), devices),
              (a, b) -> new ReasonCount(a.outcome(), a.reason(), a.devices() + b.devices()));
    }
  }

  public List<Cell> cells() {
    return engine.cells();
  }

  public long count(int cell, Outcome outcome) {
    return counts[cell][outcome.ordinal()];
  }

  public long devices(int cell) {
    long sum = 0;
    for (long c : counts[cell]) {
      sum += c;
    }
    return sum;
  }

  /** Reasons of one cell, most devices first, then by outcome and text. */
  public List<ReasonCount> reasons(int cell) {
    List<ReasonCount> list = new ArrayList<>(reasons.get(cell).values());
    list.sort(
        Comparator.comparingLong(ReasonCount::devices)
            .reversed()
            .thenComparing(ReasonCount::outcome)
            .thenComparing(ReasonCount::reason));
    return list;
  }

  /** Distinct device profiles seen, with their device counts. */
  public Map<Profile, Long> profiles() {
    return profiles;
  }

  public record ReasonCount(Outcome outcome, String reason, long devices) {}
}
