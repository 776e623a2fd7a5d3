package dev.vfiopolicy.engine;

import dev.vfiopolicy.model.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts per cell and outcome, and per cell and reason, of devices or of VMs. Counting goes
 * through profiles: {@link #add} multiplies one profile's evaluations by how many have it.
 */
public final class Tally {
  private final List<Cell> cells;
  private final long[][] counts;
  private final List<Map<String, ReasonCount>> reasons;

  public Tally(List<Cell> cells) {
    this.cells = List.copyOf(cells);
    int n = cells.size();
    this.counts = new long[n][Outcome.values().length];
    this.reasons = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      reasons.add(new TreeMap<>());
    }
  }

  /** {@code units} devices (or VMs) with these evaluations, indexed like {@link #cells()}. */
  public void add(Evaluation[] ev, long units) {
    for (int i = 0; i < ev.length; i++) {
      Evaluation e = ev[i];
      counts[i][e.outcome().ordinal()] += units;
      reasons
          .get(i)
          .merge(
              e.reason(),
              new ReasonCount(e.outcome(), e.reason(), units),
              (a, b) -> new ReasonCount(a.outcome(), a.reason(), a.devices() + b.devices()));
    }
  }

  public List<Cell> cells() {
    return cells;
  }

  public long count(int cell, Outcome outcome) {
    return counts[cell][outcome.ordinal()];
  }

  /** Everything counted in the cell, not-applicable devices included. */
  public long devices(int cell) {
    long sum = 0;
    for (long c : counts[cell]) {
      sum += c;
    }
    return sum;
  }

  /** Reasons of one cell, most first, then by outcome and text. */
  public List<ReasonCount> reasons(int cell) {
    List<ReasonCount> list = new ArrayList<>(reasons.get(cell).values());
    list.sort(
        Comparator.comparingLong(ReasonCount::devices)
            .reversed()
            .thenComparing(ReasonCount::outcome)
            .thenComparing(ReasonCount::reason));
    return list;
  }

  /** @param devices how many devices (or VMs) the reason decided */
  public record ReasonCount(Outcome outcome, String reason, long devices) {}
}
