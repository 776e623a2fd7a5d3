package dev.vfiopolicy.app;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.catalog.CatalogLoader;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Release;
import dev.vfiopolicy.model.Scenario;
import dev.vfiopolicy.model.Timeline;
import dev.vfiopolicy.model.UseCase;
import dev.vfiopolicy.policy.PolicyLoader;
import dev.vfiopolicy.population.Preset;
import dev.vfiopolicy.population.PresetLoader;
import dev.vfiopolicy.yaml.Node;
import dev.vfiopolicy.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Everything the tool knows before it sees a population: the bundled policies, scenarios, use
 * cases and presets. Loaded once; each file is checked as it loads.
 */
public final class Library {
  private final Lazy<Map<String, Policy>> policies;
  private final Lazy<Timeline> timeline;
  private final Lazy<CatalogLoader.Scenarios> scenarios;
  private final Lazy<List<UseCase>> useCases;
  private final Lazy<Map<String, Preset>> presets;
  private final Lazy<String> dataDigest;

  private Library(
      Lazy<Map<String, Policy>> policies,
      Lazy<Timeline> timeline,
      Lazy<CatalogLoader.Scenarios> scenarios,
      Lazy<List<UseCase>> useCases,
      Lazy<Map<String, Preset>> presets,
      Lazy<String> dataDigest) {
    this.policies = policies;
    this.timeline = timeline;
    this.scenarios = scenarios;
    this.useCases = useCases;
    this.presets = presets;
    this.dataDigest = dataDigest;
  }

  /**
   * A part of the library, read when first asked for: a command loads only what it uses (a
   * listing of use cases reads no policy, --version nothing), so start-up does not grow with the
   * library. Bundled files are checked by the build's tests, so reading late changes no answer.
   */
  static final class Lazy<T> implements Supplier<T> {
    private Supplier<T> load;
    private T value;

    Lazy(Supplier<T> load) {
      this.load = load;
    }

    static <T> Lazy<T> of(T value) {
      Lazy<T> l = new Lazy<>(null);
      l.value = value;
      return l;
    }

    @Override
    public synchronized T get() {
      if (load != null) {
        value = load.get();
        load = null;
      }
      return value;
    }
  }

  /** "sha256:..." of the bundled data files: tells apart builds with edited policies. */
  public String dataDigest() {
    return dataDigest.get();
  }

  /**
   * The bundled library, one per process: it is immutable once loaded, and loading is what
   * costs. Policies in report order: the RFC, Kevin's, Alex's, upstream.
   */
  public static Library bundled() {
    return Bundled.INSTANCE;
  }

  private static final class Bundled {
    static final Library INSTANCE = newBundled();
  }

  /**
   * Loads what every report reads (policies, catalogue, presets), for a caller that has a core
   * to spare before the report asks; a failure is left for the report to meet itself.
   */
  public void preload() {
    policies();
    scenarios();
    useCases();
    presets();
  }

  private static Library newBundled() {
    Lazy<Timeline> timeline =
        new Lazy<>(() -> bundledFile("catalog/kernels.yaml", CatalogLoader::timeline));
    return new Library(
        new Lazy<>(Library::bundledPolicies),
        timeline,
        new Lazy<>(() -> bundledFile("catalog/scenarios.yaml",
            n -> CatalogLoader.scenarios(n, timeline.get()))),
        new Lazy<>(() -> bundledFile("catalog/use-cases.yaml", CatalogLoader::useCases)),
        new Lazy<>(Library::bundledPresets),
        new Lazy<>(Resources::digest));
  }

  /**
   * The bundled policies. Their conditions compile when first evaluated (PolicyLoader.bundled):
   * listing policies needs no CEL, and a report compiles only the policies it runs.
   */
  private static Map<String, Policy> bundledPolicies() {
    Map<String, Policy> policies = new LinkedHashMap<>();
    for (String name : Resources.list("policies")) {
      Policy p = bundledFile("policies/" + name, PolicyLoader::bundled);
      checkFileName(p.id(), name, "policies/" + name);
      policies.put(p.id(), p);
    }
    Map<String, Policy> ordered = new LinkedHashMap<>();
    for (String id : List.of("rfc-literal-hide", "hide-non-snoop", "expose-and-detect",
        "upstream-merged")) {
      Policy p = policies.remove(id);
      if (p != null) {
        ordered.put(id, p);
      }
    }
    ordered.putAll(policies);
    return ordered;
  }

  private static Map<String, Preset> bundledPresets() {
    Map<String, Preset> presets = new LinkedHashMap<>();
    for (String name : Resources.list("presets")) {
      Preset p = bundledFile("presets/" + name, PresetLoader::fromNode);
      checkFileName(p.id(), name, "presets/" + name);
      presets.put(p.id(), p);
    }
    for (Preset p : presets.values()) {
      for (Preset.Part part : p.mix()) {
        if (!presets.containsKey(part.preset())) {
          throw new InputException("presets/" + p.id() + ".yaml: mix names unknown preset '"
              + part.preset() + "'");
        }
      }
    }
    return presets;
  }

  private static void checkFileName(String id, String fileName, String path) {
    if (!fileName.equals(id + ".yaml")) {
      throw new InputException(path + ": id '" + id + "' does not match the file name");
    }
  }

  static <T> T bundledFile(String path, Function<Node, T> load) {
    return load.apply(Resources.node(path));
  }

  /** Loads a policy file given on the command line. */
  public static Policy policyFile(Path file) {
    return userFile(file, PolicyLoader::fromNode);
  }

  static <T> T userFile(Path file, Function<Node, T> load) {
    try (InputStream in = Inputs.open(file)) {
      return load.apply(YamlReader.read(in, file.toString()));
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such file");
    } catch (IOException e) {
      throw new InputException(file + ": cannot read: " + e.getMessage());
    }
  }

  public Map<String, Policy> policies() {
    return policies.get();
  }

  /** The named scenarios, in catalogue order. */
  public List<Scenario> scenarios() {
    return scenarios.get().named();
  }

  public Timeline timeline() {
    return timeline.get();
  }

  public List<UseCase> useCases() {
    return useCases.get();
  }

  /** The same library with other presets (a sweep's variants). */
  public Library withPresets(Map<String, Preset> other) {
    return new Library(policies, timeline, scenarios, useCases, Lazy.of(other), dataDigest);
  }

  public Map<String, Preset> presets() {
    return presets.get();
  }

  /** The scenarios chosen by --scenario ids, in the order given; all when none is. */
  List<Scenario> scenarios(List<String> ids) {
    return scenarios(ids, List.of());
  }

  /**
   * The scenarios chosen by --scenario ids and --kernel releases, in the order given; all named
   * ones when neither is. A release is its named scenario when one has that release and the
   * default Kconfig choices, else a new scenario "linux-X.Y".
   */
  public List<Scenario> scenarios(List<String> ids, List<String> kernels) {
    CatalogLoader.Scenarios scenarios = this.scenarios.get();
    Timeline timeline = this.timeline.get();
    if (kernels.isEmpty()) {
      return select(scenarios.named(), ids, Scenario::id, "--scenario");
    }
    List<Scenario> out = new ArrayList<>(
        ids.isEmpty() ? List.of() : select(scenarios.named(), ids, Scenario::id, "--scenario"));
    for (String k : kernels) {
      Release r;
      try {
        r = Release.parse(k);
      } catch (IllegalArgumentException e) {
        throw new InputException("--kernel: " + e.getMessage());
      }
      if (!timeline.knows(r)) {
        throw new InputException("--kernel: release " + r + " is not in the timeline; expected"
            + " one of " + timeline.known().get(0) + " to "
            + timeline.known().get(timeline.known().size() - 1) + " (catalog/kernels.yaml)");
      }
      Scenario s = scenarios.named().stream()
          .filter(n -> n.kernel().release().equals(r) && !n.kernel().rfcSeries()
              && n.kernel().config().equals(scenarios.defaultConfig()))
          .findFirst().orElseGet(() -> scenarios.forRelease(timeline, r));
      if (out.stream().noneMatch(o -> o.id().equals(s.id()))) {
        out.add(s);
      }
    }
    return out;
  }

  /** The use cases chosen by --use-case ids, in the order given; all when none is. */
  List<UseCase> useCases(List<String> ids) {
    return select(useCases.get(), ids, UseCase::id, "--use-case");
  }

  /** Picks items by id in the order given; all of them when none is given. */
  private static <T> List<T> select(
      List<T> all, List<String> ids, Function<T, String> idOf, String option) {
    if (ids.isEmpty()) {
      return all;
    }
    List<T> out = new ArrayList<>();
    for (String id : ids) {
      T found = all.stream().filter(t -> idOf.apply(t).equals(id)).findFirst().orElse(null);
      if (found == null) {
        List<String> known = all.stream().map(idOf).toList();
        throw new InputException(option + ": unknown id '" + id + "'; expected one of: "
            + String.join(", ", known) + Names.suggestion(id, known));
      }
      if (!out.contains(found)) {
        out.add(found);
      }
    }
    return out;
  }

  static boolean isFile(String arg) {
    return arg.contains("/") || arg.endsWith(".yaml") || arg.endsWith(".yml")
        || arg.endsWith(".jsonl") || arg.endsWith(".csv") || arg.endsWith(".gz")
        || Files.exists(Path.of(arg));
  }
}
