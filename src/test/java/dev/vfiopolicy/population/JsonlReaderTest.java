package dev.vfiopolicy.population;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.yaml.YamlReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The token fast path of JSON Lines ({@link JsonlReader#quick}) answers only with the host the
 * tree reader gives for the same line, for plain lines and for odd ones: other spellings, keys
 * twice or missing, numbers where text goes, bytes changed at random. Read for a count, it takes
 * the same lines, and its keys are those of the tree reader's host ({@link HostKeys#set}).
 */
class JsonlReaderTest {
  /** The tree reader's host for a line, or null where it refuses the line. */
  private static Host tree(String line) {
    try {
      return PopulationReader.host(YamlReader.readJsonLine(line, "f", 1));
    } catch (InputException e) {
      return null;
    }
  }

  private static final JsonlHost FULL = new JsonlHost(true);
  private static final JsonlHost COUNT = new JsonlHost(false);

  /** The fast path's host for a line, or null; read for a count too, it must agree. */
  private static Host quick(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    boolean full = JsonlReader.quick(FULL, b, 0, b.length);
    boolean count = JsonlReader.quick(COUNT, b, 0, b.length);
    assertThat(count).as("read for a count: " + line).isEqualTo(full);
    if (!full) {
      return null;
    }
    assertThat(keys(COUNT.keys())).as("keys of " + line)
        .isEqualTo(keys(new HostKeys().set(FULL.host(), p -> {
          throw new AssertionError("a profile that does not pack: " + p);
        })));
    return FULL.host();
  }

  /** Everything a count reads of a host, in order. */
  static String keys(HostKeys k) {
    StringBuilder sb = new StringBuilder(k.name() + " " + k.kind() + " igpu="
        + k.noncoherentIgpu());
    for (int i = 0; i < k.devices(); i++) {
      sb.append("\n device ").append(k.id(i)).append(' ').append(Long.toHexString(k.key(i)))
          .append(k.single(i) ? " single" : "");
    }
    for (int v = 0; v < k.vms(); v++) {
      sb.append("\n vm ").append(k.vmName(v));
      for (int j = k.vmStart(v); j < k.vmEnd(v); j++) {
        sb.append(' ').append(Long.toHexString(k.member(j)));
      }
    }
    return sb.toString();
  }

  private static List<String> generatedLines(int hosts) {
    Map<String, Preset> presets = Fixtures.library().presets();
    StringWriter out = new StringWriter();
    var writer = FleetWriters.jsonl(out);
    new Generator(presets.get("mixed"), presets, 11).generate(hosts, writer);
    return List.of(out.toString().split("\n"));
  }

  @Test
  void plainLinesGiveTheTreeReadersHost() {
    for (String line : generatedLines(300)) {
      Host q = quick(line);
      assertThat(q).as(line).isNotNull().isEqualTo(tree(line));
    }
  }

  @Test
  void oddLinesGiveTheTreeReadersHostOrNone() {
    List<String> lines = generatedLines(60);
    List<String> odd = new ArrayList<>();
    String[][] edits = {
      {"\"x86_64\"", "\"X86_64\""}, {"\"x86_64\"", "\"amd64\""}, {"\"pci\"", "\"PCI\""},
      {"\"pci\"", "\"platform\""}, {"\"bridge\"", "\"Bridge\""}, {"\"bridge\"", "1"},
      {"\"amd-vi\"", "\"none\""}, {"\"amd-vi\"", "\"AMD-Vi\""}, {"\"intel-vtd\"", "\"vtd\""},
      {"\"kind\":\"", "\"kind\":\"-"}, {"\"kind\":\"", "\"kind\":\"A"}, {"\"kind\":\"", "\"kind\":1"},
      {"\"vendor\":\"", "\"vendor\":\"A"}, {"\"vendor\":\"1", "\"vendor\":\"X"},
      {"\"vendor\":\"8086\"", "\"vendor\":\"8O86\""}, {"\"vendor\":\"1022\"", "\"vendor\":\"10AB\""},
      {"\"group\":", "\"group\":-"}, {"\"group\":", "\"group\":1e"}, {"\"no_snoop\":false",
        "\"no_snoop\":0"}, {"\"iommu\":\"", "\"iommu\":\"x"}, {"\"name\":", "\"name\":null,\"n\":"},
      {"\"devices\":[", "\"devices\":[],\"d\":["}, {"{\"name\"", "{\"arch\":\"x86_64\",\"name\""},
      {"\"cache_coherency\":true", "\"cache_coherency\":false"}, {"}]", "},{}]"}, {"\"vms\":[",
        "\"vms\":[{\"name\":\"v\",\"devices\":[]},"}
    };
    for (String line : lines) {
      for (String[] e : edits) {
        if (line.contains(e[0])) {
          odd.add(line.replaceFirst(java.util.regex.Pattern.quote(e[0]),
              java.util.regex.Matcher.quoteReplacement(e[1])));
        }
      }
    }
    Random r = new Random(5);
    String alphabet = "{}[]\":, \t\\0aA-x";
    for (int i = 0; i < 3000; i++) {
      StringBuilder sb = new StringBuilder(lines.get(r.nextInt(lines.size())));
      for (int n = 1 + r.nextInt(3); n > 0; n--) {
        int at = r.nextInt(sb.length());
        switch (r.nextInt(3)) {
          case 0 -> sb.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
          case 1 -> sb.deleteCharAt(at);
          default -> sb.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
        }
      }
      odd.add(sb.toString());
    }
    int quickHosts = 0;
    for (String line : odd) {
      Host q = quick(line);
      if (q != null) {
        quickHosts++;
        assertThat(q).as(line).isEqualTo(tree(line));
      }
    }
    assertThat(quickHosts).as("odd lines the fast path still reads").isPositive();
  }
}
