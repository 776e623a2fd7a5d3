package dev.vfiopolicy.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.cli.Main;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Population files that are too large in one dimension, broken part-way, or merely unusual:
 * each is exit 2 with one message naming the file (and the limit, and how to raise it), the same
 * for every format; memory cases run in a child JVM at -Xmx256m.
 */
class PopulationLimitsTest {
  @TempDir Path dir;

  static final String CSV_HEADER = "host,arch,iommu,iommu_type,cache_coherency,"
      + "enforce_cache_coherency,scalable_mode,nesting,dirty_tracking,device,bdf,bus,class,vendor,"
      + "group,no_snoop\n";

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  /** The tool in a JVM of its own with a small heap: an OutOfMemoryError there is a failure. */
  static Run child(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
        "-cp", System.getProperty("java.class.path"), "dev.vfiopolicy.cli.Main"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("no answer in 120 s: " + cmd);
    }
    return new Run(p.exitValue(), "", err);
  }

  private static void assertRefused(Run r, String file, String... words) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("vfio-policy: " + file).doesNotContain("\tat ")
        .doesNotContain("Exception").doesNotContain("null");
    assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    for (String w : words) {
      assertThat(r.err()).contains(w);
    }
  }

  private Path write(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  private Path gzip(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return f;
  }

  private static String jsonHost(String name) {
    return "{\"name\":\"" + name + "\",\"arch\":\"x86_64\",\"devices\":[{\"name\":\"d\","
        + "\"class\":\"nic\",\"vendor\":\"8086\",\"iommu\":\"none\",\"group\":0}]}\n";
  }

  @Test
  @Timeout(300)
  void longHostNamesAreRefusedBeforeTheyFillTheHeap() throws Exception {
    // 4,000 hosts with 100 KB names: a few hundred KB gzipped, 400 MB of names.
    Path f = dir.resolve("names.jsonl.gz");
    try (Writer w = new java.io.OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(f)),
        StandardCharsets.UTF_8)) {
      String a = "a".repeat(100_000);
      for (int i = 0; i < 4000; i++) {
        w.write(jsonHost(a + i));
      }
    }
    assertRefused(child(dir, "report", "--population", "names.jsonl.gz"), "names.jsonl.gz:1",
        "host name", "limit of 1024", "-Dvfio-policy.max-host-name=");
  }

  @Test
  @Timeout(300)
  void oneYamlHostWithTwoHundredThousandDevicesIsRefusedWhileParsed() throws Exception {
    StringBuilder sb = new StringBuilder("hosts:\n  - name: h\n    arch: x86_64\n    devices:\n");
    for (int i = 0; i < 200_000; i++) {
      sb.append("      - {name: d").append(i)
          .append(", class: nic, vendor: \"8086\", iommu: none, group: ").append(i).append("}\n");
    }
    write("big.yaml", sb.toString());
    assertRefused(child(dir, "report", "--population", "big.yaml"), "big.yaml:2",
        "-Dvfio-policy.max-host-values=");
  }

  @Test
  @Timeout(300)
  void oneCsvHostWithAMillionRowsIsRefusedAtTheLimit() throws Exception {
    Path f = dir.resolve("big.csv");
    try (Writer w = Files.newBufferedWriter(f)) {
      w.write(CSV_HEADER);
      for (int i = 0; i < 1_000_000; i++) {
        w.write("h,x86_64,none,,,,,,,d" + i + ",,pci,nic,8086," + i + ",false\n");
      }
    }
    assertRefused(child(dir, "report", "--population", "big.csv"), "big.csv:16386",
        "more than 16384 devices", "-Dvfio-policy.max-devices-per-host=");
  }

  @Test
  void devicesPerHostAreLimitedInYamlAndBoundedByTheLineInJsonLines() throws Exception {
    StringBuilder yaml = new StringBuilder("hosts:\n  - name: h\n    arch: x86_64\n    devices:\n");
    StringBuilder json = new StringBuilder("{\"name\":\"h\",\"arch\":\"x86_64\",\"devices\":[");
    for (int i = 0; i < 16_385; i++) {
      yaml.append("      - {name: d").append(i)
          .append(", class: nic, vendor: \"8086\", iommu: none, group: 0}\n");
      json.append(i == 0 ? "" : ",").append("{\"name\":\"d").append(i)
          .append("\",\"class\":\"nic\",\"vendor\":\"8086\",\"iommu\":\"none\",\"group\":0}");
    }
    Path y = write("many.yaml", yaml.toString());
    Path j = write("many.jsonl", json + "]}\n");
    assertRefused(run("report", "--population", y.toString()), y + ":5:",
        "host 'h' has more than 16384 devices", "-Dvfio-policy.max-devices-per-host=");
    // One host per line, and a line is at most 1 MiB: that bounds a JSON host's devices.
    assertRefused(run("report", "--population", j.toString()), j + ":1:",
        "longer than 1 MiB");
  }

  @Test
  void readErrorsAreBadInputForEveryFormat() throws Exception {
    for (String format : List.of("yaml", "jsonl", "csv")) {
      String text = switch (format) {
        case "yaml" -> "hosts:\n  - " + jsonHost("h").strip() + "\n";
        case "jsonl" -> jsonHost("h");
        default -> CSV_HEADER + "h,x86_64,none,,,,,,,d,,pci,nic,8086,0,false\n";
      };
      StringBuilder many = new StringBuilder(text);
      for (int i = 0; i < 2000; i++) {
        many.append(switch (format) {
          case "yaml" -> "  - " + jsonHost("h" + i).strip() + "\n";
          case "jsonl" -> jsonHost("h" + i);
          default -> "h" + i + ",x86_64,none,,,,,,,d,,pci,nic,8086," + i + ",false\n";
        });
      }
      Path whole = gzip("whole." + format + ".gz", many.toString());
      byte[] bytes = Files.readAllBytes(whole);
      Path cut = dir.resolve("cut." + format + ".gz");
      Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
      assertRefused(run("report", "--population", cut.toString()), cut.toString(),
          "cannot read", "ends early");
      Path corrupt = dir.resolve("corrupt." + format + ".gz");
      byte[] bad = bytes.clone();
      for (int i = 40; i < bad.length - 40; i += 7) {
        bad[i] ^= 0x5a;
      }
      Files.write(corrupt, bad);
      Run r = run("report", "--population", corrupt.toString());
      assertRefused(r, corrupt.toString());
      Path folder = Files.createDirectory(dir.resolve("folder." + format));
      assertRefused(run("report", "--population", folder.toString()), folder.toString(),
          "directory");
    }
  }

  @Test
  void aGzipFileThatExpandsFarBeyondAnyPopulationIsRefused() throws Exception {
    // 80 MiB of line ends in about 80 KB: every line is short, so only the expansion limit stops
    // it (a real population file expands 50 to 100 times).
    Path f = dir.resolve("bomb.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
      byte[] lines = new byte[1 << 20];
      java.util.Arrays.fill(lines, (byte) '\n');
      for (int i = 0; i < 80; i++) {
        out.write(lines);
      }
    }
    assertRefused(run("report", "--population", f.toString()), f.toString(),
        "expands more than 300 times", "-Dvfio-policy.max-gzip-ratio=");
  }

  @Test
  void aJsonLinesFileOfBlankLinesIsRefusedLikeAnEmptyOne() throws Exception {
    Path empty = write("empty.jsonl", "");
    Path blank = write("blank.jsonl", "\n  \n\t\n");
    assertRefused(run("report", "--population", empty.toString()), empty.toString(),
        "expected one JSON host per line");
    assertRefused(run("report", "--population", blank.toString()), blank.toString(),
        "expected one JSON host per line");
  }

  @Test
  void csvRefusesTwoDevicesWithOneBdfLikeTheOtherForms() throws Exception {
    Path f = write("dup.csv", CSV_HEADER
        + "h,x86_64,none,,,,,,,d1,0000:00:01.0,pci,nic,8086,1,false\n"
        + "h,x86_64,none,,,,,,,d2,0000:00:01.0,pci,nic,8086,2,false\n");
    assertRefused(run("report", "--population", f.toString()), f + ":3:",
        "two devices are called '0000:00:01.0'");
  }

  @Test
  void csvWithAByteOrderMarkReadsAsWithout() throws Exception {
    String body = CSV_HEADER + "h,x86_64,none,,,,,,,d,,pci,nic,8086,0,false\n";
    Path plain = write("plain.csv", body);
    Path bom = write("bom.csv", "\uFEFF" + body);
    Run a = run("report", "--population", plain.toString(), "--format", "csv");
    Run b = run("report", "--population", bom.toString(), "--format", "csv");
    assertThat(b.code()).as(b.err()).isZero();
    assertThat(b.out()).isEqualTo(a.out());
  }

  @Test
  void malformedCsvNamesTheLineAndNeverSaysNull() throws Exception {
    Path f = write("quote.csv", CSV_HEADER + "h,x86_64,none,,,,,,,d,,pci,nic,8086,0,false\n"
        + "h2,x86_64,\"unterminated\n");
    assertRefused(run("report", "--population", f.toString()), f + ":3:", "not valid CSV");
  }

  @Test
  void aControlCharacterIsReportedWhereItIs() throws Exception {
    Path f = write("esc.yaml", "name: x\nhosts:\n  - \u001b[31m\n");
    assertRefused(run("report", "--population", f.toString()), f + ":3:5:",
        "control character 0x1b");
  }

  @Test
  void aPopulationCanBeReadFromAPipe() throws Exception {
    Path fifo = dir.resolve("pop.yaml");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mk.waitFor()).isZero();
    String yaml = "hosts:\n  - " + jsonHost("h").strip() + "\n";
    Thread writer = new Thread(() -> {
      try {
        Files.writeString(fifo, yaml);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    writer.start();
    Run r = run("report", "--population", fifo.toString(), "--format", "json");
    writer.join(10_000);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"population file " + fifo + " sha256:");
  }
}
