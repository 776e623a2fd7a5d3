package dev.vfiopolicy.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-picked hostile files, fed to the tool as a population and as a policy: each must end with
 * exit 2 (or 0 where the file is in fact valid) and one message naming the file, in bounded time,
 * never a stack trace.
 */
class NastyInputsTest {
  @TempDir static Path dir;

  static final String VALID_HOST =
      "hosts:\n  - name: h\n    arch: x86_64\n    devices:\n"
          + "      - {name: d, class: nic, vendor: \"8086\", iommu: none, group: 0}\n";

  static Stream<Arguments> nasty() {
    StringBuilder laughs = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (int i = 1; i < 12; i++) {
      char p = (char) ('a' + i - 1);
      char c = (char) ('a' + i);
      laughs.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p)
          .append(",*").append(p).append(",*").append(p).append("]\n");
    }
    laughs.append("hosts: *l\n");
    return Stream.of(
        Arguments.of("billion-laughs", laughs.toString().getBytes(StandardCharsets.UTF_8)),
        Arguments.of("java-tag", "hosts: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1/\"]]]]\n".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("java-tag-scalar", ("hosts:\n  - name: !!java.lang.Runtime h\n    arch: x86_64\n").getBytes(StandardCharsets.UTF_8)),
        Arguments.of("ten-mb-string", ("hosts:\n  - name: \"" + "x".repeat(10_000_000) + "\"\n").getBytes(StandardCharsets.UTF_8)),
        Arguments.of("nul-bytes", ("hosts:\n  - name: h\0\0\n").getBytes(StandardCharsets.UTF_8)),
        Arguments.of("crlf", VALID_HOST.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)),
        Arguments.of("bom", ("\uFEFF" + VALID_HOST).getBytes(StandardCharsets.UTF_8)),
        Arguments.of("duplicate-keys", ("hosts: []\nhosts: []\n").getBytes(StandardCharsets.UTF_8)),
        Arguments.of("yes-no", VALID_HOST.replace("group: 0}", "group: 0, no_snoop: yes}").getBytes(StandardCharsets.UTF_8)),
        Arguments.of("deep-nesting", ("hosts: " + "[".repeat(5000) + "]".repeat(5000) + "\n").getBytes(StandardCharsets.UTF_8)),
        Arguments.of("deep-block-nesting", deepBlock(300).getBytes(StandardCharsets.UTF_8)),
        Arguments.of("empty", new byte[0]),
        Arguments.of("only-comment", "# nothing\n".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("binary", binary()),
        Arguments.of("huge-number", VALID_HOST.replace("group: 0", "group: 1e400").getBytes(StandardCharsets.UTF_8)),
        Arguments.of("negative-group", VALID_HOST.replace("group: 0", "group: -1").getBytes(StandardCharsets.UTF_8)),
        Arguments.of("long-int", VALID_HOST.replace("group: 0", "group: 99999999999999999999999").getBytes(StandardCharsets.UTF_8)),
        Arguments.of("two-documents", (VALID_HOST + "---\n" + VALID_HOST).getBytes(StandardCharsets.UTF_8)),
        Arguments.of("utf16", VALID_HOST.getBytes(StandardCharsets.UTF_16)),
        Arguments.of("latin1-name", VALID_HOST.replace("name: h", "name: h\u00e9").getBytes(StandardCharsets.ISO_8859_1)),
        Arguments.of("merge-key", ("base: &b {arch: x86_64}\nhosts:\n  - <<: *b\n    name: h\n").getBytes(StandardCharsets.UTF_8)));
  }

  private static String deepBlock(int depth) {
    StringBuilder sb = new StringBuilder("hosts:\n");
    for (int i = 0; i < depth; i++) {
      sb.append("  ".repeat(i + 1)).append("k").append(i).append(":\n");
    }
    return sb.toString();
  }

  private static byte[] binary() {
    byte[] b = new byte[4096];
    new java.util.SplittableRandom(1).nextBytes(b);
    return b;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nasty")
  void asPopulation(String name, byte[] bytes) throws IOException {
    check(name, bytes, "population", new String[] {"report", "--format", "csv", "--population"});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nasty")
  void asPolicy(String name, byte[] bytes) throws IOException {
    check(name, bytes, "policy", new String[] {"policies", "validate"});
  }

  private static void check(String name, byte[] bytes, String kind, String[] args)
      throws IOException {
    Path f = dir.resolve(kind + "-" + name + ".yaml");
    Files.write(f, bytes);
    String[] all = Stream.concat(Stream.of(args), Stream.of(f.toString())).toArray(String[]::new);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int[] code = new int[1];
    org.assertj.core.api.Assertions.assertThat(org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> code[0] = Main.run(all, new PrintWriter(out), new PrintWriter(err)))).isNotNull();
    String e = err.toString();
    if (code[0] == 0) {
      assertThat(List.of("crlf", "bom", "merge-key")).as(name + ": unexpectedly accepted: " + out)
          .contains(name);
      return;
    }
    assertThat(code[0]).as(name + ": " + e).isEqualTo(2);
    assertThat(e.lines().count()).as(name + ": one message: " + e).isEqualTo(1);
    assertThat(e).as(name).startsWith("vfio-policy: " + f).doesNotContain("\tat ")
        .doesNotContain("Exception");
    assertThat(out.toString()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nasty")
  void asDumps(String name, byte[] bytes) throws IOException {
    for (String kind : List.of("--lspci", "--dmesg")) {
      Path f = dir.resolve("dump-" + kind.substring(2) + "-" + name + ".txt");
      Files.write(f, bytes);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
          () -> Main.run(new String[] {"population", "import", kind, f.toString(), "-o",
              dir.resolve("imported-" + name + ".yaml").toString()}, new PrintWriter(out),
              new PrintWriter(err)));
      // None of these files is a dump; the few that parse as one must still give a usable file.
      if (code == 0) {
        assertThat(Main.run(new String[] {"report", "--format", "csv", "--population",
            dir.resolve("imported-" + name + ".yaml").toString()}, new PrintWriter(out),
            new PrintWriter(new StringWriter()))).isZero();
        continue;
      }
      assertThat(code).as(name + kind + ": " + err).isEqualTo(2);
      assertThat(err.toString()).startsWith("vfio-policy: " + f).doesNotContain("\tat ")
          .doesNotContain("Exception");
    }
  }
}
