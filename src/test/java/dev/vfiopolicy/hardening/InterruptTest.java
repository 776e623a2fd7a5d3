package dev.vfiopolicy.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An interrupted run (SIGTERM, as Ctrl-C's SIGINT) leaves the earlier report as it was. */
class InterruptTest {
  private static Process start(Path out, String... extra) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Djava.awt.headless=true",
        "-cp", System.getProperty("java.class.path"), "dev.vfiopolicy.cli.Main", "report",
        "--out", out.toString()));
    cmd.addAll(List.of(extra));
    return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static List<String> temporaries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
    }
  }

  @Test
  void interruptedRunLeavesTheEarlierReportAndNoTemporaries(@TempDir Path dir)
      throws Exception {
    Process first = start(dir, "--hosts", "100");
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isZero();
    String before = Files.readString(dir.resolve("summary.csv"));
    Process second = start(dir, "--hosts", "50000", "--seed", "9", "--detail");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (temporaries(dir).stream().noneMatch(n -> n.startsWith(".vfio-policy-devices.csv"))
        && System.nanoTime() < deadline && second.isAlive()) {
      Thread.sleep(20);
    }
    assertThat(second.isAlive()).as("still writing devices.csv").isTrue();
    second.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
    assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(dir.resolve("summary.csv"))).isEqualTo(before);
    assertThat(dir.resolve("devices.csv")).doesNotExist();
    assertThat(temporaries(dir)).isEmpty();
    assertThat(new File(dir.toFile(), "report.txt")).exists();
  }
}
