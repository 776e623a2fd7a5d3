package dev.vfiopolicy.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vfiopolicy.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every option that names an output refuses what is not a new path or a regular file (a folder
 * for --out): exit 2, one message naming the option, and the thing named left exactly as it was.
 * The same checks for every command, since they live in one place (app/OutputFile, OutputFiles).
 */
class OutputTargetsTest {
  @TempDir static Path dir;

  /** A command writing one file, the option that names it, and its arguments for a target. */
  record FileCommand(String option, Function<String, String[]> args) {
    @Override
    public String toString() {
      return String.join(" ", args.apply("T"));
    }
  }

  static final String LSPCI = Path.of("src/test/resources/importer/lspci-nn.txt").toString();

  static List<FileCommand> fileCommands() {
    return List.of(
        new FileCommand("-o", t -> new String[] {"population", "generate", "--preset", "mixed",
            "--hosts", "3", "-o", t}),
        new FileCommand("--csv", t -> new String[] {"sweep", "--vary", "nosnoop-share=0..0:1",
            "--hosts", "5", "--csv", t}),
        new FileCommand("-o", t -> new String[] {"population", "import", "--lspci", LSPCI,
            "--no-pci-ids", "-o", t}));
  }

  /** A target made in the temporary folder, and a check that it is still as it was. */
  interface Made {
    Path make(Path where) throws IOException;
  }

  static Stream<Arguments> badFiles() {
    List<Arguments> out = new ArrayList<>();
    for (FileCommand c : fileCommands()) {
      out.add(Arguments.of(c, "empty", (Made) w -> Path.of("")));
      out.add(Arguments.of(c, "root", (Made) w -> Path.of("/")));
      out.add(Arguments.of(c, "folder", (Made) w -> Files.createDirectories(w.resolve("d.csv"))));
      out.add(Arguments.of(c, "folder with a slash",
          (Made) w -> Path.of(Files.createDirectories(w.resolve("e.yaml")) + "/")));
      out.add(Arguments.of(c, "link to a file", (Made) w -> Files.createSymbolicLink(
          w.resolve("l.yaml"), Files.writeString(w.resolve("real.yaml"), "mine\n"))));
      out.add(Arguments.of(c, "dangling link", (Made) w -> Files.createSymbolicLink(
          w.resolve("dl.yaml"), w.resolve("nowhere.yaml"))));
      out.add(Arguments.of(c, "fifo", (Made) w -> special(w.resolve("f.yaml"), "mkfifo")));
      out.add(Arguments.of(c, "character device", (Made) w -> special(w.resolve("n.yaml"),
          "mknod", "c", "1", "3")));
      out.add(Arguments.of(c, "under /proc", (Made) w -> Path.of("/proc/vfio-policy-x.yaml")));
      out.add(Arguments.of(c, "a /proc file", (Made) w -> Path.of("/proc/version")));
      out.add(Arguments.of(c, "under /sys", (Made) w -> Path.of("/sys/vfio-policy-x.csv")));
      out.add(Arguments.of(c, "missing folder", (Made) w -> w.resolve("no/such/p.yaml")));
    }
    return out.stream();
  }

  /** mkfifo and mknod, in the temporary folder only; skipped where they cannot run. */
  static Path special(Path p, String... cmd) throws IOException {
    List<String> all = new ArrayList<>(List.of(cmd[0], p.toString()));
    all.addAll(List.of(cmd).subList(1, cmd.length));
    try {
      Process pr = new ProcessBuilder(all).redirectErrorStream(true).start();
      assumeTrue(pr.waitFor(10, TimeUnit.SECONDS) && pr.exitValue() == 0,
          String.join(" ", cmd) + " is not allowed here");
    } catch (InterruptedException e) {
      throw new IOException(e);
    }
    return p;
  }

  /** What a path is, link not followed, in enough detail to see that nothing replaced it. */
  static String state(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return "absent";
    }
    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class,
        LinkOption.NOFOLLOW_LINKS);
    String kind = a.isSymbolicLink() ? "link to " + Files.readSymbolicLink(p)
        : a.isDirectory() ? "folder" : a.isRegularFile() ? "file " + Files.readString(p)
        : "special";
    Object rdev = Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
    Object ino = Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    return kind + " rdev " + rdev + " ino " + ino;
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badFiles")
  void fileTargetsThatAreNotNewOrRegularAreRefused(FileCommand c, String what, Made made)
      throws IOException {
    Path w = Files.createTempDirectory(dir, "t");
    Path target = made.make(w);
    boolean local = target.startsWith(w);
    String before = local ? state(target) : null;
    CliRun r = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> CliRun.of(c.args().apply(target.toString())));
    assertThat(r.code()).as(what + ": " + r.err()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    String first = r.err().lines().findFirst().orElse("");
    assertThat(first).as(what).startsWith("vfio-policy: " + c.option())
        .doesNotContain("Exception");
    assertThat(r.err()).doesNotContain("\tat ");
    if (local) {
      assertThat(state(target)).as(what + " left as it was").isEqualTo(before);
      Path real = w.resolve("real.yaml");
      if (Files.exists(real)) {
        assertThat(Files.readString(real)).as("not written through the link").isEqualTo("mine\n");
      }
      try (Stream<Path> s = Files.list(w)) {
        assertThat(s.map(p -> p.getFileName().toString()))
            .as("no temporaries").noneMatch(n -> n.endsWith(".tmp"));
      }
    }
  }

  static Stream<Arguments> badFolders() {
    return Stream.of(
        Arguments.of("empty", (Made) w -> Path.of("")),
        Arguments.of("root", (Made) w -> Path.of("/")),
        Arguments.of("a file", (Made) w -> Files.writeString(w.resolve("a-file"), "mine\n")),
        Arguments.of("link to a folder", (Made) w -> Files.createSymbolicLink(w.resolve("ln"),
            Files.createDirectories(w.resolve("real")))),
        Arguments.of("fifo", (Made) w -> special(w.resolve("fifo"), "mkfifo")),
        Arguments.of("character device", (Made) w -> special(w.resolve("null"), "mknod", "c",
            "1", "3")),
        Arguments.of("/proc", (Made) w -> Path.of("/proc")),
        Arguments.of("under /proc", (Made) w -> Path.of("/proc/vfio-policy-out")),
        Arguments.of("under /sys", (Made) w -> Path.of("/sys/kernel/vfio-policy-out")));
  }

  @ParameterizedTest(name = "report --out {0}")
  @MethodSource("badFolders")
  void outFoldersThatAreNotFoldersAreRefused(String what, Made made) throws IOException {
    Path w = Files.createTempDirectory(dir, "o");
    Path target = made.make(w);
    boolean local = target.startsWith(w);
    String before = local ? state(target) : null;
    CliRun r = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> CliRun.of("report", "--hosts", "5", "--out", target.toString()));
    assertThat(r.code()).as(what + ": " + r.err()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("vfio-policy: --out").doesNotContain("Exception");
    if (local) {
      assertThat(state(target)).isEqualTo(before);
    }
  }

  /** Issue 14: report.json a non-empty folder made a half-committed folder and exit 1. */
  @Test
  void aFileOfTheSetThatIsAFolderOrLinkIsRefusedBeforeAnyWork(@TempDir Path w)
      throws IOException {
    Path out = w.resolve("r");
    assertThat(CliRun.of("report", "--hosts", "20", "--out", out.toString()).code()).isZero();
    String summary = Files.readString(out.resolve("summary.csv"));
    Files.delete(out.resolve("report.json"));
    Files.createDirectories(out.resolve("report.json"));
    Files.writeString(out.resolve("report.json").resolve("keep"), "x");
    CliRun r = CliRun.of("report", "--hosts", "20", "--seed", "7", "--out", out.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("vfio-policy: --out " + out + ": report.json there is a"
        + " folder, not a file; vfio-policy would have to replace it: move it away\n");
    assertThat(Files.readString(out.resolve("summary.csv"))).isEqualTo(summary);
    assertThat(out.resolve("report.json").resolve("keep")).exists();

    Files.delete(out.resolve("report.json").resolve("keep"));
    Files.delete(out.resolve("report.json"));
    Path mine = Files.writeString(w.resolve("mine.txt"), "mine\n");
    Files.createSymbolicLink(out.resolve("devices.csv"), mine);
    CliRun link = CliRun.of("report", "--hosts", "20", "--detail", "--out", out.toString());
    assertThat(link.code()).isEqualTo(2);
    assertThat(link.err()).contains("devices.csv there is a symbolic link");
    assertThat(Files.readString(mine)).isEqualTo("mine\n");
  }

  /** Issue 12: output-path errors were internal errors (exit 1). */
  @Test
  void theMessagesSayWhatIsWrong(@TempDir Path w) throws IOException {
    Files.createDirectories(w.resolve("dir"));
    assertThat(CliRun.of("population", "generate", "--preset", "mixed", "-o",
        w.resolve("dir").toString()).err())
        .isEqualTo("vfio-policy: -o " + w.resolve("dir") + ": is a folder; give a file name\n");
    assertThat(CliRun.of("sweep", "--vary", "nosnoop-share=0..0:1", "--csv", "/").err())
        .isEqualTo("vfio-policy: --csv /: is the root folder; give a file name\n");
    assertThat(CliRun.of("sweep", "--vary", "nosnoop-share=0..0:1", "--csv", "/proc/x.csv")
        .err()).isEqualTo("vfio-policy: --csv /proc/x.csv: is under /proc, which belongs to the"
            + " kernel; give a path on a disk\n");
    assertThat(CliRun.of("population", "generate", "--preset", "mixed", "-o", "").err())
        .startsWith("vfio-policy: -o: the value is empty; expected FILE\n");
    Path link = Files.createSymbolicLink(w.resolve("out.yaml"), Path.of("/proc/self/fd/1"));
    assertThat(CliRun.of("population", "import", "--lspci", LSPCI, "-o", link.toString())
        .err()).startsWith("vfio-policy: -o " + link + ": is a symbolic link; vfio-policy does"
            + " not write through links");
    assertThat(CliRun.of("population", "generate", "--preset", "mixed", "-o",
        w.resolve("none/p.yaml").toString()).err())
        .isEqualTo("vfio-policy: -o " + w.resolve("none/p.yaml") + ": the folder "
            + w.resolve("none") + " does not exist\n");
  }
}
