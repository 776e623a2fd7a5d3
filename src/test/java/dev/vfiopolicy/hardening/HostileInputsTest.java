package dev.vfiopolicy.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.CliRun;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's hostile inputs on the input side, each as the review reproduced it: policy and claim
 * expressions that would run for hours or exhaust memory, dumps and sysfs trees that would fill
 * the heap or hang. Each ends in exit 2 with one message naming the file, within seconds; where
 * memory is the point the tool runs in a child JVM at -Xmx256m.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileInputsTest {
  @TempDir Path dir;

  // ---- policies ----

  private Path policy(String when) throws IOException {
    String yaml = "id: hostile\ntitle: t\nadvocate: a\nsource: s\n"
        + "defaults: {cdev: expose, coherency-flag: enforced}\n"
        + "rules:\n  - id: bad-rule\n    decision: cdev\n    when: '" + when.replace("'", "''")
        + "'\n    value: hide\n    reason: r\n";
    Path f = dir.resolve("hostile-policy.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void aRegexThatWouldExpandToABillionInstructionsIsRefusedAtValidation() throws Exception {
    Path f = policy("\"aaaa\".matches(\"(((a{1000}){1000}){1000})\")");
    Result r = child(List.of("policies", "validate", f.toString()));
    r.assertRefused(f + ":9:11: policy 'hostile' rule 'bad-rule'", "regex");
    assertThat(r.err).contains("too large");
  }

  @Test
  void aRegexPatternMustBeALiteralAndValid() throws Exception {
    Path f = policy("device.vendor.matches(device.class)");
    refused(CliRun.of("policies", "validate", f.toString()), f, "rule 'bad-rule'",
        "must be a string literal");
    f = policy("matches(device.vendor, \"(8086\")");
    refused(CliRun.of("policies", "validate", f.toString()), f, "rule 'bad-rule'",
        "regex of matches() is not valid");
    f = policy("device.vendor.matches(\"^(8086|10de)$\")");
    assertThat(CliRun.of("policies", "validate", f.toString()).code()).isZero();
  }

  @Test
  void aConditionTypedDynIsRefusedNotAClassCastLater() throws Exception {
    Path f = policy("dyn(device.vendor)");
    refused(CliRun.of("policies", "validate", f.toString()), f, "rule 'bad-rule'",
        "its type is dyn, not bool");
    refused(CliRun.of("report", "--population", "desktop-intel", "--hosts", "5", "--policy",
        f.toString()), f, "rule 'bad-rule'", "dyn");
  }

  // ---- claims ----

  private Path claim(String id, String holdsWhen) throws IOException {
    String yaml = "id: " + id + "\nauthor: a\ndate: d\nmessage_id: m\ncontext: x\nquote: q\n"
        + "verified: seed\nkind: tested\nclaim: c\nholds_when: '"
        + holdsWhen.replace("'", "''") + "'\n";
    Path f = dir.resolve(id + ".yaml");
    Files.writeString(f, yaml);
    return f;
  }

  private static CliRun claims(Path f) {
    return CliRun.of("claims", "--population", "desktop-intel", "--hosts", "20", "--claim",
        f.toString());
  }

  private static String hundred() {
    return IntStream.range(0, 100).mapToObj(Integer::toString)
        .collect(Collectors.joining(",", "[", "]"));
  }

  @Test
  void fiveNestedLoopsOverLiteralListsAreRefusedWhenTheFileLoads() throws Exception {
    String e = "true";
    for (String v : List.of("a", "b", "c", "d", "e")) {
      e = hundred() + ".all(" + v + ", " + e + ")";
    }
    Path f = claim("nested-loops", e);
    refused(claims(f), f, "claim 'nested-loops'", "more than the limit of 10000 iterations");
  }

  @Test
  void loopsOverTheCountsStopAtTheIterationBudget() throws Exception {
    String e = "true";
    for (String v : List.of("a", "b", "c", "d", "e", "f")) {
      e = "use_cases.all(" + v + ", " + e + ")";
    }
    Path f = claim("budget", e);
    CliRun r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(60), () -> claims(f));
    refused(r, f, "claim 'budget'", "loops more than 10000 times");
  }

  @Test
  void aClaimThatLoopsUpToTheBudgetOverTheCountsFinishesInSeconds() throws Exception {
    // 99 * 100 + 99 = 9,999 iterations, each reading counts four levels deep.
    String l99 = IntStream.range(0, 99).mapToObj(Integer::toString)
        .collect(Collectors.joining(",", "[", "]"));
    Path f = claim("near-budget", l99 + ".all(a, " + hundred() + ".all(b, counts[scenarios[0]]"
        + "[policies[0]][use_cases[0]]['broken'] >= 0))");
    CliRun r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(60), () -> claims(f));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("near-budget");
  }

  @Test
  void operationsThatCostAWholeMapPerIterationAreRefusedWhenTheFileLoads() throws Exception {
    List<List<String>> cases = List.of(
        List.of("kinds.all(k, by_kind == by_kind)", "compares whole maps"),
        List.of("[by_kind, 1][0] == [by_kind, 1][0]", "values of mixed type"),
        List.of("by_kind in [by_kind]", "compares whole maps"),
        List.of("size(use_cases + use_cases) > 0", "joins lists"),
        List.of("kinds.all(k, size(k + k) > 0)", "joins strings inside all()/exists()"),
        List.of("dyn(1) > 0", "dyn() is not allowed"));
    int i = 0;
    for (List<String> c : cases) {
      Path f = claim("costly-" + i++, c.get(0));
      refused(claims(f), f, "holds_when is refused", c.get(1));
    }
  }

  @Test
  void nonBoolClaimsAndNonNumericEvidenceAreRefused() throws Exception {
    Path f = claim("dyn-claim", "dyn(1)");
    refused(claims(f), f, "claim 'dyn-claim'", "its type is dyn, not bool");
    Path g = dir.resolve("evidence.yaml");
    Files.writeString(g, Files.readString(claim("evidence", "true"))
        + "evidence:\n  - label: l\n    value: \"'text'\"\n");
    refused(claims(g), g, "claim 'evidence'", "not a number");
  }

  // ---- dumps ----

  @Test
  void aDeviceLineWithSixtyFiveThousandSpacesParsesInLinearTime() throws Exception {
    String spaces = " ".repeat(65_000);
    Path f = dir.resolve("spaces.txt");
    Files.writeString(f, "00:00.0 Host bridge: Intel" + spaces + "Corp\n"
        + "00:02.0 VGA" + spaces + "compatible controller: Intel" + spaces + "x\n"
        + "00:03.0 Audio device: Intel" + spaces + "(rev" + spaces + "x\n");
    CliRun r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(10), () -> CliRun.of("population", "import", "--lspci",
            f.toString(), "--no-pci-ids", "-o", dir.resolve("o.yaml").toString()));
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void aThirtyTwoMegabyteDumpIsRefusedWithTheLimitAndHowToRaiseIt() throws Exception {
    Path f = dir.resolve("big-lspci.txt");
    byte[] line = "00:02.0 VGA compatible controller: Intel Corporation Device [8086:9a49]\n"
        .getBytes(StandardCharsets.US_ASCII);
    try (OutputStream out = Files.newOutputStream(f)) {
      for (long n = 0; n < (32L << 20); n += line.length) {
        out.write(line);
      }
    }
    Result r = child(List.of("population", "import", "--lspci", f.toString(), "--no-pci-ids",
        "-o", dir.resolve("o.yaml").toString()));
    r.assertRefused(f.toString(), "larger than 16 MiB");
    assertThat(r.err).contains("-Dvfiopolicy.import.maxDumpMiB=");
    assertThat(dir.resolve("o.yaml")).doesNotExist();
  }

  @Test
  void aGzipBombIsStoppedAtTheSameLimitUncompressed() throws Exception {
    Path f = dir.resolve("bomb.txt.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
      byte[] blank = new byte[1 << 20];
      java.util.Arrays.fill(blank, (byte) '\n');
      for (int i = 0; i < 64; i++) {
        out.write(blank);
      }
    }
    assertThat(Files.size(f)).isLessThan(1 << 20);
    Result r = child(List.of("population", "import", "--dmesg", f.toString(), "--no-pci-ids",
        "-o", dir.resolve("o.yaml").toString()));
    r.assertRefused(f.toString(), "when uncompressed");
  }

  // ---- sysfs ----

  /** A minimal sysfs tree: one device, real files, a group. */
  private Path sysfs() throws IOException {
    Path sys = dir.resolve("sys");
    Path d = sys.resolve("devices/pci0000:00/0000:00:02.0");
    Files.createDirectories(d);
    Files.writeString(d.resolve("vendor"), "0x8086\n");
    Files.writeString(d.resolve("device"), "0x9a49\n");
    Files.writeString(d.resolve("class"), "0x030000\n");
    Files.createDirectories(sys.resolve("bus/pci/devices"));
    Files.createSymbolicLink(sys.resolve("bus/pci/devices/0000:00:02.0"),
        Path.of("../../../devices/pci0000:00/0000:00:02.0"));
    Path g = sys.resolve("kernel/iommu_groups/0/devices");
    Files.createDirectories(g);
    Files.createSymbolicLink(g.resolve("0000:00:02.0"),
        Path.of("../../../../devices/pci0000:00/0000:00:02.0"));
    Files.createSymbolicLink(d.resolve("iommu_group"), Path.of("../../../kernel/iommu_groups/0"));
    return d;
  }

  /** The attribute as the reader reaches it: through bus/pci/devices. */
  private Path listed(String attribute) {
    return dir.resolve("sys/bus/pci/devices/0000:00:02.0").resolve(attribute);
  }

  private CliRun importSysfs() {
    return org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> CliRun.of("population", "import", "--sysfs", dir.resolve("sys").toString(),
            "--arch", "x86_64", "--no-pci-ids", "-o", dir.resolve("o.yaml").toString()));
  }

  @Test
  void theTreeItselfImports() throws Exception {
    sysfs();
    CliRun r = importSysfs();
    assertThat(r.code()).as(r.err()).isZero();
  }

  /**
   * A zero device (as /dev/zero: major 1, minor 5) made in the temporary folder, so that no test
   * names the machine's own device files; a FIFO where mknod is not allowed (not root), which is
   * just as much not a regular file.
   */
  private static Path zeroDevice(Path where) throws Exception {
    Process p = new ProcessBuilder("mknod", where.toString(), "c", "1", "5")
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      Process f = new ProcessBuilder("mkfifo", where.toString()).start();
      assertThat(f.waitFor()).isZero();
    }
    return where;
  }

  @Test
  void aVendorLinkedToAZeroDeviceIsRefused() throws Exception {
    Path d = sysfs();
    Files.delete(d.resolve("vendor"));
    Files.createSymbolicLink(d.resolve("vendor"), zeroDevice(dir.resolve("zero")));
    refused(importSysfs(), listed("vendor"), "", "a FIFO, device or socket");
  }

  @Test
  void aVendorThatIsAFifoIsRefusedWithoutBlocking() throws Exception {
    Path d = sysfs();
    Files.delete(d.resolve("vendor"));
    Process p = new ProcessBuilder("mkfifo", d.resolve("vendor").toString()).start();
    assertThat(p.waitFor()).isZero();
    refused(importSysfs(), listed("vendor"), "", "a FIFO, device or socket");
  }

  @Test
  void aSparseFourHundredMegabyteConfigIsRefusedWithTheLimit() throws Exception {
    Path d = sysfs();
    try (RandomAccessFile f = new RandomAccessFile(d.resolve("config").toFile(), "rw")) {
      f.setLength(400L << 20);
    }
    refused(importSysfs(), listed("config"), "", "larger than 64 KiB");
  }

  @Test
  void aNegativeVendorOrGroupIsNotWrittenAsAnotherNumber() throws Exception {
    Path d = sysfs();
    Files.writeString(d.resolve("vendor"), "-1\n");
    Path device2 = dir.resolve("sys/devices/pci0000:00/0000:00:03.0");
    Files.createDirectories(device2);
    Files.writeString(device2.resolve("vendor"), "0x8086\n");
    Files.writeString(device2.resolve("device"), "0x1234\n");
    Files.writeString(device2.resolve("class"), "0x020000\n");
    Files.createSymbolicLink(dir.resolve("sys/bus/pci/devices/0000:00:03.0"),
        Path.of("../../../devices/pci0000:00/0000:00:03.0"));
    Files.createDirectories(dir.resolve("sys/kernel/iommu_groups/-7/devices"));
    Files.createSymbolicLink(device2.resolve("iommu_group"),
        Path.of("../../../kernel/iommu_groups/-7"));
    CliRun r = importSysfs();
    assertThat(r.err()).contains("0000:00:02.0: vendor, device or class is not a hex number")
        .contains("iommu_groups/-7: not an IOMMU group number")
        .contains("links to '-7', not an IOMMU group number");
    if (r.code() == 0) {
      String written = Files.readString(dir.resolve("o.yaml"));
      assertThat(written).doesNotContain("ffff").doesNotContain("-7");
      assertThat(CliRun.of("report", "--population", dir.resolve("o.yaml").toString(),
          "--format", "csv").code()).isZero();
    } else {
      assertThat(r.code()).isEqualTo(2);
    }
  }


  // ---- terminal escapes ----

  private static final String ESC = "\u001b";
  private static final String OSC = ESC + "]0;pwned\u0007" + ESC + "[2J";

  private Path population(Path file, String deviceName) throws IOException {
    Files.writeString(file, "hosts:\n  - name: h1\n    arch: x86_64\n    devices:\n"
        + "      - {name: \"" + deviceName.replace("\\", "\\\\").replace("\u001b", "\\e")
            .replace("\u0007", "\\a").replace("\t", "\\t")
        + "\", class: nic, vendor: \"8086\", iommu: none, group: 0}\n");
    return file;
  }

  @Test
  void explainShowsEscapeSequencesFromDeviceNamesEscaped() throws Exception {
    Path pop = population(dir.resolve("pop.yaml"), "nic " + OSC);
    CliRun r = CliRun.of("explain", "--population", pop.toString(), "--host", "h1",
        "--device", "nic " + OSC);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).doesNotContain(ESC).doesNotContain("\u0007").contains("\\x1b]0;pwned");
    CliRun missing = CliRun.of("explain", "--population", pop.toString(), "--host", "h1",
        "--device", "x" + OSC);
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).doesNotContain(ESC).contains("\\x1b");
  }

  @Test
  void reportsShowEscapeSequencesFromPolicyTitlesAndPathsEscaped() throws Exception {
    Path f = dir.resolve("p" + ESC + "[31m.yaml");
    Files.writeString(f, "id: titled\ntitle: \"T " + OSC.replace(ESC, "\\e")
            .replace("\u0007", "\\a") + " \\t tab \\U0001F600\"\nadvocate: a\nsource: s\n"
        + "defaults: {cdev: expose, coherency-flag: enforced}\nrules: []\n");
    for (String format : List.of("text", "email", "markdown")) {
      CliRun r = CliRun.of("report", "--population", "desktop-intel", "--hosts", "5",
          "--policy", f.toString(), "--format", format);
      assertThat(r.code()).as(format + r.err()).isZero();
      assertThat(r.out()).as(format).doesNotContain(ESC).doesNotContain("\u0007")
          .doesNotContain("\t").doesNotContain("??");
      assertThat(r.out()).as(format).contains("\\x1b");
    }
  }

  @Test
  void validateAndImportShowPathsAndNamesEscaped() throws Exception {
    Path f = dir.resolve("v" + OSC + ".yaml");
    Files.copy(Path.of("policies/hide-non-snoop.yaml"), f);
    CliRun v = CliRun.of("policies", "validate", f.toString());
    assertThat(v.code()).as(v.err()).isZero();
    assertThat(v.out()).doesNotContain(ESC).contains("\\x1b]0;pwned");
    Path out = dir.resolve("o" + ESC + ".yaml");
    CliRun r = CliRun.of("population", "import", "--lspci",
        "src/test/resources/importer/lspci-plain.txt", "--no-pci-ids", "--name", "h" + OSC,
        "-o", out.toString());
    assertThat(r.out() + r.err()).doesNotContain(ESC);
  }

  @Test
  void aNewlineInThePopulationPathKeepsTheReproduceLineOneCommand() throws Exception {
    Path pop = population(dir.resolve("a\nb c.yaml"), "nic");
    CliRun r = CliRun.of("report", "--population", pop.toString(), "--format", "markdown");
    assertThat(r.code()).as(r.err()).isZero();
    String md = r.out();
    String block = md.substring(md.indexOf("```sh\n") + 6, md.indexOf("\n```", md.indexOf("```sh")));
    assertThat(block).contains("$'").contains("a\\x0ab\\x20c.yaml'");
    assertThat(block.lines().filter(l -> !l.endsWith("\\")).count()).as(block).isEqualTo(1);
  }

  @Test
  void anEmojiIsNeverCutInHalfByTheEmailWrapper() {
    String emoji = "\uD83D\uDE00".repeat(40);
    String wrapped = dev.vfiopolicy.report.Formats.wrap(emoji, 72, "  ");
    assertThat(wrapped.codePoints().filter(c -> c >= 0xD800 && c <= 0xDFFF).count()).isZero();
  }


  // ---- messages a user can act on ----

  @Test
  void aTruncatedGzipPolicySaysSoNotEofException() throws Exception {
    byte[] whole;
    try (var bytes = new java.io.ByteArrayOutputStream()) {
      try (OutputStream gz = new GZIPOutputStream(bytes)) {
        gz.write(Files.readAllBytes(Path.of("policies/hide-non-snoop.yaml")));
      }
      whole = bytes.toByteArray();
    }
    Path f = dir.resolve("cut.yaml.gz");
    Files.write(f, java.util.Arrays.copyOf(whole, whole.length / 2));
    refused(CliRun.of("policies", "validate", f.toString()), f, "",
        "cannot read: the file ends early (a truncated gzip file?)");
  }

  @Test
  void aPciIdsThatIsADeviceSaysSo() throws Exception {
    Path zero = zeroDevice(dir.resolve("zero-ids"));
    CliRun r = CliRun.of("population", "import", "--lspci",
        "src/test/resources/importer/lspci-plain.txt", "--pci-ids", zero.toString(), "-o",
        dir.resolve("o.yaml").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--pci-ids " + zero + ": is a device, FIFO or socket")
        .doesNotContain("no such file");
  }

  @Test
  void aPolicyReadFromAPipeIsReadNotIllegalSeek() throws Exception {
    List<String> java = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "dev.vfiopolicy.cli.Main", "policies", "validate"));
    String cmd = java.stream().map(a -> "'" + a.replace("'", "'\\''") + "'")
        .collect(Collectors.joining(" ")) + " <(cat policies/hide-non-snoop.yaml)";
    Process p = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("ok (policy 'hide-non-snoop'").doesNotContain("Illegal seek");
  }

  // ---- helpers ----

  private static void refused(CliRun r, Path file, String what, String why) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines().count()).as(r.err()).isGreaterThanOrEqualTo(1);
    assertThat(r.err()).startsWith("vfio-policy: " + file).contains(what).contains(why)
        .doesNotContain("\tat ").doesNotContain("Exception");
  }

  record Result(int code, String err) {
    void assertRefused(String start, String why) {
      assertThat(code).as(err).isEqualTo(2);
      assertThat(err).startsWith("vfio-policy: " + start).contains(why)
          .doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("internal error");
    }
  }

  /** The tool in a JVM of its own at -Xmx256m: where memory is what the case is about. */
  static Result child(List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
        "-Duser.language=en", "-cp", System.getProperty("java.class.path"),
        "dev.vfiopolicy.cli.Main"));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    byte[] err = p.getErrorStream().readAllBytes();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("no exit within 90 s: " + args);
    }
    return new Result(p.exitValue(), new String(err, StandardCharsets.UTF_8));
  }
}
