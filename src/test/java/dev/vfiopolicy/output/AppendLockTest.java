package dev.vfiopolicy.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vfiopolicy.CliRun;
import dev.vfiopolicy.app.OutputFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 6: concurrent {@code population import --append -o fleet.yaml} lost hosts (2 of
 * 5 trials): each read the file before the other had replaced it. Appends now wait for each
 * other.
 */
class AppendLockTest {
  static final String LSPCI = Path.of("src/test/resources/importer/lspci-nn.txt").toString();

  static String[] append(Path fleet, String name) {
    return new String[] {"population", "import", "--lspci", LSPCI, "--no-pci-ids", "--name",
        name, "--append", "-o", fleet.toString()};
  }

  static List<String> hosts(Path fleet) throws Exception {
    return Files.readAllLines(fleet).stream().filter(l -> l.startsWith("  - name: "))
        .map(l -> l.substring("  - name: ".length()).replace("\"", "")).sorted().toList();
  }

  @Test
  void concurrentAppendsInOneProcessKeepEveryHost(@TempDir Path dir) throws Exception {
    Path fleet = dir.resolve("fleet.yaml");
    ExecutorService pool = Executors.newFixedThreadPool(6);
    Locale locale = Locale.getDefault(); // each run pins and restores it
    try {
      List<Future<CliRun>> runs = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String name = "host-" + (char) ('a' + i);
        names.add(name);
        Callable<CliRun> run = () -> CliRun.of(append(fleet, name));
        runs.add(pool.submit(run));
      }
      for (Future<CliRun> f : runs) {
        CliRun r = f.get(120, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.err()).isZero();
      }
      assertThat(hosts(fleet)).containsExactlyElementsOf(names);
    } finally {
      pool.shutdownNow();
      Locale.setDefault(locale);
    }
  }

  /**
   * Across processes: while this process holds the file, another's append waits (the kernel
   * lists it as blocked in /proc/locks) and goes on once the lock is released.
   */
  @Test
  void anAppendInAnotherProcessWaitsForTheLock(@TempDir Path dir) throws Exception {
    Path fleet = dir.resolve("fleet.yaml");
    assertThat(CliRun.of(append(fleet, "first")).code()).isZero();
    Process p;
    OutputFile.Lock held = OutputFile.of(fleet, "-o").lockForUpdate();
    try {
      p = new ProcessBuilder(Child.tool(append(fleet, "second")))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!blockedOnALock(p.pid()) && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(p.isAlive()).as("waits while the file is held").isTrue();
      assertThat(blockedOnALock(p.pid())).isTrue();
      assertThat(hosts(fleet)).containsExactly("first");
    } finally {
      held.close();
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes(),
        StandardCharsets.UTF_8)).isZero();
    assertThat(hosts(fleet)).containsExactly("first", "second");
  }

  /** /proc/locks marks a process waiting for a lock with "->". */
  static boolean blockedOnALock(long pid) throws IOException {
    assumeTrue(Files.isReadable(Path.of("/proc/locks")), "needs /proc/locks");
    for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
      String[] f = line.trim().split("\\s+");
      if (f.length > 5 && f[1].equals("->") && f[5].equals(Long.toString(pid))) {
        return true;
      }
    }
    return false;
  }
}
