package dev.vfiopolicy.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.CliRun;
import dev.vfiopolicy.app.OutputFiles;
import dev.vfiopolicy.app.ReportJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report --out DIR} holds the files of one run, never a mix: files an earlier run wrote
 * and this one does not are removed (and only those), a second run at the same time is refused,
 * and temporaries that a killed run left are removed by the next.
 */
class FolderCommitTest {
  static Map<String, String> files(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        out.put(p.getFileName().toString(), Files.isRegularFile(p) ? Files.readString(p) : "");
      }
    }
    return out;
  }

  /** Issue 12 item 4: the devices.csv of a --detail run stayed beside the next run's files. */
  @Test
  void filesOfAnEarlierRunThatThisRunDoesNotWriteAreRemovedButNotTheUsersOwn(@TempDir Path d)
      throws IOException {
    Path out = d.resolve("r");
    assertThat(CliRun.of("report", "--hosts", "20", "--detail", "--out", out.toString()).code())
        .isZero();
    assertThat(out.resolve("devices.csv")).exists();
    assertThat(out.resolve("claims.txt")).exists();
    Files.writeString(out.resolve("notes.txt"), "my notes\n");
    Files.writeString(out.resolve("devices.csv.bak"), "my copy\n");
    Files.writeString(out.resolve(".other.tmp"), "not the tool's\n");

    // Narrower: no devices.csv, and no claims.txt (the claims read every scenario).
    CliRun r = CliRun.of("report", "--hosts", "20", "--scenario", "linux-6.6", "--out",
        out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Map<String, String> after = files(out);
    assertThat(after.keySet()).containsExactly(".other.tmp", ".vfio-policy", "devices.csv.bak",
        "notes.txt", "report.email.txt", "report.html", "report.json", "report.md",
        "report.txt", "summary-kinds.csv", "summary-vms.csv", "summary.csv");
    assertThat(after.get("notes.txt")).isEqualTo("my notes\n");
    assertThat(after.get("report.txt")).isEqualTo(r.out());
    assertThat(after.get(".vfio-policy").lines().filter(l -> !l.startsWith("#")))
        .containsExactly("report.txt", "report.md", "report.json", "summary.csv",
            "summary-vms.csv", "summary-kinds.csv", "report.email.txt", "report.html");
  }

  /** A folder an older version wrote (no record of it) is taken over by the file names. */
  @Test
  void aFolderWithoutARecordLosesOnlyFilesWithTheToolsNames(@TempDir Path out)
      throws IOException {
    Files.writeString(out.resolve("devices.csv"), "scenario,policy,use_case,host\n");
    Files.writeString(out.resolve("claims.txt"), "Claims from the thread, old\n");
    Files.writeString(out.resolve("README"), "mine\n");
    assertThat(CliRun.of("report", "--hosts", "20", "--scenario", "linux-6.6", "--out",
        out.toString()).code()).isZero();
    assertThat(out.resolve("devices.csv")).doesNotExist();
    assertThat(out.resolve("claims.txt")).doesNotExist();
    assertThat(out.resolve("README")).hasContent("mine");
  }

  /** Issue 14 item 6: two runs into one folder at once could leave a mix, both exiting 0. */
  @Test
  void aSecondRunIntoAFolderBeingWrittenIsRefused(@TempDir Path out) throws IOException {
    try (OutputFiles held = OutputFiles.folder(out, "--out", ReportJob.FILES)) {
      CliRun r = CliRun.of("report", "--hosts", "10", "--out", out.toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).isEqualTo("vfio-policy: --out " + out + ": another vfio-policy run is"
          + " writing this folder; wait for it to finish, or give another folder\n");
      held.put("report.txt", "held\n");
      held.commit();
    }
    assertThat(CliRun.of("report", "--hosts", "10", "--out", out.toString()).code()).isZero();
  }

  @Test
  void concurrentRunsLeaveTheWholeSetOfOneOfThem(@TempDir Path d) throws Exception {
    Path out = d.resolve("r");
    Map<String, Map<String, String>> alone = new TreeMap<>();
    for (String seed : List.of("1", "2", "3")) {
      Path solo = d.resolve("solo-" + seed);
      assertThat(CliRun.of("report", "--hosts", "30", "--seed", seed, "--out", solo.toString())
          .code()).isZero();
      alone.put(seed, files(solo));
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    java.util.Locale locale = java.util.Locale.getDefault(); // each run pins and restores it
    try {
      for (int round = 0; round < 2; round++) {
        List<Future<CliRun>> runs = new ArrayList<>();
        for (String seed : alone.keySet()) {
          Callable<CliRun> run = () -> CliRun.of("report", "--hosts", "30", "--seed", seed,
              "--out", out.toString());
          runs.add(pool.submit(run));
        }
        int ok = 0;
        for (Future<CliRun> f : runs) {
          CliRun r = f.get(60, TimeUnit.SECONDS);
          assertThat(r.code()).as(r.err()).isIn(0, 2);
          ok += r.code() == 0 ? 1 : 0;
        }
        assertThat(ok).isPositive();
        Map<String, String> now = files(out);
        assertThat(alone.values()).as("round " + round + ": the folder is one run's set")
            .contains(now);
      }
    } finally {
      pool.shutdownNow();
      java.util.Locale.setDefault(locale);
    }
  }

  /**
   * Issue 14 item 6: a SIGKILL leaves temporaries no hook removes; the next run into the folder
   * removes them, and nothing else.
   */
  @Test
  void temporariesOfAKilledRunAreRemovedByTheNextRun(@TempDir Path out) throws Exception {
    assertThat(CliRun.of("report", "--hosts", "20", "--out", out.toString()).code()).isZero();
    String before = Files.readString(out.resolve("summary.csv"));
    Process p = new ProcessBuilder(Child.tool("report", "--hosts", "50000", "--seed", "9",
        "--detail", "--out", out.toString()))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (temporaries(out).stream().noneMatch(n -> n.startsWith(".vfio-policy-devices.csv"))
        && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(p.isAlive()).as("still writing devices.csv").isTrue();
    p.destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    List<String> left = temporaries(out);
    assertThat(left).as("a killed run leaves its temporaries").isNotEmpty();
    assertThat(Files.readString(out.resolve("summary.csv"))).isEqualTo(before);
    assertThat(out.resolve("devices.csv")).doesNotExist();
    // Killed runs' temporaries are old by the time anyone looks; a run still starting is not.
    for (String n : left) {
      Files.setLastModifiedTime(out.resolve(n),
          FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    }
    Files.writeString(out.resolve(".mine.tmp"), "mine\n");
    Files.writeString(out.resolve("vfio-policy-notes.tmp"), "mine\n");

    assertThat(CliRun.of("report", "--hosts", "20", "--out", out.toString()).code()).isZero();
    assertThat(temporaries(out)).containsExactlyInAnyOrder(".mine.tmp", "vfio-policy-notes.tmp");
  }

  /** A temporary of a run that is alive (its lock held) is never removed. */
  @Test
  void aLiveRunsTemporaryIsLeftAlone(@TempDir Path out) throws Exception {
    Process p = new ProcessBuilder(Child.tool("population", "generate", "--preset", "mixed",
        "--hosts", "3000000", "-o", out.resolve("big.yaml.gz").toString()))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (temporaries(out).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      List<String> live = temporaries(out);
      assertThat(live).hasSize(1);
      // Even when it looks old (a slow disk, a paused process), its lock says it is alive.
      Files.setLastModifiedTime(out.resolve(live.get(0)),
          FileTime.fromMillis(System.currentTimeMillis() - 60_000));
      assertThat(CliRun.of("population", "generate", "--preset", "mixed", "--hosts", "2", "-o",
          out.resolve("small.yaml").toString()).code()).isZero();
      assertThat(p.isAlive()).as("still writing big.yaml").isTrue();
      assertThat(temporaries(out)).containsExactlyElementsOf(live);
    } finally {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  static List<String> temporaries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
    }
  }
}
