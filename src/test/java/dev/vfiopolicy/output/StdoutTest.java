package dev.vfiopolicy.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vfiopolicy.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Writes to standard output are checked (issue 14 item 2): {@code report > /dev/full} exited 0,
 * and a report cut at 64 KiB by a full disk too. A failed write is exit 2 with a message; a
 * reader that stops reading ({@code | head -1}) ends the run quietly.
 */
class StdoutTest {
  /** Standard output on a disk that fills after {@code room} characters. */
  static final class FullAfter extends Writer {
    private final String error;
    private long room;
    final StringBuilder written = new StringBuilder();

    FullAfter(long room, String error) {
      this.room = room;
      this.error = error;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
      if (len > room) {
        written.append(buf, off, (int) room);
        room = 0;
        throw new IOException(error);
      }
      written.append(buf, off, len);
      room -= len;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  record Run(int code, String err, String out) {}

  static Run run(Writer out, String... args) {
    StringWriter err = new StringWriter();
    int code = Main.run(args, out, new PrintWriter(err));
    return new Run(code, err.toString(), out instanceof FullAfter f ? f.written.toString() : "");
  }

  static Stream<Arguments> commands() {
    return Stream.<String[]>of(
        new String[] {"report", "--hosts", "20"},
        new String[] {"report", "--hosts", "20", "--format", "html"},
        new String[] {"sweep", "--vary", "nosnoop-share=0..0.2:0.1", "--hosts", "20"},
        new String[] {"claims", "--hosts", "20"},
        new String[] {"diff", "hide-non-snoop", "upstream-merged", "--hosts", "20"},
        new String[] {"policies", "list"},
        new String[] {"scenarios", "list"},
        new String[] {"--help"},
        new String[] {"report", "--help"},
        new String[] {"report", "--version"},
        new String[] {"help", "sweep"},
        new String[] {"completion", "bash"}).map(a -> Arguments.of((Object) a));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void aFullDiskBehindStandardOutputIsExitTwoWithAMessage(String[] args) {
    Run r = run(new FullAfter(0, "No space left on device"), args);
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("vfio-policy: cannot write to standard output: No space left"
        + " on device\n");
  }

  @Test
  void aReportCutPartWayIsNoSuccess() {
    Run r = run(new FullAfter(64 * 1024, "No space left on device"), "report", "--hosts", "200",
        "--format", "html");
    assertThat(r.out()).hasSize(64 * 1024);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("cannot write to standard output");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void aClosedPipeEndsQuietly(String[] args) {
    Run r = run(new FullAfter(10, "Broken pipe"), args);
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void aFailedCommandKeepsItsOwnExitCode() {
    Run r = run(new FullAfter(0, "No space left on device"), "report", "--hosts", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("vfio-policy: --hosts");
  }

  /** End to end: a real pipe whose reader has gone, as with {@code | head -1}. */
  @Test
  void aRealClosedPipeEndsQuietlyWithExitZero() throws Exception {
    Process p = new ProcessBuilder(Child.tool("report", "--hosts", "300", "--format", "html"))
        .start();
    p.getInputStream().close(); // the reader leaves before the first byte
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(err).isEmpty();
    assertThat(p.exitValue()).isZero();
  }

  /**
   * End to end: standard output redirected to a file that cannot grow past 4 KiB (bash's
   * {@code ulimit -f}: the write fails with EFBIG, as on a full disk, and nothing under /dev is
   * touched).
   */
  @Test
  void aRealFailedWriteIsExitTwo(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash for ulimit");
    Path file = dir.resolve("report.txt");
    Process p = new ProcessBuilder(Child.withFileLimit(4, Child.tool("report", "--hosts",
        "200"))).redirectOutput(file.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(err).isEqualTo("vfio-policy: cannot write to standard output: File too large\n");
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(Files.size(file)).isEqualTo(4096);
  }

  /** The tests above would prove nothing if the in-process runner could not see a failure. */
  @Test
  void aWriterThatWorksIsNoFailure() {
    StringWriter sw = new StringWriter();
    assertThat(Main.run(new String[] {"policies", "list"}, sw, new StringWriter())).isZero();
    assertThat(sw.toString().lines().toList()).hasSize(4);
  }
}
