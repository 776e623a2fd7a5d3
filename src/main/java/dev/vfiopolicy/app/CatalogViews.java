package dev.vfiopolicy.app;

import dev.vfiopolicy.model.Decision;
import dev.vfiopolicy.model.Feature;
import dev.vfiopolicy.model.KernelConfig;
import dev.vfiopolicy.model.KernelFact;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Release;
import dev.vfiopolicy.model.Rule;
import dev.vfiopolicy.model.Scenario;
import dev.vfiopolicy.model.Timeline;
import dev.vfiopolicy.model.UseCase;
import dev.vfiopolicy.policy.CelConditions;
import dev.vfiopolicy.population.Preset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
      out.append(String.format(Locale.ROOT, "%-20s %s%n", u.id(), u.title()));
      out.append(String.format(Locale.ROOT, "%-20s consumer: %s%n", "", u.consumer()));
      out.append(String.format(Locale.ROOT,
          "%-20s kvm=%s interface=%s registers_with_kvm=%s on_refused_fd=%s reads_flag=%s"
              + " needs=%s%n",
          "", u.kvm(), u.access().id(), u.registersWithKvm(),
          u.onRefusedFd() == null ? "-" : u.onRefusedFd().id(), u.readsCoherencyFlag(),
          needs.isEmpty() ? "-" : needs));
    }
    return out.toString();
  }

  /** The named scenarios, then the timeline release by release: what changes at each. */
  public static String scenarios(Library lib) {
    StringBuilder out = new StringBuilder("Scenarios (--scenario ID):\n");
    for (Scenario s : lib.scenarios()) {
      KernelConfig c = s.kernel().config();
      out.append(String.format(Locale.ROOT, "  %-10s %s [kernel %s]%n", s.id(), s.title(),
          s.kernel().label()));
      out.append(String.format(Locale.ROOT, "  %-10s VFIO_GROUP=%s VFIO_DEVICE_CDEV=%s"
          + " VFIO_NOIOMMU=%s%n", "", yn(c.vfioGroup()), yn(c.vfioDeviceCdev()),
          yn(c.vfioNoiommu())));
      for (String line : wrap(s.description(), 84)) {
        out.append("             ").append(line).append('\n');
      }
    }
    Timeline t = lib.timeline();
    out.append("\nReleases (--kernel X.Y: ").append(t.first()).append(" to ")
        .append(t.known().get(t.known().size() - 1)).append("; long-term: ")
        .append(String.join(", ", t.longTerm().stream().map(Release::toString).toList()))
        .append("). Confidence: V read in the source, M merge text, D dated commit,")
        .append(" B believed only.\n");
    Map<String, List<KernelFact>> byRelease = new TreeMap<>(CatalogViews::compareWhen);
    for (KernelFact f : t.facts()) {
      String key = f.rfcSeries() ? "RFC" : f.from() != null ? f.from().toString()
          : "<" + f.until();
      byRelease.computeIfAbsent(key, x -> new ArrayList<>()).add(f);
      if (f.from() != null && f.until() != null) {
        byRelease.computeIfAbsent("<" + f.until(), x -> new ArrayList<>()).add(f);
      }
    }
    for (Map.Entry<String, List<KernelFact>> e : byRelease.entrySet()) {
      String head = e.getKey().equals("RFC") ? "RFC series"
          : e.getKey().startsWith("<") ? "until " + e.getKey().substring(1) : e.getKey();
      out.append('\n').append(head).append('\n');
      for (KernelFact f : e.getValue()) {
        String mark = f.effect() instanceof KernelFact.None ? " (no outcome changes)" : "";
        out.append(String.format(Locale.ROOT, "  %-28s %-4s", f.id(), f.confidence()));
        List<String> lines = wrap(f.fact() + mark, 64);
        for (int i = 0; i < lines.size(); i++) {
          out.append(i == 0 ? "" : " ".repeat(35)).append(lines.get(i)).append('\n');
        }
      }
    }
    return out.toString();
  }

  /** RFC first, then "until X" just before X's own facts, then releases in order. */
  private static int compareWhen(String a, String b) {
    return Double.compare(rank(a), rank(b));
  }

  private static double rank(String key) {
    if (key.equals("RFC")) {
      return -1;
    }
    boolean until = key.startsWith("<");
    Release r = Release.parse(until ? key.substring(1) : key);
    return r.major() * 1000 + r.minor() - (until ? 0.5 : 0);
  }

  private static String yn(boolean b) {
    return b ? "y" : "n";
  }

  private static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split("\\s+")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  public static String presets(Library lib) {
    StringBuilder out = new StringBuilder();
    for (Preset p : lib.presets().values()) {
      out.append(String.format(java.util.Locale.ROOT, "%-14s %s%n", p.id(), p.title()));
    }
    return out.toString();
  }
}
