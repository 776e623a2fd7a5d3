package dev.vfiopolicy.population;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.report.Csv;
import dev.vfiopolicy.yaml.LineLimit;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CSV counted in parallel blocks ({@link CsvReader}) reads the hosts, and fails with the message,
 * of the reader that takes a CSV file host by host ({@link FleetReaders#csv(java.io.InputStream,
 * String, java.util.function.Consumer)}): for generated fleets of every preset, and for files
 * broken in each way a block could get wrong, with blocks of a few bytes so that cuts land
 * everywhere, on one thread and on several.
 */
class CsvReaderTest {
  /** Bytes per block: tiny ones (hosts larger than a block and than the cap), and a large one. */
  private static final int[] BLOCKS = {37, 64, 300, 4096, CsvReader.BLOCK};
  private static final int[] THREADS = {1, 3};

  /** The hosts of a block, as the sequential reader builds them. */
  private static final class Recorder implements HostCounter {
    final List<Host> hosts = new ArrayList<>();

    @Override
    public void add(Host h) {
      hosts.add(h);
    }

    @Override
    public void add(HostKeys h) {
      throw new AssertionError("CSV rows are read into hosts");
    }
  }

  /** The hosts the sequential reader reads from {@code b}, or its message. */
  private static Object sequential(byte[] b) {
    List<Host> hosts = new ArrayList<>();
    try {
      FleetReaders.csv(new ByteArrayInputStream(b), "f.csv", hosts::add);
      return hosts;
    } catch (InputException e) {
      return e.getMessage();
    }
  }

  /** The hosts the block reader counts in {@code b}, in order, or its message. */
  private static Object blocks(byte[] b, int threads, int block) {
    List<Host> hosts = new ArrayList<>();
    try {
      CsvReader.read(new LineLimit(new ByteArrayInputStream(b), "f.csv"), "f.csv",
          Recorder::new, r -> hosts.addAll(r.hosts), threads, block);
      return hosts;
    } catch (InputException e) {
      return e.getMessage();
    }
  }

  /** Reads {@code text} both ways, with every block size and thread count; the outcome. */
  private static Object same(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    Object expected = sequential(b);
    for (int block : BLOCKS) {
      for (int threads : THREADS) {
        assertThat(blocks(b, threads, block))
            .as("blocks of %d bytes on %d threads: %s", block, threads, abbreviate(text))
            .isEqualTo(expected);
      }
    }
    return expected;
  }

  /** Reads {@code text} both ways; the sequential reader's message, which must contain part. */
  private static void fails(String text, String part) {
    Object outcome = same(text);
    assertThat(outcome).as(abbreviate(text)).isInstanceOf(String.class);
    assertThat((String) outcome).contains(part);
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  /** A generated fleet of {@code preset} as the CSV writer writes it (CR LF line ends). */
  private static String fleet(String preset, int hosts, long seed) {
    Map<String, Preset> presets = Fixtures.library().presets();
    List<Host> drawn = new ArrayList<>();
    new Generator(presets.get(preset), presets, seed).generate(hosts, drawn::add);
    StringWriter w = new StringWriter();
    try (Csv csv = new Csv(w, FleetReaders.CSV_ALL_COLUMNS, false)) {
      drawn.forEach(FleetWriters.csv(csv));
    }
    return w.toString();
  }

  /** The lines of a generated mixed fleet, header first, ended by line feeds when joined. */
  private static List<String> lines(int hosts) {
    return new ArrayList<>(List.of(fleet("mixed", hosts, 5).split("\r\n")));
  }

  private static String join(List<String> lines) {
    return String.join("\n", lines) + "\n";
  }

  /** A row with column {@code col} set to {@code value}. */
  private static String with(String row, int col, String value) {
    String[] f = row.split(",", -1);
    f[col] = value;
    return String.join(",", f);
  }

  /** The index of the first row, at or after {@code from}, whose host is not the row before's. */
  private static int hostStart(List<String> lines, int from) {
    for (int i = Math.max(from, 2); i < lines.size(); i++) {
      if (!host(lines.get(i)).equals(host(lines.get(i - 1)))) {
        return i;
      }
    }
    throw new AssertionError("no host starts after line " + from);
  }

  /** The index of the first row, at or after {@code from}, of a device of the host before. */
  private static int deviceRow(List<String> lines, int from) {
    for (int i = Math.max(from, 2); i < lines.size(); i++) {
      if (host(lines.get(i)).equals(host(lines.get(i - 1)))
          && !lines.get(i).split(",", -1)[9].isEmpty()) {
        return i;
      }
    }
    throw new AssertionError("no device row after line " + from);
  }

  private static String host(String row) {
    return row.substring(0, row.indexOf(','));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mixed", "desktop-intel", "desktop-amd", "server-intel", "server-amd",
      "arm-server", "s390", "power"})
  void fleetsOfEveryPresetReadAsHostByHost(String preset) {
    assertThat(Fixtures.library().presets()).containsKey(preset);
    String crlf = fleet(preset, 300, 13);
    for (String text : List.of(crlf, crlf.replace("\r\n", "\n"))) {
      Object hosts = same(text);
      assertThat(hosts).as(preset).isInstanceOf(List.class);
      assertThat((List<?>) hosts).hasSize(300);
    }
  }

  @Test
  void everyPresetIsTested() throws Exception {
    ValueSource presets = getClass().getDeclaredMethod("fleetsOfEveryPresetReadAsHostByHost",
        String.class).getAnnotation(ValueSource.class);
    assertThat(presets.strings())
        .containsExactlyInAnyOrderElementsOf(Fixtures.library().presets().keySet());
  }

  @Test
  void headerErrors() {
    List<String> lines = lines(20);
    fails("", "f.csv:1: the header must be");
    fails("host,arch\nh,x86_64\n", "f.csv:1: the header must be");
    fails(lines.get(0).replace("arch", "") + "\n", "f.csv: not valid CSV: A header name is missing");
    fails("\"host,arch\n", "f.csv:1: not valid CSV: EOF reached before encapsulated token");
    fails(lines.get(0) + "\n", "f.csv:1: no rows after the header");
    fails(lines.get(0), "f.csv:1: no rows after the header");
    fails(lines.get(0) + "\r\n", "f.csv:1: no rows after the header");
    fails(lines.get(0) + "\n\n", "f.csv:2: expected 20 fields, found 1");
    // The first columns only, and a header that starts like a row.
    fails(String.join(",", FleetReaders.CSV_COLUMNS) + ",kind\n", "the header must be");
  }

  @Test
  void rowErrorsInLaterBlocksPastLine999() {
    List<String> lines = lines(300);
    assertThat(lines.size()).isGreaterThan(2000);
    int at = deviceRow(lines, 1500);
    List<String> l = new ArrayList<>(lines);
    l.set(at, l.get(at) + ",extra");
    fails(join(l), "f.csv:" + (at + 1) + ": expected 20 fields, found 21");
    l = new ArrayList<>(lines);
    l.set(at, with(l.get(at), 13, "zz"));
    fails(join(l), "f.csv:" + (at + 1) + ":14: 'vendor' must be 4 hex digits, found 'zz'");
    l = new ArrayList<>(lines);
    l.set(at, with(l.get(at), 1, "aarch64"));
    fails(join(l), "f.csv:" + (at + 1) + ":2: host '" + host(lines.get(at)) + "' changes arch");
    l = new ArrayList<>(lines);
    l.set(at, with(l.get(at), 0, ""));
    fails(join(l), "f.csv:" + (at + 1) + ": 'host' is empty");
  }

  @Test
  void badQuoting() {
    List<String> lines = lines(300);
    int at = hostStart(lines, 1200);
    // Text after a closing quote, on the first row of a host and inside one.
    for (int row : new int[] {at, at + 1}) {
      List<String> l = new ArrayList<>(lines);
      l.set(row, with(l.get(row), 1, "\"x86_64\"x"));
      fails(join(l), "f.csv:" + (row + 1) + ": not valid CSV: Invalid character between"
          + " encapsulated token and delimiter");
      l.set(row, with(lines.get(row), 0, "\"" + host(lines.get(row)) + "\"x"));
      fails(join(l), "f.csv:" + (row + 1) + ": not valid CSV: Invalid character between");
    }
    // A quote never closed: the field runs over every later line end, to the end of the file.
    List<String> l = new ArrayList<>(lines);
    l.set(at, with(l.get(at), 9, "\"nic"));
    fails(join(l), "f.csv:" + (at + 1) + ": not valid CSV: EOF reached before encapsulated token");
    // A quote that closes lines later, where text follows it: the lines between are one field.
    l = new ArrayList<>(lines);
    l.set(at, with(l.get(at), 9, "\"nic"));
    l.set(at + 40, "x\"y" + l.get(at + 40));
    fails(join(l), "f.csv:" + (at + 41) + ": not valid CSV: Invalid character between");
    // ... and where a comma follows it: one record over 41 lines, with too many fields.
    l.set(at + 40, "x\"," + lines.get(at + 40));
    fails(join(l), "f.csv:" + (at + 41) + ": expected 20 fields, found");
  }

  @Test
  void quotedFieldsWithLineEndsAndQuotes() {
    List<String> lines = lines(60);
    int dev = deviceRow(lines, 30);
    String h = host(lines.get(dev));
    int at = dev;
    while (host(lines.get(at - 1)).equals(h)) {
      at--;
    }
    int end = hostStart(lines, dev);
    List<String> l = new ArrayList<>(lines);
    // A quote inside an unquoted field is text; on one row the same name quoted, quotes doubled.
    for (int i = at; i < end; i++) {
      l.set(i, with(l.get(i), 0, i == dev ? "\"a\"\"b\"" : "a\"b"));
    }
    // A device name over three lines, with a comma and quotes.
    String name = "\"c\nd,\"\"e\"\"\r\nf\"";
    l.set(dev, with(l.get(dev), 9, name));
    Object hosts = same(join(l));
    assertThat(hosts).isInstanceOf(List.class);
    assertThat((List<?>) hosts).hasSize(60).anyMatch(x -> ((Host) x).name().equals("a\"b")
        && ((Host) x).devices().stream().anyMatch(d -> d.name().equals("c\nd,\"e\"\r\nf")));
    l.set(dev, with(with(with(lines.get(dev), 0, "\"a\"\"b\""), 1, "aarch64"), 9, name));
    fails(join(l), "host 'a\"b' changes arch");
  }

  @Test
  void lineEndsAndByteOrderMark() {
    String crlf = fleet("mixed", 80, 21);
    String lf = crlf.replace("\r\n", "\n");
    String cr = crlf.replace("\r\n", "\r");
    String mixed = crlf.replaceAll("(\r\n)(?=[a-m])", "\n").replaceAll("\r\n(?=[n-z])", "\r");
    for (String text : List.of(crlf, lf, cr, mixed, "\uFEFF" + crlf, "\uFEFF" + lf)) {
      Object hosts = same(text);
      assertThat(hosts).isInstanceOf(List.class);
      assertThat((List<?>) hosts).hasSize(80);
    }
    fails("\uFEFF" + lf.replaceFirst("\n([^\n]*)\n", "\n$1,\n"), "f.csv:2: expected 20 fields");
    fails(cr.replaceFirst("\r([^\r]*)\r", "\r$1,\r"), "f.csv:2: expected 20 fields");
  }

  @Test
  void duplicateHostsInOtherBlocks() {
    List<String> lines = lines(300);
    int first = hostStart(lines, 5);
    int second = hostStart(lines, 1500);
    String name = host(lines.get(first));
    String other = host(lines.get(second));
    List<String> l = new ArrayList<>(lines);
    for (int i = second; i < l.size() && host(lines.get(i)).equals(other); i++) {
      l.set(i, with(l.get(i), 0, name));
    }
    fails(join(l), "f.csv:" + (second + 1) + ": duplicate host name '" + name + "'");
    // A host's rows interrupted by another host's, then resumed.
    l = new ArrayList<>(lines);
    int next = hostStart(lines, first + 1);
    int after = hostStart(lines, next + 1);
    l.add(after, lines.get(first));
    fails(join(l), "f.csv:" + (after + 1) + ": duplicate host name '" + name + "'");
  }

  @Test
  void hostsLargerThanABlockAndTheCap() {
    List<String> lines = lines(60);
    int at = hostStart(lines, 100);
    List<String> big = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      big.add("big,x86_64" + ",".repeat(18));
    }
    List<String> l = new ArrayList<>(lines);
    l.addAll(at, big);
    Object hosts = same(join(l));
    assertThat(hosts).isInstanceOf(List.class);
    assertThat((List<?>) hosts).hasSize(61);
    // Errors deep in a host cut into blocks, and its name again after another host.
    l.set(at + 2500, with(l.get(at + 2500), 1, "aarch64"));
    fails(join(l), "f.csv:" + (at + 2501) + ":2: host 'big' changes arch");
    l.set(at + 2500, with(l.get(at + 2500), 1, "\"x86_64\"x"));
    fails(join(l), "f.csv:" + (at + 2501) + ": not valid CSV: Invalid character");
    l.set(at + 2500, big.get(0));
    l.add(at + 3000, big.get(0));
    l.add(at + 3000, lines.get(at));
    fails(join(l), "f.csv:" + (at + 3002) + ": duplicate host name 'big'");
  }

  @Test
  void lineLimitStillApplies() {
    List<String> lines = lines(300);
    int at = hostStart(lines, 1800);
    List<String> l = new ArrayList<>(lines);
    l.set(at, with(l.get(at), 9, "nic\u0001"));
    fails(join(l), "f.csv:" + (at + 1) + ":");
    fails(join(l), "control character 0x01 is not allowed");
    l = new ArrayList<>(lines);
    l.set(at, with(l.get(at), 9, "n".repeat(1 << 20)));
    fails(join(l), "f.csv:" + (at + 1) + ": line " + (at + 1) + " is longer than 1 MiB");
  }

  /**
   * Files broken at random (a quote, comma, line end or letter put in, or a byte taken out):
   * the block reader reads the hosts, or fails with the message, of the sequential one.
   */
  @Test
  void randomlyBrokenFilesReadAlike() {
    String base = fleet("mixed", 25, 3).replace("\r\n", "\n");
    Random r = new Random(19);
    String alphabet = "\",\n\r\"x ";
    int failures = 0;
    for (int trial = 0; trial < 300; trial++) {
      StringBuilder sb = new StringBuilder(base);
      for (int n = 1 + r.nextInt(3); n > 0; n--) {
        int at = 1 + r.nextInt(sb.length() - 1);
        if (r.nextInt(4) == 0) {
          sb.deleteCharAt(at);
        } else {
          sb.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
        }
      }
      byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
      Object expected = sequential(b);
      int block = 16 + r.nextInt(400);
      assertThat(blocks(b, 1 + r.nextInt(3), block)).as("blocks of %d: %s", block, abbreviate(sb.toString()))
          .isEqualTo(expected);
      if (expected instanceof String) {
        failures++;
      }
    }
    assertThat(failures).as("broken files refused").isBetween(30, 290);
  }

  private static int cut(String text, int cap) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return new CsvReader.Cutter(cap).cut(b, b.length);
  }

  private static int at(String text, String part) {
    return text.getBytes(StandardCharsets.UTF_8).length
        - text.substring(text.indexOf(part)).getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void cutterFollowsQuotes() {
    // Two quotes before the line feed in "c<LF>d": a"b is text, and "c<LF>d,2" one field.
    String t = "h0,1\na\"b,\"c\nd,2\"\n";
    assertThat(cut(t, 1 << 20)).isEqualTo(at(t, "a\"b"));
    // A field quoted over a line end, then the next host.
    t = "h1,\"a\nh2,b\"\nh1,c\nh3,d";
    assertThat(cut(t, 1 << 20)).isEqualTo(at(t, "h3"));
    // Two quotes in a quoted field are one, not its end.
    t = "h1,\"a\"\"\nh2\"\nh1,x\n";
    assertThat(cut(t, 1 << 20)).isEqualTo(-1);
    // No host change yet: no cut, unless the buffer reached the cap.
    t = "h1,1\nh1,2\nh1,3\n";
    assertThat(cut(t, 1 << 20)).isEqualTo(-1);
    CsvReader.Cutter c = new CsvReader.Cutter(4);
    assertThat(c.cut(t.getBytes(StandardCharsets.US_ASCII), t.length())).isEqualTo(t.length());
    assertThat(c.split).isTrue();
    assertThat(c.lines).isEqualTo(3);
  }

  @Test
  void cutterSeesTheHostAsCommonsCsvReadsIt() {
    // Quoted or not, with quotes doubled, in UTF-8: the same name is no host change.
    for (String[] same : new String[][] {{"h1", "\"h1\""}, {"\"a\"\"b\"", "a\"b"},
        {"é", "\"é\""}, {"\"h1\" ", "h1"}}) {
      String t = same[0] + ",1\n" + same[1] + ",2\nh9,3\n";
      assertThat(cut(t, 1 << 20)).as(t).isEqualTo(at(t, "h9"));
      assertThat(CsvReader.Cutter.sameValue(t.getBytes(StandardCharsets.UTF_8), 0,
          at(t, ",1"), at(t, same[1] + ",2"), at(t, ",2"))).as(t).isTrue();
    }
    String t = "h1,1\nh10,2\n\"h1\",3\n";
    assertThat(cut(t, 1 << 20)).isEqualTo(at(t, "\"h1\""));
    assertThat(new CsvReader.Cutter(1 << 20).cut(Arrays.copyOf(t.getBytes(
        StandardCharsets.US_ASCII), t.indexOf("\"h1\"") + 2), t.indexOf("\"h1\"") + 2))
        .as("the next host's name not yet whole").isEqualTo(at(t, "h10"));
  }

  @Test
  void cutterCountsLineEndsAsCommonsCsv() {
    String t = "h1,1\r\nh1,2\r\nh2,\"a\r\nb\nc\rd\"\r\nh3,4";
    CsvReader.Cutter c = new CsvReader.Cutter(1 << 20);
    assertThat(c.cut(t.getBytes(StandardCharsets.US_ASCII), t.length())).isEqualTo(at(t, "h3"));
    assertThat(c.lines).isEqualTo(6);
    assertThat(c.split).isFalse();
    // A record ended by a CR alone: no cut after it (a CR at a buffer's end may have its LF
    // in the next).
    t = "h1,1\rh2,2\nh3,3\n";
    c = new CsvReader.Cutter(1 << 20);
    assertThat(c.cut(t.getBytes(StandardCharsets.US_ASCII), t.length())).isEqualTo(at(t, "h3"));
    assertThat(c.lines).isEqualTo(2);
    t = "h1,1\nh2,2\r";
    assertThat(cut(t, 1 << 20)).isEqualTo(at(t, "h2"));
    // A byte-order mark before the header is no part of its first field.
    t = "\uFEFF\"h\"\"\n\",1\nh2,2\n";
    assertThat(cut(t, 1 << 20)).isEqualTo(at(t, "h2"));
  }
}
