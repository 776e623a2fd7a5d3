package dev.vfiopolicy.catalog;

import dev.vfiopolicy.model.Capability;
import dev.vfiopolicy.model.Feature;
import dev.vfiopolicy.model.HwBit;
import dev.vfiopolicy.model.IommuType;
import dev.vfiopolicy.model.Kernel;
import dev.vfiopolicy.model.KernelConfig;
import dev.vfiopolicy.model.KernelFact;
import dev.vfiopolicy.model.KernelSwitch;
import dev.vfiopolicy.model.Release;
import dev.vfiopolicy.model.Scenario;
import dev.vfiopolicy.model.Timeline;
import dev.vfiopolicy.model.UseCase;
import dev.vfiopolicy.yaml.Node;
import dev.vfiopolicy.yaml.Nodes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the kernel timeline and the scenario and use-case catalogues; refuses configurations
 * Kconfig cannot build.
 */
public final class CatalogLoader {
  private CatalogLoader() {}

  /** The kernel timeline, catalog/kernels.yaml. */
  public static Timeline timeline(Node root) {
    Nodes top = Nodes.of(root, "kernel timeline").allowOnly("releases", "facts");
    Nodes rel = Nodes.of(top.node("releases"), "releases")
        .allowOnly("known", "long_term", "source", "confidence");
    List<Release> known = releases(rel, "known");
    for (int i = 1; i < known.size(); i++) {
      if (!known.get(i - 1).before(known.get(i))) {
        throw rel.list("known").get(i).error("releases: 'known' must be in increasing order");
      }
    }
    if (known.isEmpty()) {
      throw rel.node("known").error("releases: 'known' must name at least one release");
    }
    List<Release> longTerm = releases(rel, "long_term");
    for (int i = 0; i < longTerm.size(); i++) {
      if (!known.contains(longTerm.get(i))) {
        throw rel.list("long_term").get(i).error("releases: long-term release "
            + longTerm.get(i) + " is not in 'known'");
      }
    }
    List<KernelFact> facts = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Set<KernelSwitch> switches = EnumSet.noneOf(KernelSwitch.class);
    for (Node n : top.list("facts")) {
      Nodes m = Nodes.of(n, "fact");
      String id = m.string("id");
      m = m.named("fact '" + id + "'").allowOnly("id", "from", "until", "series", "fact",
          "effect", "hardware", "why_no_effect", "source", "confidence");
      if (!ids.add(id)) {
        throw m.node("id").error("duplicate fact id '" + id + "'");
      }
      boolean rfc = m.has("series");
      if (rfc && !m.string("series").equals("rfc")) {
        throw m.node("series").error("fact '" + id + "': 'series' can only be rfc");
      }
      Release from = m.has("from") ? release(m, "from") : null;
      Release until = m.has("until") ? release(m, "until") : null;
      if (rfc == (from != null || until != null)) {
        throw m.loc().error("fact '" + id + "': give 'from' or 'until' (a release), or"
            + " 'series: rfc', and not both");
      }
      if (from != null && until != null && !from.before(until)) {
        throw m.node("until").error("fact '" + id + "': 'until' must come after 'from'");
      }
      KernelFact.Effect effect = effect(m, id);
      if (effect instanceof KernelFact.Switch sw && !switches.add(sw.name())) {
        throw m.node("effect").error("fact '" + id + "': another fact already sets switch '"
            + sw.name().id() + "'");
      }
      if (effect instanceof KernelFact.None && !m.has("why_no_effect")) {
        throw m.node("effect").error("fact '" + id + "': an informational fact says why it"
            + " changes no outcome (why_no_effect)");
      }
      Map<HwBit, String> hardware = new EnumMap<>(HwBit.class);
      if (m.has("hardware")) {
        Nodes hw = Nodes.of(m.node("hardware"), "fact '" + id + "' hardware");
        for (String key : hw.raw().entries().keySet()) {
          HwBit bit;
          try {
            bit = HwBit.fromKey(key);
          } catch (IllegalArgumentException e) {
            throw hw.node(key).error("fact '" + id + "': hardware key '" + key + "'; "
                + e.getMessage());
          }
          hardware.put(bit, hw.string(key));
        }
      }
      facts.add(new KernelFact(id, from, until, rfc, m.string("fact"), effect, hardware,
          m.string("why_no_effect", ""), m.string("source"), m.string("confidence")));
    }
    for (KernelSwitch s : KernelSwitch.values()) {
      if (!switches.contains(s)) {
        throw top.node("facts").error("kernel timeline: no fact sets switch '" + s.id()
            + "', which the engine reads");
      }
    }
    Timeline t = new Timeline(known, longTerm, facts, rel.string("source", ""));
    for (Release r : known) {
      try {
        t.kernel(r, false, new KernelConfig(true, true, true));
      } catch (IllegalArgumentException e) {
        throw top.node("facts").error("kernel timeline: " + e.getMessage());
      }
    }
    return t;
  }

  private static KernelFact.Effect effect(Nodes m, String id) {
    Node n = m.node("effect");
    if (n instanceof Node.Scalar sc && sc.text().equals("none")) {
      return new KernelFact.None();
    }
    Nodes e = Nodes.of(n, "fact '" + id + "' effect");
    if (e.has("switch")) {
      e.allowOnly("switch");
      return new KernelFact.Switch(e.choice("switch", KernelSwitch::fromId));
    }
    e.allowOnly("driver", "capability", "needs", "needs_any");
    if (e.has("needs") == e.has("needs_any")) {
      throw e.loc().error("fact '" + id + "': a driver effect has 'needs' or 'needs_any'"
          + " (an empty 'needs' means always)");
    }
    String key = e.has("needs") ? "needs" : "needs_any";
    List<HwBit> needs = new ArrayList<>(enums(e, key, HwBit.class, HwBit::fromKey));
    if (e.has("needs_any") && needs.size() < 2) {
      throw e.node("needs_any").error("fact '" + id + "': needs_any lists two or more keys");
    }
    IommuType driver = e.choice("driver", IommuType::fromId);
    if (driver == IommuType.NONE) {
      throw e.node("driver").error("fact '" + id + "': 'none' is not an IOMMU driver");
    }
    return new KernelFact.Driver(driver, e.choice("capability", Capability::fromId), needs,
        e.has("needs_any"));
  }

  private static Release release(Nodes m, String key) {
    String text = m.string(key);
    try {
      return Release.parse(text);
    } catch (IllegalArgumentException e) {
      throw m.node(key).error(e.getMessage() + " (quote it: \"6.10\")");
    }
  }

  private static List<Release> releases(Nodes m, String key) {
    List<Release> out = new ArrayList<>();
    List<Node> items = m.list(key);
    List<String> texts = m.strings(key);
    for (int i = 0; i < texts.size(); i++) {
      try {
        out.add(Release.parse(texts.get(i)));
      } catch (IllegalArgumentException e) {
        throw items.get(i).error(e.getMessage());
      }
    }
    return out;
  }

  /** The named kernels, catalog/scenarios.yaml, resolved against the timeline. */
  public static Scenarios scenarios(Node root, Timeline timeline) {
    Nodes top = Nodes.of(root, "scenario catalogue").allowOnly("defaults", "scenarios");
    Nodes def = Nodes.of(top.node("defaults"), "defaults").allowOnly("config", "assumptions");
    KernelConfig defaultConfig = config(def, "defaults");
    List<String> defaultAssumptions = def.strings("assumptions");
    List<Scenario> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Node n : top.list("scenarios")) {
      Nodes m = Nodes.of(n, "scenario");
      String id = m.string("id");
      m = m.named("scenario '" + id + "'");
      m.allowOnly("id", "title", "kernel", "series", "description", "config", "assumptions",
          "source");
      if (!ids.add(id)) {
        throw m.node("id").error("duplicate scenario id '" + id + "'");
      }
      Release r = release(m, "kernel");
      if (!timeline.knows(r)) {
        throw m.node("kernel").error("scenario '" + id + "': release " + r + " is not in the"
            + " timeline (catalog/kernels.yaml releases.known)");
      }
      boolean rfc = m.has("series");
      if (rfc && !m.string("series").equals("rfc")) {
        throw m.node("series").error("scenario '" + id + "': 'series' can only be rfc");
      }
      KernelConfig config = m.has("config") ? config(m, "scenario '" + id + "'")
          : defaultConfig;
      Kernel kernel;
      try {
        kernel = timeline.kernel(r, rfc, config);
      } catch (IllegalArgumentException e) {
        String msg = "scenario '" + id + "': " + e.getMessage();
        throw m.has("config") ? m.node("config").error(msg) : m.loc().error(msg);
      }
      out.add(new Scenario(id, m.string("title"), m.string("description"), kernel,
          m.has("assumptions") ? m.strings("assumptions") : defaultAssumptions,
          m.string("source", ""), true));
    }
    return new Scenarios(out, defaultConfig, defaultAssumptions);
  }

  private static KernelConfig config(Nodes m, String what) {
    Nodes c = Nodes.of(m.node("config"), what + " config")
        .allowOnly("vfio_group", "vfio_device_cdev", "vfio_noiommu");
    boolean group = c.bool("vfio_group", true);
    // Kconfig: VFIO_DEVICE_CDEV defaults to !VFIO_GROUP.
    return new KernelConfig(group, c.bool("vfio_device_cdev", !group),
        c.bool("vfio_noiommu", false));
  }

  /**
   * The named scenarios and how an unnamed release is built (report --kernel X.Y).
   *
   * @param defaultConfig the Kconfig choices of a release given with --kernel
   */
  public record Scenarios(
      List<Scenario> named, KernelConfig defaultConfig, List<String> defaultAssumptions) {
    public Scenarios {
      named = List.copyOf(named);
      defaultAssumptions = List.copyOf(defaultAssumptions);
    }

    /** The scenario for a release given with --kernel: the named one of that release, else new. */
    public Scenario forRelease(Timeline timeline, Release r) {
      Kernel k = timeline.kernel(r, false, defaultConfig);
      return new Scenario("linux-" + r, "Linux " + r, "Linux " + r + " with the default"
          + " Kconfig choices (report --kernel).", k, defaultAssumptions, "report --kernel " + r,
          false);
    }
  }

  public static List<UseCase> useCases(Node root) {
    Nodes top = Nodes.of(root, "use-case catalogue").allowOnly("use_cases");
    List<UseCase> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Node n : top.list("use_cases")) {
      Nodes m = Nodes.of(n, "use case");
      String id = m.string("id");
      m = m.named("use case '" + id + "'");
      m.allowOnly("id", "title", "consumer", "kvm", "interface", "registers_with_kvm",
          "on_refused_fd", "reads_coherency_flag", "needs");
      if (!ids.add(id)) {
        throw m.node("id").error("duplicate use case id '" + id + "'");
      }
      boolean kvm = m.bool("kvm", false);
      if (!kvm && (m.has("registers_with_kvm") || m.has("reads_coherency_flag")
          || m.has("on_refused_fd"))) {
        throw m.loc().error("use case '" + id + "': registers_with_kvm, on_refused_fd and"
            + " reads_coherency_flag need kvm: true");
      }
      boolean registers = m.bool("registers_with_kvm", false);
      if (registers != m.has("on_refused_fd")) {
        throw m.loc().error("use case '" + id + "': a use case that registers with kvm-vfio says"
            + " what it does when kvm-vfio refuses an fd (on_refused_fd: fatal or ignored), and"
            + " only such a use case does");
      }
      Nodes c = Nodes.of(m.node("consumer"), "use case '" + id + "' consumer");
      boolean hypothetical = c.bool("hypothetical", false);
      String consumer;
      if (hypothetical) {
        c.allowOnly("hypothetical", "described_by", "message_id", "source");
        String msg = c.string("message_id");
        if (!msg.startsWith("<") || !msg.endsWith(">") || !msg.contains("@")) {
          throw c.node("message_id").error("use case '" + id + "': message_id must be a"
              + " Message-ID in angle brackets, such as <20210922151712.20162912.alex@host>");
        }
        consumer = "hypothetical, as " + c.string("described_by") + " described it " + msg;
      } else {
        c.allowOnly("name", "release", "source");
        String release = c.string("release");
        consumer = c.string("name") + (release.equals("any") ? "" : " " + release + "+");
      }
      out.add(
          new UseCase(
              id,
              m.string("title"),
              kvm,
              m.choice("interface", UseCase.Access::fromId),
              registers,
              registers ? m.choice("on_refused_fd", UseCase.RefusedFd::fromId) : null,
              m.bool("reads_coherency_flag", false),
              enums(m, "needs", Feature.class, Feature::fromId),
              consumer,
              hypothetical,
              c.string("source")));
    }
    return out;
  }

  private static <E extends Enum<E>> Set<E> enums(
      Nodes m, String key, Class<E> type, Function<String, E> parse) {
    Set<E> out = EnumSet.noneOf(type);
    if (!m.has(key)) {
      return out;
    }
    List<Node> items = m.list(key);
    List<String> texts = m.strings(key);
    for (int i = 0; i < texts.size(); i++) {
      try {
        out.add(parse.apply(texts.get(i)));
      } catch (IllegalArgumentException e) {
        throw items.get(i).error("'" + key + "' has '" + texts.get(i) + "'; " + e.getMessage());
      }
    }
    return out;
  }
}
