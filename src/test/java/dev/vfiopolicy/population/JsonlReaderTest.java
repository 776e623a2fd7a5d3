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

  private static final ByteTokens BYTES = new ByteTokens();

  /**
   * The fast path's host for a line, or null; read for a count too, it must agree. Where the
   * line's bytes are read without Jackson ({@link ByteTokens}), that reads the same host.
   */
  private static Host quick(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    boolean full = JsonlReader.quick(FULL, b, 0, b.length);
    boolean count = JsonlReader.quick(COUNT, b, 0, b.length);
    assertThat(count).as("read for a count: " + line).isEqualTo(full);
    if (!full) {
      assertThat(bytes(FULL, b)).as("read without Jackson: " + line).isFalse();
      return null;
    }
    Host host = FULL.host();
    String keys = keys(COUNT.keys());
    assertThat(keys).as("keys of " + line)
        .isEqualTo(keys(new HostKeys().set(host, p -> {
          throw new AssertionError("a profile that does not pack: " + p);
        })));
    if (bytes(FULL, b)) {
      assertThat(FULL.host()).as("read without Jackson: " + line).isEqualTo(host);
      assertThat(bytes(COUNT, b)).as("counted without Jackson: " + line).isTrue();
      assertThat(keys(COUNT.keys())).as("counted without Jackson: " + line).isEqualTo(keys);
      bytesRead++;
    }
    return host;
  }

  /** Lines read without Jackson, in all. */
  private static int bytesRead;

  /** Whether {@link ByteTokens} read the line b (the whole of it) into {@code into}. */
  private static boolean bytes(JsonlHost into, byte[] b) {
    int k = 0;
    while (k < b.length && (b[k] == ' ' || b[k] == '\t')) {
      k++;
    }
    return k < b.length && b[k] == '{' && BYTES.read(into, b, k, b.length) == b.length;
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
    int before = bytesRead;
    List<String> lines = generatedLines(300);
    for (String line : lines) {
      Host q = quick(line);
      assertThat(q).as(line).isNotNull().isEqualTo(tree(line));
    }
    assertThat(bytesRead - before).as("plain lines read without Jackson").isEqualTo(lines.size());
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
        "\"vms\":[{\"name\":\"v\",\"devices\":[]},"},
      // A device named by its name (no bdf, or an empty one), names with escapes and non-ASCII
      // text, the keys the writer adds only when true, a kind of its own, groups at the edges.
      {"\"bdf\":\"", "\"bdf\":\"\",\"source\":\""}, {"\"bdf\":\"", "\"source\":\""},
      {"\"name\":\"", "\"name\":\"caf\\u00e9 \\\" "}, {"\"name\":\"", "\"name\":\"\u00e9\u4e2d "},
      {"\"no_snoop\":false", "\"no_snoop\":false,\"nosnoop_enabled\":true,\"vf_token\":true"},
      {"\"kind\":\"", "\"kind\":\"x"}, {"\"group\":0,", "\"group\":2147483647,"},
      {"\"group\":0,", "\"group\":2147483648,"}, {"\"group\":0,", "\"group\":-1,"},
      {"\"group\":0,", "\"group\":99999999999999999999,"}, {"\"group\":0,", "\"group\":0.0,"},
      {"\"iommu\":\"", "\"iommu\":\"none\",\"x\":\""},
      {"\"nesting\":false", "\"nesting\":true"}, {"\"devices\":[{", "\"devices\":[ { "}
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
      odd.add(changed(lines.get(r.nextInt(lines.size())), r, alphabet));
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

  /** {@code line} with one to three characters changed, removed or inserted (from alphabet). */
  static String changed(String line, Random r, String alphabet) {
    StringBuilder sb = new StringBuilder(line);
    for (int n = 1 + r.nextInt(3); n > 0; n--) {
      int at = r.nextInt(sb.length());
      switch (r.nextInt(3)) {
        case 0 -> sb.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
        case 1 -> sb.deleteCharAt(at);
        default -> sb.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
      }
    }
    return sb.toString();
  }

  /**
   * Plain lines, one after another in a block, are all read by the block's one parser, which
   * finds where each ends.
   */
  @Test
  void oneParserReadsABlocksPlainLines() {
    List<String> lines = generatedLines(50);
    String text = "  \t\n" + String.join("\n", lines.subList(0, 20)) + "\n\n \t\r\n"
        + String.join("\r\n", lines.subList(20, 40)) + " \t\r" + String.join("\n",
        lines.subList(40, 50)) + "\t";
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    for (boolean full : new boolean[] {true, false}) {
      JsonlHost into = new JsonlHost(full);
      JsonlReader.Shared shared = null;
      int read = 0;
      int i = 0;
      while (i < b.length) {
        int s = i;
        int e = JsonlReader.lineEnd(b, i, b.length);
        i = e < b.length && b[e] == '\r' && e + 1 < b.length && b[e + 1] == '\n' ? e + 2 : e + 1;
        int k = s;
        while (k < e && (b[k] == ' ' || b[k] == '\t')) {
          k++;
        }
        if (k == e) {
          continue;
        }
        if (shared == null) {
          shared = JsonlReader.Shared.open(b, k, b.length);
        }
        String line = new String(b, s, e - s, StandardCharsets.UTF_8);
        assertThat(shared.read(into, b, k, b.length)).as(line + ": the line's end").isEqualTo(e);
        Host h = tree(line);
        if (full) {
          assertThat(into.host()).as(line).isEqualTo(h);
        }
        assertThat(keys(into.keys())).as(line).isEqualTo(keys(new HostKeys().set(h, p -> -1)));
        read++;
      }
      JsonlReader.Shared.close(shared);
      assertThat(read).isEqualTo(50);
    }
  }

  /** What a block's sink met, host by host: each host's keys, and whether it came plain. */
  private static final class Recorder implements HostCounter {
    final List<String> hosts = new ArrayList<>();

    @Override
    public void add(Host h) {
      hosts.add(keys(new HostKeys().set(h, p -> -1)));
    }

    @Override
    public void add(HostKeys h) {
      hosts.add(keys(h));
    }
  }

  /**
   * A block of plain, odd and blank lines, objects over two lines and two on one, with every
   * line end: parse gives the hosts (built, and counted), lines and first failure of a
   * line-by-line pass (the fast path, else the tree reader).
   */
  @Test
  void aBlockReadsAsItsLinesOneByOne() throws Exception {
    List<String> lines = generatedLines(40);
    List<String> pieces = new ArrayList<>(lines);
    Random r = new Random(7);
    for (String line : lines.subList(0, 10)) {
      int comma = line.indexOf(',', line.length() / 2);
      // Objects over two lines, broken by each line end where whitespace may stand.
      for (String end : new String[] {"\n", "\r", "\r\n", " \t\n "}) {
        pieces.add(line.substring(0, comma + 1) + end + line.substring(comma + 1));
      }
      pieces.add(line + line);
      pieces.add(line + " " + line);
      pieces.add(line + " x");
      pieces.add(line + " \t ");
      pieces.add("\t " + line);
      pieces.add(line.substring(0, line.length() - 1));
      pieces.add(line + "}");
      pieces.add(line.replace("\"x86_64\"", "\"X86_64\""));
      pieces.add(line.replaceFirst("\"name\":", "\"name\":null,\"n\":"));
      pieces.add(line.replaceFirst("\\{", "{\"a\":1,"));
      pieces.add(line + "\u000b");
      pieces.add("[" + line + "]");
    }
    pieces.add("");
    pieces.add("  ");
    pieces.add("\t");
    pieces.add("\u000b");
    pieces.add("{}");
    pieces.add("{");
    String[] ends = {"\n", "\r\n", "\r"};
    int failures = 0;
    for (int trial = 0; trial < 400; trial++) {
      StringBuilder sb = new StringBuilder();
      for (int n = 5 + r.nextInt(20); n > 0; n--) {
        // Mostly plain lines, so that a failure comes after some hosts.
        sb.append(r.nextInt(3) == 0 ? pieces.get(r.nextInt(pieces.size()))
            : lines.get(r.nextInt(lines.size())));
        sb.append(ends[r.nextInt(ends.length)]);
      }
      if (r.nextBoolean()) {
        sb.setLength(sb.length() - 1);
      }
      String text = sb.toString();
      List<Host> hosts = new ArrayList<>();
      List<Integer> hostLines = new ArrayList<>();
      int failLine = 0;
      int lineNo = 0;
      java.io.BufferedReader in = new java.io.BufferedReader(new java.io.StringReader(text));
      for (String line; (line = in.readLine()) != null; ) {
        lineNo++;
        Host h = quick(line);
        if (h == null && line.isBlank()) {
          continue;
        }
        if (h == null) {
          h = tree(line);
        }
        if (h == null) {
          failLine = lineNo;
          break;
        }
        hosts.add(h);
        hostLines.add(lineNo);
      }
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      // Control characters are LineLimit's to refuse (off here: a vertical tab is blank).
      JsonlReader.Parsed<List<Host>> p = JsonlReader.parse(b, b.length, "f", JsonlReader.hosts(),
          false);
      JsonlReader.Parsed<Recorder> c = JsonlReader.parse(b, b.length, "f",
          JsonlReader.counted(Recorder::new), false);
      assertThat(p.result()).as(text).isEqualTo(hosts);
      assertThat(c.result().hosts).as(text).isEqualTo(hosts.stream()
          .map(h -> keys(new HostKeys().set(h, x -> -1))).toList());
      for (JsonlReader.Parsed<?> parsed : List.of(p, c)) {
        assertThat(parsed.starts().count()).as(text).isEqualTo(hosts.size());
        for (int j = 0; j < hostLines.size(); j++) {
          assertThat(parsed.starts().line(j)).as(text).isEqualTo(hostLines.get(j).longValue());
          assertThat(parsed.starts().name(j)).as(text).isEqualTo(hosts.get(j).name());
        }
        assertThat(parsed.failLine()).as(text).isEqualTo(failLine);
        if (failLine == 0) {
          assertThat(parsed.lines()).as(text).isEqualTo(lineNo);
        }
      }
      if (failLine > 0) {
        failures++;
      }
    }
    assertThat(failures).as("blocks with a refused line").isBetween(1, 399);
  }
}
