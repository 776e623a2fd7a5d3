package dev.vfiopolicy.app;

import dev.vfiopolicy.model.Decision;
import dev.vfiopolicy.model.Feature;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Rule;
import dev.vfiopolicy.model.Scenario;
import dev.vfiopolicy.model.UseCase;
import dev.vfiopolicy.policy.CelConditions;
import dev.vfiopolicy.population.Preset;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Plain-text listings of what the library holds: policies, use cases, scenarios, presets. */
public final class CatalogViews {
  private CatalogViews() {}

  public static String policies(Library lib) {
    StringBuilder out = new StringBuilder();
    for (Policy p : lib.policies().values()) {
      out.append(String.format(java.util.Locale.ROOT, "%-20s %s (%s)%n", p.id(), p.title(),
          p.advocate()));
    }
    return out.toString();
  }

  public static String policy(Library lib, String id) {
    Policy p = ReportJob.policies(lib, List.of(id)).get(0);
    StringBuilder out = new StringBuilder();
    out.append("id:       ").append(p.id()).append('\n');
    out.append("title:    ").append(p.title()).append('\n');
    out.append("advocate: ").append(p.advocate()).append('\n');
    out.append("source:   ").append(p.source()).append('\n');
    if (!p.summary().isEmpty()) {
      out.append("summary:  ").append(p.summary()).append('\n');
    }
    for (Decision d : Decision.values()) {
      out.append("\n").append(d.id()).append(" (default ").append(p.defaults().get(d))
          .append(")\n");
      for (Rule r : p.rules()) {
        if (r.decision() == d) {
          out.append("  ").append(r.id()).append(": when ").append(r.when()).append(" -> ")
              .append(r.value()).append("\n    ").append(r.reason()).append('\n');
        }
      }
    }
    out.append("\nVariables a condition may read:\n");
    for (CelConditions.Var v : CelConditions.VARIABLES) {
      out.append(String.format(java.util.Locale.ROOT, "  %-30s %-7s %s%n", v.name(),
          v.typeName(), v.doc()));
    }
    return out.toString();
  }

  /** Validates policy files; returns one "ok" line per file, throws on the first bad one. */
  public static String validate(List<Path> files) {
    StringBuilder out = new StringBuilder();
    for (Path f : files) {
      Policy p = Library.policyFile(f);
      out.append(f).append(": ok (policy '").append(p.id()).append("', ")
          .append(p.rules().size()).append(" rules)\n");
    }
    return out.toString();
  }

  public static String useCases(Library lib) {
    StringBuilder out = new StringBuilder();
    for (UseCase u : lib.useCases()) {
      String needs = u.needs().stream().map(Feature::id).sorted()
          .collect(Collectors.joining(","));
      out.append(String.format(java.util.Locale.ROOT, "%-20s %s%n", u.id(), u.title()));
      out.append(String.format(java.util.Locale.ROOT,
          "%-20s kvm=%s interface=%s fallback=%s registers_with_kvm=%s reads_flag=%s needs=%s%n",
          "", u.kvm(), u.wants().id(), u.fallsBackToGroup(), u.registersWithKvm(),
          u.readsCoherencyFlag(), needs.isEmpty() ? "-" : needs));
    }
    return out.toString();
  }

  public static String scenarios(Library lib) {
    StringBuilder out = new StringBuilder();
    for (Scenario s : lib.scenarios()) {
      out.append(String.format(java.util.Locale.ROOT, "%-10s %s%n", s.id(), s.title()));
      out.append("           ").append(s.kernel()).append('\n');
    }
    return out.toString();
  }

  public static String presets(Library lib) {
    StringBuilder out = new StringBuilder();
    for (Preset p : lib.presets().values()) {
      out.append(String.format(java.util.Locale.ROOT, "%-14s %s%n", p.id(), p.title()));
    }
    return out.toString();
  }
}
