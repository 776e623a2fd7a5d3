package dev.vfiopolicy.report;

import dev.vfiopolicy.engine.Tally;
import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.model.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every format shows, computed once here so that text, markdown, email, HTML and JSON
 * agree: the outcome tokens of a cell, the reasons grouped across policies, and the headline.
 */
public final class Views {
  private Views() {}

  /** Outcomes in the order tables show them; not-applicable is counted once in the header. */
  public static final List<Outcome> SHOWN =
      List.of(Outcome.WORKS, Outcome.FALLBACK, Outcome.UNSAFE, Outcome.NO_REMEDY,
          Outcome.BROKEN, Outcome.UNSUPPORTED);

  /** The one-letter names compact cells use. */
  public static String letter(Outcome o) {
    return switch (o) {
      case WORKS -> "w";
      case FALLBACK -> "f";
      case UNSAFE -> "u";
      case NO_REMEDY -> "n";
      case BROKEN -> "b";
      case UNSUPPORTED -> "x";
      case NOT_APPLICABLE -> "-";
    };
  }

  /** One non-zero outcome of a cell: its share of the cell's assignable units and its count. */
  public record Token(Outcome outcome, String share, long count) {
    public String label() {
      return letter(outcome) + share;
    }
  }

  /** Assignable devices (or VMs) the cell counts: not-applicable devices left out. */
  public static long base(Tally t, int cell) {
    return t.devices(cell) - t.count(cell, Outcome.NOT_APPLICABLE);
  }

  /** The cell's non-zero outcomes, in {@link #SHOWN} order; empty when it counts nothing. */
  public static List<Token> tokens(Tally t, int cell) {
    long base = base(t, cell);
    List<Token> out = new ArrayList<>();
    for (Outcome o : SHOWN) {
      long n = t.count(cell, o);
      if (n > 0) {
        out.add(new Token(o, Formats.share(n, base), n));
      }
    }
    return out;
  }

  /**
   * A reason and the policies it decided, with how many each: one line of the "why" section in
   * place of one per policy.
   */
  public record ReasonGroup(Outcome outcome, String reason, Map<String, Long> byPolicy) {
    public long most() {
      return byPolicy.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** "every policy", "hide-non-snoop", or "rfc-literal-hide 1960, hide-non-snoop 527". */
    public String policies(int all) {
      boolean same = byPolicy.values().stream().distinct().count() == 1;
      if (byPolicy.size() == all && same) {
        return "every policy";
      }
      if (same) {
        return String.join(", ", byPolicy.keySet());
      }
      List<String> parts = new ArrayList<>();
      byPolicy.forEach((p, n) -> parts.add(p + " " + n));
      return String.join(", ", parts);
    }

    /** The count when every policy it names has the same, else -1. */
    public long sameCount() {
      return byPolicy.values().stream().distinct().count() == 1 ? most() : -1;
    }
  }

  /**
   * The reasons of one (scenario, use case) that are not "works", grouped by outcome and text
   * across policies; the most units first.
   */
  public static List<ReasonGroup> reasons(ReportData d, Tally t, int s, int u) {
    Map<String, ReasonGroup> groups = new LinkedHashMap<>();
    for (int p = 0; p < d.policies().size(); p++) {
      for (Tally.ReasonCount r : t.reasons(d.cell(s, p, u))) {
        if (r.outcome() == Outcome.WORKS || r.outcome() == Outcome.NOT_APPLICABLE) {
          continue;
        }
        groups.computeIfAbsent(r.outcome().id() + "\n" + r.reason(),
                k -> new ReasonGroup(r.outcome(), r.reason(), new LinkedHashMap<>()))
            .byPolicy().merge(d.policies().get(p).id(), r.devices(), Long::sum);
      }
    }
    List<ReasonGroup> out = new ArrayList<>(groups.values());
    out.sort((a, b) -> a.most() != b.most() ? Long.compare(b.most(), a.most())
        : a.outcome() != b.outcome() ? a.outcome().compareTo(b.outcome())
        : a.reason().compareTo(b.reason()));
    return out;
  }

  /** What one policy breaks in one use case of one scenario, with where it does. */
  public record Break(
      String useCase, long devices, long vms, List<KindShare> kinds, boolean counterfactual) {}

  /** Broken devices on one kind of machine, and their share of its assignable devices. */
  public record KindShare(String kind, long devices, String share) {}

  /**
   * Per policy of one scenario, indexed like {@code d.policies()}, the use cases it breaks; the
   * kinds by share, highest first.
   */
  public static List<List<Break>> breaks(ReportData d, int s) {
    List<List<Break>> out = new ArrayList<>();
    for (int p = 0; p < d.policies().size(); p++) {
      List<Break> list = new ArrayList<>();
      for (int u = 0; u < d.useCases().size(); u++) {
        int cell = d.cell(s, p, u);
        long devices = d.tally().count(cell, Outcome.BROKEN);
        if (devices == 0) {
          continue;
        }
        List<KindShare> kinds = new ArrayList<>();
        for (ReportData.Kind k : d.kinds()) {
          long n = k.devicesTally().count(cell, Outcome.BROKEN);
          if (n > 0) {
            kinds.add(new KindShare(k.kind(), n,
                Formats.percent(n, base(k.devicesTally(), cell))));
          }
        }
        kinds.sort((a, b) -> {
          int c = Double.compare(-shareValue(a.share()), -shareValue(b.share()));
          return c != 0 ? c : a.kind().compareTo(b.kind());
        });
        list.add(new Break(d.useCases().get(u).id(), devices,
            d.vmTally().count(cell, Outcome.BROKEN), kinds, d.counterfactual(s, p)));
      }
      out.add(list);
    }
    return out;
  }

  /**
   * Use cases whose unsafe count depends on the policy in this scenario, with each policy's
   * count: the harms a policy decides, apart from those every policy shares.
   */
  public static Map<String, Map<String, Long>> unsafeByPolicy(ReportData d, int s) {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    for (int u = 0; u < d.useCases().size(); u++) {
      Map<String, Long> m = new LinkedHashMap<>();
      for (int p = 0; p < d.policies().size(); p++) {
        m.put(d.policies().get(p).id(), d.tally().count(d.cell(s, p, u), Outcome.UNSAFE));
      }
      if (m.values().stream().distinct().count() > 1) {
        out.put(d.useCases().get(u).id(), m);
      }
    }
    return out;
  }

  private static double shareValue(String share) {
    String s = share.replace("%", "").replace("<", "").replace(">", "");
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
