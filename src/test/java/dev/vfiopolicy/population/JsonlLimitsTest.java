package dev.vfiopolicy.population;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.yaml.LineLimit;
import dev.vfiopolicy.yaml.YamlReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A JSON Lines file is checked for control characters and overlong lines by the reader's
 * workers, line by line, not by a {@link LineLimit} ahead of them: the outcome is that of a
 * pass line by line in which each line's bytes go through a LineLimit before the line is read
 * (the first refusal in the file wins, whichever kind; LineLimit's messages, lines and columns).
 * Checked against that pass itself, over files with controls, DEL, NUL, lone carriage returns
 * and lines past 1 MiB, in blocks of several sizes on one and three threads.
 */
class JsonlLimitsTest {
  private static List<String> generatedLines(int hosts) {
    Map<String, Preset> presets = Fixtures.library().presets();
    StringWriter out = new StringWriter();
    new Generator(presets.get("mixed"), presets, 23).generate(hosts, FleetWriters.jsonl(out));
    return List.of(out.toString().split("\n"));
  }

  /** The pass line by line: the hosts' names, or the message of the first refusal. */
  private static String lineByLine(byte[] bytes) throws Exception {
    List<String> names = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    InputStream limit = new LineLimit(new ByteArrayInputStream(bytes), "f");
    int line = 0;
    int i = 0;
    try {
      while (i < bytes.length) {
        int e = i;
        while (e < bytes.length && bytes[e] != '\n' && bytes[e] != '\r') {
          e++;
        }
        int next = e;
        if (next < bytes.length) {
          next += bytes[next] == '\r' && next + 1 < bytes.length && bytes[next + 1] == '\n' ? 2 : 1;
        }
        line++;
        limit.readNBytes(next - i);
        String text = new String(bytes, i, e - i, StandardCharsets.UTF_8);
        i = next;
        if (text.isBlank()) {
          continue;
        }
        Host h = PopulationReader.host(YamlReader.readJsonLine(text, "f", line));
        if (!seen.add(h.name())) {
          return "duplicate " + h.name();
        }
        names.add(h.name());
      }
    } catch (InputException e) {
      return e.getMessage();
    }
    return names.isEmpty() ? "no hosts" : String.join(",", names);
  }

  /** The reader's outcome, in the same terms. */
  private static String read(byte[] bytes, int threads, int block) {
    List<String> names = new ArrayList<>();
    try {
      JsonlReader.read(new ByteArrayInputStream(bytes), "f", JsonlReader.hosts(),
          list -> list.forEach(h -> names.add(h.name())), threads, block);
    } catch (InputException e) {
      String m = e.getMessage();
      return m.contains("duplicate") || m.contains("more than once")
          ? "duplicate " + m : m.contains("only blank lines") ? "no hosts" : m;
    }
    return String.join(",", names);
  }

  private static void check(byte[] bytes, String what) throws Exception {
    String expected = lineByLine(bytes);
    for (int threads : new int[] {1, 3}) {
      for (int block : new int[] {64, 1000, 1 << 18}) {
        String got = read(bytes, threads, block);
        if (expected.startsWith("duplicate ")) {
          assertThat(got).as("%s, %d threads, blocks of %d", what, threads, block)
              .startsWith("duplicate ");
        } else {
          assertThat(got).as("%s, %d threads, blocks of %d", what, threads, block)
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void controlsAndLineEndsAreRefusedAsLineByLine() throws Exception {
    List<String> lines = generatedLines(40);
    Random r = new Random(29);
    byte[] hostile = {0x01, 0x1B, 0x7F, 0x00, 0x0B, 0x0C, '\t', '\r'};
    String[] ends = {"\n", "\r\n", "\r"};
    int refused = 0;
    for (int round = 0; round < 150; round++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      List<String> pool = new ArrayList<>(lines);
      java.util.Collections.shuffle(pool, r);
      for (int n = 1 + r.nextInt(12); n > 0; n--) {
        byte[] line = (r.nextInt(6) == 0 ? " \t" : pool.remove(0))
            .getBytes(StandardCharsets.UTF_8);
        if (r.nextInt(5) == 0) {
          line = Arrays.copyOf(line, line.length);
          line[r.nextInt(line.length)] = hostile[r.nextInt(hostile.length)];
        }
        out.write(line);
        out.write(ends[r.nextInt(ends.length)].getBytes(StandardCharsets.UTF_8));
      }
      byte[] bytes = out.toByteArray();
      if (r.nextInt(8) == 0) {
        bytes[0] = r.nextBoolean() ? (byte) 0xFF : 0x00; // UTF-16 or -32 start: controls pass
      }
      check(bytes, "round " + round + ": " + new String(bytes, StandardCharsets.ISO_8859_1));
      if (lineByLine(bytes).contains("control character")) {
        refused++;
      }
    }
    assertThat(refused).as("files refused for a control character").isBetween(10, 140);
  }

  @Test
  void linesPastOneMebibyteAreRefusedAsLineByLine() throws Exception {
    List<String> lines = generatedLines(4);
    byte[] pad = new byte[LineLimit.MAX_LINE - 3];
    Arrays.fill(pad, (byte) ' ');
    String host = lines.get(0);
    String[] cases = {
      // A host padded to the limit exactly, then one byte past it (its carriage return too).
      lines.get(1) + "\n" + host + new String(pad, StandardCharsets.US_ASCII).substring(
          host.length() - 3) + "\n" + lines.get(2) + "\n",
      lines.get(1) + "\n" + host + new String(pad, StandardCharsets.US_ASCII).substring(
          host.length() - 3) + "\r\n" + lines.get(2) + "\n",
      lines.get(1) + "\n" + host + new String(pad, StandardCharsets.US_ASCII).substring(
          host.length() - 4) + "\n" + lines.get(2) + "\n",
      // No line feed at all past the limit (lines split by carriage returns), with a control
      // within the limit and after it, and at the end of the file.
      lines.get(1) + "\n" + (host + "\r").repeat(LineLimit.MAX_LINE / host.length() + 2),
      lines.get(1) + "\n" + host + "\r\u001b" + (host + "\r").repeat(
          LineLimit.MAX_LINE / host.length() + 2) + "\n",
      lines.get(1) + "\n" + (host + "\r").repeat(LineLimit.MAX_LINE / host.length() + 2)
          + "\u001b\n",
      // A line with an error before the long one.
      lines.get(1) + "\n{\n" + (host + "\r").repeat(LineLimit.MAX_LINE / host.length() + 2)
    };
    for (String c : cases) {
      byte[] bytes = c.getBytes(StandardCharsets.UTF_8);
      check(bytes, c.substring(0, 60) + "... (" + bytes.length + " bytes)");
    }
    assertThat(lineByLine(cases[0].getBytes(StandardCharsets.UTF_8))).doesNotContain("MiB");
    assertThat(lineByLine(cases[1].getBytes(StandardCharsets.UTF_8)))
        .contains("f:2: line 2 is longer than 1 MiB");
    assertThat(lineByLine(cases[4].getBytes(StandardCharsets.UTF_8)))
        .contains("control character 0x1b");
  }

  /**
   * A stream with no line feed is refused once a buffer holds more than a line may, not read
   * on into memory (as LineLimit ahead of the reader did).
   */
  @Test
  void aStreamWithoutLineFeedsIsRefusedWithinTheLimit() {
    byte[] host = (generatedLines(1).get(0) + "\r").getBytes(StandardCharsets.UTF_8);
    long[] served = {0};
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return host[(int) (served[0]++ % host.length)];
      }

      @Override
      public int read(byte[] b, int off, int len) {
        for (int k = 0; k < len; k++) {
          b[off + k] = (byte) read();
        }
        return len;
      }
    };
    List<String> names = new ArrayList<>();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> JsonlReader.read(endless, "f",
        JsonlReader.hosts(), list -> list.forEach(h -> names.add(h.name())), 2, 1 << 16))
        .isInstanceOf(InputException.class)
        .hasMessage("f:1: line 1 is longer than 1 MiB; this is not a file vfio-policy reads");
    assertThat(served[0]).isLessThanOrEqualTo(2L * LineLimit.MAX_LINE + (1 << 16));
  }
}
