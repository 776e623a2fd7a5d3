package dev.vfiopolicy.engine;

import dev.vfiopolicy.model.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts per cell and outcome, and per cell and reason, of devices or of VMs. Counting goes
 * through profiles: {@link #add} multiplies one profile's evaluations by how many have it.
 */
public final class Tally {
  private final List<Cell> cells;
  private final long[][] counts;
  /** Per cell, reason text to its count; ordered only when read ({@link #reasons}). */
  private final List<Map<String, Counter>> reasons;

  public Tally(List<Cell> cells) {
    this.cells = List.copyOf(cells);
    int n = cells.size();
    this.counts = new long[n][Outcome.values().length];
    this.reasons = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      reasons.add(new HashMap<>());
    }
  }

  /** {@code units} devices (or VMs) with these evaluations, indexed like {@link #cells()}. */
  public void add(Evaluation[] ev, long units) {
    for (int i = 0; i < ev.length; i++) {
      Evaluation e = ev[i];
      counts[i][e.outcome().ordinal()] += units;
      Counter c = reasons.get(i).get(e.reason());
      if (c == null) {
        c = new Counter(e.outcome());
        reasons.get(i).put(e.reason(), c);
      }
      c.units += units;
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
    List<ReasonCount> list = new ArrayList<>();
    reasons.get(cell).forEach((r, c) -> list.add(new ReasonCount(c.outcome, r, c.units)));
    list.sort((a, b) -> a.devices() != b.devices() ? Long.compare(b.devices(), a.devices())
        : a.outcome() != b.outcome() ? a.outcome().compareTo(b.outcome())
        : a.reason().compareTo(b.reason()));
    return list;
  }

  /** A reason's outcome (the first one counted with it) and how many it decided so far. */
  private static final class Counter {
    final Outcome outcome;
    long units;

    Counter(Outcome outcome) {
      this.outcome = outcome;
    }
  }

  /** @param devices how many devices (or VMs) the reason decided */
  public record ReasonCount(Outcome outcome, String reason, long devices) {}
}
