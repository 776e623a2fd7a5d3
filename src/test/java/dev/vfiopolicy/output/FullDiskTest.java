package dev.vfiopolicy.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vfiopolicy.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills while the tool writes: exit 2 naming the option, the earlier output as it
 * was, no temporaries left. The child process runs under bash's {@code ulimit -f}, so its writes
 * past the limit fail with EFBIG as they would with ENOSPC; no real disk is filled.
 */
class FullDiskTest {
  @BeforeAll
  static void needsBash() {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash for ulimit");
  }

  record Result(int code, String err) {}

  static Result runLimited(int kib, String... args) throws Exception {
    Process p = new ProcessBuilder(Child.withFileLimit(kib, Child.tool(args)))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void reportOutOnAFullDiskKeepsTheEarlierReport(@TempDir Path out) throws Exception {
    assertThat(CliRun.of("report", "--hosts", "20", "--out", out.toString()).code()).isZero();
    String json = Files.readString(out.resolve("report.json"));
    List<String> before = names(out);
    Result r = runLimited(32, "report", "--hosts", "200", "--seed", "3", "--out",
        out.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).matches("vfio-policy: --out " + out + ": cannot write report\\.\\w+:"
        + " File too large; the earlier files are untouched\n");
    assertThat(Files.readString(out.resolve("report.json"))).isEqualTo(json);
    assertThat(names(out)).isEqualTo(before);
  }

  @Test
  void aSingleFileOnAFullDiskKeepsTheEarlierFile(@TempDir Path dir) throws Exception {
    Path pop = dir.resolve("pop.yaml");
    assertThat(CliRun.of("population", "generate", "--preset", "mixed", "--hosts", "3", "-o",
        pop.toString()).code()).isZero();
    String earlier = Files.readString(pop);
    Result r = runLimited(16, "population", "generate", "--preset", "mixed", "--hosts", "500",
        "-o", pop.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("vfio-policy: -o " + pop + ": cannot write: File too large;"
        + " the earlier file is untouched\n");
    assertThat(Files.readString(pop)).isEqualTo(earlier);

    Path csv = dir.resolve("sweep.csv");
    Result s = runLimited(2, "sweep", "--vary", "nosnoop-share=0..1:0.1", "--hosts", "20",
        "--csv", csv.toString());
    assertThat(s.code()).isEqualTo(2);
    assertThat(s.err()).isEqualTo("vfio-policy: --csv " + csv + ": cannot write: File too"
        + " large; nothing was written\n");
    assertThat(names(dir)).containsExactly("pop.yaml");
  }
}
