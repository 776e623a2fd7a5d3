package dev.vfiopolicy.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.InputException;
import dev.vfiopolicy.catalog.CatalogLoader;
import dev.vfiopolicy.claims.Claim;
import dev.vfiopolicy.claims.ClaimLoader;
import dev.vfiopolicy.claims.Counts;
import dev.vfiopolicy.engine.Engine;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.policy.PolicyLoader;
import dev.vfiopolicy.population.FleetReaders;
import dev.vfiopolicy.population.FleetWriters;
import dev.vfiopolicy.population.Generator;
import dev.vfiopolicy.population.PopulationReader;
import dev.vfiopolicy.population.Preset;
import dev.vfiopolicy.population.PresetLoader;
import dev.vfiopolicy.report.Csv;
import dev.vfiopolicy.yaml.YamlReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded mutation of every kind of file the tool reads: bytes flipped, inserted, deleted,
 * truncated; lines duplicated and swapped; keys and values replaced by others of the file or of
 * the wrong type. Each mutant must load, or fail with an InputException that names the file;
 * anything else (a crash, another exception) fails with the seed and the mutant.
 */
class MutationFuzzTest {
  static final int MUTANTS = 250;
  static final byte[] INTERESTING =
      "\0\u00ff:-[]{}&*!|>'\"#\t\n\r ,?%@`0x1.ey~".getBytes(StandardCharsets.ISO_8859_1);
  static final List<String> VALUES =
      List.of("yes", "no", "~", "null", "[]", "{}", "-1", "1e400", "0x10", "\"\"", "'x'",
          "9999999999999999999", "true", "false", "*a", "&a x", "!!str x", "3.5", ".inf");

  /** A loader: parses a file's bytes and, when it loads, uses what it built. */
  interface Loader {
    void load(byte[] bytes, String name);
  }

  static Stream<Arguments> files() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (Path p : list("policies")) {
      out.add(Arguments.of(p.toString(), Files.readAllBytes(p), (Loader) MutationFuzzTest::policy));
    }
    for (Path p : list("claims")) {
      out.add(Arguments.of(p.toString(), Files.readAllBytes(p), (Loader) MutationFuzzTest::claim));
    }
    for (Path p : list("presets")) {
      out.add(Arguments.of(p.toString(), Files.readAllBytes(p), (Loader) MutationFuzzTest::preset));
    }
    out.add(Arguments.of("catalog/scenarios.yaml",
        Files.readAllBytes(Path.of("catalog/scenarios.yaml")),
        (Loader) (b, n) -> CatalogLoader.scenarios(YamlReader.read(in(b), n),
            dev.vfiopolicy.Fixtures.library().timeline())));
    out.add(Arguments.of("catalog/kernels.yaml",
        Files.readAllBytes(Path.of("catalog/kernels.yaml")),
        (Loader) (b, n) -> CatalogLoader.timeline(YamlReader.read(in(b), n))));
    out.add(Arguments.of("catalog/use-cases.yaml",
        Files.readAllBytes(Path.of("catalog/use-cases.yaml")),
        (Loader) (b, n) -> CatalogLoader.useCases(YamlReader.read(in(b), n))));
    out.add(Arguments.of("fixtures/brief-6.3.yaml",
        Files.readAllBytes(Path.of("src/test/resources/fixtures/brief-6.3.yaml")),
        (Loader) (b, n) -> PopulationReader.read(in(b), n, MutationFuzzTest::evaluate)));
    List<Host> hosts = new ArrayList<>();
    new Generator(Fixtures.library().presets().get("mixed"), Fixtures.library().presets(), 3)
        .generate(12, hosts::add);
    StringWriter jsonl = new StringWriter();
    hosts.forEach(FleetWriters.jsonl(jsonl));
    out.add(Arguments.of("fleet.jsonl", jsonl.toString().getBytes(StandardCharsets.UTF_8),
        (Loader) (b, n) -> FleetReaders.jsonl(in(b), n, MutationFuzzTest::evaluate)));
    StringWriter csv = new StringWriter();
    try (Csv c = new Csv(csv, FleetReaders.CSV_ALL_COLUMNS, false)) {
      hosts.forEach(FleetWriters.csv(c));
    }
    out.add(Arguments.of("fleet.csv", csv.toString().getBytes(StandardCharsets.UTF_8),
        (Loader) (b, n) -> FleetReaders.csv(in(b), n, MutationFuzzTest::evaluate)));
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void mutantsLoadOrFailCleanly(String name, byte[] original, Loader loader) {
    original(name, original, loader);
    long seed = name.hashCode();
    for (int i = 0; i < MUTANTS; i++) {
      SplittableRandom r = new SplittableRandom(seed * 31 + i);
      byte[] mutant = mutate(original, r);
      try {
        loader.load(mutant, name);
      } catch (InputException e) {
        assertThat(e.getMessage()).as("seed %d mutant %d", seed, i).startsWith(name);
        assertThat(e.getMessage()).doesNotContain("\tat ");
      } catch (RuntimeException | StackOverflowError e) {
        fail("%s: seed %d mutant %d threw %s\n--- mutant ---\n%s", name, seed, i, e,
            new String(mutant, StandardCharsets.ISO_8859_1), e);
      }
    }
  }

  /**
   * Seeded hostile expressions, not mutated files: nested loops over literal lists and over the
   * counts, regexes with nested counted repetitions, dyn(), errors at run time, long
   * concatenations. As a policy condition and as a claim's holds_when, each loads and evaluates
   * or fails with an InputException naming the file, and the whole run ends in bounded time.
   */
  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.Timeout(value = 120)
  void hostileExpressionsLoadOrFailCleanly() {
    SplittableRandom r = new SplittableRandom(14);
    for (int i = 0; i < 300; i++) {
      boolean claim = r.nextBoolean();
      String e = expression(r, claim, 0);
      String yaml = claim
          ? "id: fuzz\nauthor: a\ndate: d\nmessage_id: m\ncontext: x\nquote: q\n"
              + "verified: seed\nkind: tested\nclaim: c\nholds_when: '" + e.replace("'", "''")
              + "'\n"
          : "id: fuzz\ntitle: t\nadvocate: a\nsource: s\n"
              + "defaults: {cdev: expose, coherency-flag: enforced}\n"
              + "rules:\n  - id: r\n    decision: cdev\n    when: '" + e.replace("'", "''")
              + "'\n    value: hide\n    reason: r\n";
      String name = (claim ? "claim-" : "policy-") + i + ".yaml";
      try {
        if (claim) {
          claim(yaml.getBytes(StandardCharsets.UTF_8), name);
        } else {
          policy(yaml.getBytes(StandardCharsets.UTF_8), name);
        }
      } catch (InputException ex) {
        assertThat(ex.getMessage()).as(e).startsWith(name).doesNotContain("\tat ");
      } catch (RuntimeException | StackOverflowError | OutOfMemoryError ex) {
        fail("%s threw %s for\n%s", name, ex, e, ex);
      }
    }
  }

  private static final List<String> POLICY_ATOMS = List.of("iommu.nesting",
      "device.vendor == \"8086\"", "dyn(device.vendor)", "dyn(1) == 1", "size(device.vendor) > 1",
      "1 / 0 == 1", "[1, 2][5] == 1", "{\"a\": 1}[\"b\"] == 1", "int(device.vendor) > 0",
      "device.vendor.matches(device.class)", "host.arch + host.arch == host.arch",
      "device.no_snoop == dyn(device.vendor)");
  private static final List<String> CLAIM_ATOMS = List.of("true",
      "counts[scenarios[0]][policies[0]][use_cases[0]]['broken'] > 0", "by_kind == by_kind",
      "counts == counts", "dyn(1)", "size(kinds) > 0", "counts['x']['y']['z']['w'] > 0",
      "kinds.exists(k, by_kind[k] == by_kind[k])", "1 / 0 > 0");

  private static String expression(SplittableRandom r, boolean claim, int depth) {
    if (depth > 4 || r.nextInt(4) == 0) {
      return switch (r.nextInt(4)) {
        case 0 -> "\"" + "a".repeat(1 + r.nextInt(8)) + "\".matches(\"" + regex(r, 0) + "\")";
        default -> (claim ? CLAIM_ATOMS : POLICY_ATOMS).get(
            r.nextInt((claim ? CLAIM_ATOMS : POLICY_ATOMS).size()));
      };
    }
    String a = expression(r, claim, depth + 1);
    int n = 1 + r.nextInt(200);
    String list = java.util.stream.IntStream.range(0, n).mapToObj(Integer::toString)
        .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    String v = "v" + depth;
    return switch (r.nextInt(claim ? 8 : 5)) {
      case 0 -> "(" + a + " && " + expression(r, claim, depth + 1) + ")";
      case 1 -> "(" + a + " || " + expression(r, claim, depth + 1) + ")";
      case 2 -> "!(" + a + ")";
      case 3 -> "(" + a + " ? " + expression(r, claim, depth + 1) + " : false)";
      case 4 -> list + ".all(" + v + ", " + a + ")";
      case 5 -> list + ".exists(" + v + ", " + a + ")";
      case 6 -> "use_cases.all(" + v + ", " + a + ")";
      default -> "scenarios.exists(" + v + ", policies.all(w" + depth + ", " + a + "))";
    };
  }

  private static String regex(SplittableRandom r, int depth) {
    if (depth > 3 || r.nextInt(3) == 0) {
      return List.of("a", "[a-z]", "\\\\d", ".", "(a|b)", "[^]a]", "\\\\pL", "(?i)a")
          .get(r.nextInt(8));
    }
    String inner = regex(r, depth + 1);
    int n = List.of(1, 2, 10, 100, 1000).get(r.nextInt(5));
    return switch (r.nextInt(5)) {
      case 0 -> "(" + inner + "){" + n + "}";
      case 1 -> "(" + inner + "){" + n + ",}";
      case 2 -> inner + "{1," + n + "}" + regex(r, depth + 1);
      case 3 -> "(" + inner + "|" + regex(r, depth + 1) + ")*";
      default -> inner + "(";
    };
  }

  private static void original(String name, byte[] bytes, Loader loader) {
    loader.load(bytes, name); // the unmutated file must load
  }

  static byte[] mutate(byte[] in, SplittableRandom r) {
    String text = new String(in, StandardCharsets.ISO_8859_1);
    int rounds = 1 + r.nextInt(3);
    for (int k = 0; k < rounds && !text.isEmpty(); k++) {
      int at = r.nextInt(text.length());
      List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
      switch (r.nextInt(9)) {
        case 0 -> text = text.substring(0, at) + (char) (INTERESTING[r.nextInt(INTERESTING.length)]
            & 0xff) + text.substring(at + 1);
        case 1 -> text = text.substring(0, at) + text.substring(Math.min(text.length(),
            at + 1 + r.nextInt(20)));
        case 2 -> text = text.substring(0, at) + (char) (INTERESTING[r.nextInt(INTERESTING.length)]
            & 0xff) + text.substring(at);
        case 3 -> text = text.substring(0, at);
        case 4 -> {
          int l = r.nextInt(lines.size());
          lines.add(l, lines.get(l));
          text = String.join("\n", lines);
        }
        case 5 -> {
          int a = r.nextInt(lines.size());
          int b = r.nextInt(lines.size());
          String t = lines.get(a);
          lines.set(a, lines.get(b));
          lines.set(b, t);
          text = String.join("\n", lines);
        }
        case 6 -> {
          // Replace one word by another word of the file: keys become other keys, ids others.
          String[] words = text.split("[^A-Za-z0-9_.-]+");
          String from = words[r.nextInt(words.length)];
          String to = words[r.nextInt(words.length)];
          if (!from.isEmpty()) {
            text = text.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to));
          }
        }
        case 7 -> {
          // A value of the wrong type after some "key: ".
          int colon = text.indexOf(": ", at);
          if (colon >= 0) {
            int end = text.indexOf('\n', colon);
            end = end < 0 ? text.length() : end;
            int comma = text.indexOf(',', colon);
            if (comma >= 0 && comma < end) {
              end = comma;
            }
            text = text.substring(0, colon + 2) + VALUES.get(r.nextInt(VALUES.size()))
                + text.substring(end);
          }
        }
        default -> {
          int l = r.nextInt(lines.size());
          lines.remove(l);
          text = String.join("\n", lines);
        }
      }
    }
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static List<Path> list(String dir) throws IOException {
    try (Stream<Path> s = Files.list(Path.of(dir))) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static ByteArrayInputStream in(byte[] b) {
    return new ByteArrayInputStream(b);
  }

  private static final List<Profile> PROFILES = new ArrayList<>();

  static {
    for (Host h : Fixtures.hosts("brief-6.3.yaml")) {
      h.devices().forEach(d -> PROFILES.add(Profile.of(h, d)));
    }
  }

  private static void policy(byte[] b, String name) {
    Policy p = PolicyLoader.fromNode(YamlReader.read(in(b), name));
    Engine e = new Engine(Fixtures.library().scenarios(), List.of(p),
        Fixtures.library().useCases());
    PROFILES.forEach(e::evaluate);
  }

  private static void claim(byte[] b, String name) {
    Claim c = ClaimLoader.fromNode(YamlReader.read(in(b), name));
    Map<String, Long> outcomes = Map.of("works", 1L, "fallback", 0L, "broken", 2L, "unsafe", 0L,
        "no_remedy", 0L, "unsupported", 0L, "not_applicable", 0L, "devices", 3L);
    Map<String, Map<String, Long>> useCases = new java.util.HashMap<>();
    Fixtures.library().useCases().forEach(u -> useCases.put(u.id(), outcomes));
    Map<String, Map<String, Map<String, Long>>> policies = new java.util.HashMap<>();
    Fixtures.library().policies().keySet().forEach(p -> policies.put(p, useCases));
    Map<String, Map<String, Map<String, Map<String, Long>>>> counts = new java.util.HashMap<>();
    Fixtures.library().scenarios().forEach(s -> counts.put(s.id(), policies));
    Counts all = new Counts(counts, Map.of("arm-server", counts), List.copyOf(counts.keySet()),
        List.copyOf(policies.keySet()), List.copyOf(useCases.keySet()), List.of("arm-server"));
    if (c.applies() != null) {
      c.applies().test(all);
    }
    c.holds().test(all);
    c.evidence().forEach(e -> e.value().eval(all));
  }

  private static void preset(byte[] b, String name) {
    Preset p = PresetLoader.fromNode(YamlReader.read(in(b), name));
    Map<String, Preset> presets = new java.util.HashMap<>(Fixtures.library().presets());
    presets.put(p.id(), p);
    for (Preset.Part part : p.mix()) {
      if (!presets.containsKey(part.preset())) {
        throw new InputException(name + ": mix names unknown preset");
      }
    }
    new Generator(p, presets, 1).generate(20, MutationFuzzTest::evaluate);
  }

  private static final Engine ENGINE = new Engine(Fixtures.library().scenarios(),
      new ArrayList<>(Fixtures.library().policies().values()), Fixtures.library().useCases());

  private static synchronized void evaluate(Host h) {
    h.devices().forEach(d -> ENGINE.evaluate(Profile.of(h, d)));
  }
}
