package dev.vfiopolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: outputs, exit codes and messages. */
class CliTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    dev.vfiopolicy.CliRun r = dev.vfiopolicy.CliRun.of(args);
    return new Run(r.code(), r.out(), r.err());
  }

  @Test
  void reportPrintsOneTablePerScenarioWithHeaderLegendAndNotes() {
    Run r = run("report", "--hosts", "50");
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .contains("population: mixed")
        .contains(", seed 20210922\n50 hosts, ")
        .contains("Headline: ")
        .contains("== rfc-2021:")
        .contains("== linux-6.6:")
        .contains("== linux-6.12:")
        .contains("== linux-6.18:")
        .contains("== cdev-only:")
        .contains("Legend")
        .contains("Notes: where the model simplifies");
    assertThat(r.out().lines()).allSatisfy(l -> assertThat(l.length()).as(l)
        .isLessThanOrEqualTo(100));
  }

  @Test
  void csvIsTheSummaryAndTheSameBytesTwice() {
    Run a = run("report", "--hosts", "300", "--format", "csv");
    Run b = run("report", "--hosts", "300", "--format", "csv");
    assertThat(a.code()).isZero();
    assertThat(a.out()).isEqualTo(b.out());
    List<String> lines = a.out().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo("scenario,policy,use_case,devices,works,fallback,broken,unsafe,unsupported,"
            + "not_applicable,no_remedy,counterfactual");
    assertThat(lines).hasSize(1 + 5 * 4 * 11);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      long sum = 0;
      for (int i = 4; i < 11; i++) {
        sum += Long.parseLong(f[i]);
      }
      assertThat(f[11]).isIn("true", "false");
      assertThat(sum).as(line).isEqualTo(Long.parseLong(f[3]));
    }
    assertThat(run("report", "--hosts", "300", "--format", "csv", "--seed", "1").out())
        .isNotEqualTo(a.out());
  }

  @Test
  void theSameBytesForAnyThreadCount() {
    String one = run("report", "--hosts", "20000", "--format", "json", "--threads", "1").out();
    for (String t : List.of("2", "3", "8")) {
      assertThat(run("report", "--hosts", "20000", "--format", "json", "--threads", t).out())
          .as("--threads " + t).isEqualTo(one);
    }
    String diff1 = run("diff", "hide-non-snoop", "upstream-merged", "--hosts", "20000",
        "--threads", "1").out();
    assertThat(run("diff", "hide-non-snoop", "upstream-merged", "--hosts", "20000",
        "--threads", "3").out()).isEqualTo(diff1);
    assertThat(run("report", "--threads", "0").code()).isEqualTo(2);
  }

  @Test
  void selectionNarrowsTheReport() {
    Run r = run("report", "--hosts", "20", "--format", "csv", "--policy", "hide-non-snoop",
        "--scenario", "linux-6.6", "--use-case", "vm-iommufd", "--use-case", "driver-cdev");
    assertThat(r.out().lines().skip(1).toList())
        .extracting(l -> l.substring(0, l.indexOf(",", l.indexOf(",", l.indexOf(",") + 1) + 1)))
        .containsExactly("linux-6.6,hide-non-snoop,vm-iommufd", "linux-6.6,hide-non-snoop,driver-cdev");
  }

  @Test
  void badOptionValuesExitTwoWithOneMessageAndNoStackTrace() {
    for (String[] args :
        List.of(
            new String[] {"report", "--hosts", "many"},
            new String[] {"report", "--hosts", "0"},
            new String[] {"report", "--format", "xml"},
            new String[] {"report", "--policy", "hide-everything"},
            new String[] {"report", "--scenario", "linux-2.4"},
            new String[] {"report", "--use-case", "vm"},
            new String[] {"report", "--population", "nosuch"},
            new String[] {"report", "--detail"},
            new String[] {"report", "--nope"},
            new String[] {"explain", "--population", "mixed", "--host", "x", "--device", "y"})) {
      Run r = run(args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.out()).as(String.join(" ", args)).isEmpty();
      assertThat(r.err()).as(String.join(" ", args)).startsWith("vfio-policy: ")
          .doesNotContain("\tat ").doesNotContain("Exception");
    }
    assertThat(run("report", "--format", "xml").err())
        .contains("--format: expected text, markdown, csv, json, email or html, found 'xml'");
    assertThat(run("report", "--scenario", "linux-2.4").err())
        .contains("--scenario: unknown id 'linux-2.4'; expected one of: rfc-2021, linux-6.6,"
            + " linux-6.12, linux-6.18, cdev-only");
    assertThat(run("report", "--kernel", "2.4").err())
        .contains("--kernel: release 2.4 is not in the timeline; expected one of 5.15 to 7.3");
    assertThat(run("report", "--kernel", "6.6.1").err())
        .contains("--kernel: expected a release such as 6.6, found '6.6.1'");
  }

  @Test
  void badPopulationFileNamesFileLineAndColumn(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("pop.yaml");
    Files.writeString(f, "hosts:\n  - name: h\n    arch: sparc\n");
    Run r = run("report", "--population", f.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo("vfio-policy: " + f + ":3:11: host 'h': 'arch' is 'sparc'; expected one of:"
            + " x86_64, aarch64, s390x, ppc64le");
    assertThat(run("report", "--population", dir.resolve("missing.yaml").toString()).err())
        .contains("missing.yaml: no such file");
  }

  @Test
  void outWritesTheFilesAndAFailureLeavesEarlierOnesUntouched(@TempDir Path dir)
      throws IOException {
    Path out = dir.resolve("r");
    Run ok = run("report", "--hosts", "30", "--out", out.toString(), "--detail");
    assertThat(ok.code()).isZero();
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly(".vfio-policy", "claims.txt", "devices.csv", "report.email.txt",
              "report.html", "report.json", "report.md", "report.txt", "summary-kinds.csv",
              "summary-vms.csv", "summary.csv", "vms.csv");
    }
    assertThat(Files.readString(out.resolve("report.txt"))).isEqualTo(ok.out());
    assertThat(Files.readString(out.resolve("devices.csv")))
        .startsWith("scenario,policy,use_case,host,device,outcome,reason,");
    String before = Files.readString(out.resolve("summary.csv"));
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "hosts: [ {name: h, arch: x86_64, devices: [ {name: d} ] } ]\n");
    Run failed = run("report", "--population", bad.toString(), "--out", out.toString());
    assertThat(failed.code()).isEqualTo(2);
    assertThat(Files.readString(out.resolve("summary.csv"))).isEqualTo(before);
    try (var files = Files.list(out)) {
      assertThat(files.filter(p -> p.toString().endsWith(".tmp")).toList()).isEmpty();
    }
  }

  @Test
  void unwritableOutFailsBeforeAnyWork(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");
    Run r = run("report", "--hosts", "5", "--out", file.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--out " + file);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void generatedPopulationFileGivesTheSameReportAsThePreset(@TempDir Path dir) {
    Path pop = dir.resolve("pop.yaml");
    assertThat(run("population", "generate", "--preset", "mixed", "--hosts", "80", "--seed", "4",
        "-o", pop.toString()).code()).isZero();
    String fromPreset =
        run("report", "--hosts", "80", "--seed", "4", "--format", "csv").out();
    String fromFile = run("report", "--population", pop.toString(), "--format", "csv").out();
    assertThat(fromFile).isEqualTo(fromPreset);
  }

  @Test
  void explainShowsTheChainForOneDevice(@TempDir Path dir) throws IOException {
    Path pop = dir.resolve("pop.yaml");
    Files.writeString(pop, """
        hosts:
          - name: laptop
            arch: x86_64
            iommus:
              - {name: dmar0, type: intel-vtd, cache_coherency: true}
              - {name: dmar1, type: intel-vtd, cache_coherency: true, enforce_cache_coherency: true}
            devices:
              - {name: "UHD Graphics", bdf: "0000:00:02.0", class: gpu-integrated, vendor: "8086", iommu: dmar0, group: 0, no_snoop: true}
        """);
    Run r = run("explain", "--population", pop.toString(), "--host", "laptop", "--device",
        "00:02.0", "--policy", "hide-non-snoop", "--scenario", "linux-6.6", "--use-case",
        "vm-iommufd");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("device 0000:00:02.0 'UHD Graphics'")
        .contains("cdev: hide -- rule no-enforced-coherency")
        .contains("linux-6.6 / hide-non-snoop / vm-iommufd: broken")
        .contains("=> broken: policy hide-non-snoop, rule no-enforced-coherency");
  }

  @Test
  void policiesValidateAcceptsTheBundledFilesAndRefusesABadOne(@TempDir Path dir)
      throws IOException {
    Run ok = run("policies", "validate", "policies/hide-non-snoop.yaml",
        "policies/expose-and-detect.yaml");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("policies/hide-non-snoop.yaml: ok");
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, Files.readString(Path.of("policies/hide-non-snoop.yaml"))
        .replace("!iommu.enforce_cache_coherency", "!iommu.enforce_cache_coherncy"));
    Run r = run("policies", "validate", bad.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(bad + ":").contains("rule 'no-enforced-coherency'")
        .contains("does not compile");
  }

  @Test
  void kernelOptionEvaluatesAnyReleaseAndEveryHeadingNamesItsKernel() {
    Run r = run("report", "--hosts", "20", "--kernel", "6.9", "--kernel", "6.6",
        "--use-case", "vm-dirty-tracking");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("== linux-6.9: Linux 6.9 [kernel 6.9] ==")
        .contains("== linux-6.6: Linux 6.6 (LTS) [kernel 6.6] ==")
        .doesNotContain("== rfc-2021")
        .contains("reproduce:\n  vfio-policy report --population mixed --hosts 20 --seed 20210922"
            + " --kernel 6.9 --kernel 6.6 \\\n    --use-case vm-dirty-tracking\n");
    for (String format : List.of("markdown", "email", "html")) {
      assertThat(run("report", "--hosts", "5", "--kernel", "6.9", "--format", format).out())
          .as(format).containsAnyOf("[kernel 6.9]", "\\[kernel 6.9\\]");
    }
  }

  @Test
  void listingsWork() {
    assertThat(run("policies", "list").out()).contains("rfc-literal-hide").contains("Alex");
    assertThat(run("policies", "show", "upstream-merged").out()).contains("iommu.type");
    assertThat(run("use-cases", "list").out().lines().filter(l -> !l.startsWith(" ")).toList())
        .extracting(l -> l.split(" ")[0])
        .containsExactly("vm-legacy", "vm-iommufd", "vm-iommufd-fallback", "vm-iommufd-detect",
            "vm-cloud-hypervisor", "vm-crosvm", "vm-nested-viommu", "vm-dirty-tracking",
            "driver-legacy", "driver-cdev", "vmm-no-kvm-vfio");
    String scenarios = run("scenarios", "list").out();
    assertThat(scenarios).contains("cdev-only").contains("[kernel 5.15 + RFC series]")
        .contains("Releases (--kernel X.Y: 5.15 to 7.3; long-term: 6.6, 6.12, 6.18)");
    assertThat(scenarios.substring(scenarios.indexOf("\n6.13\n")))
        .as("what changes at 6.13").contains("smmuv3-enforce-canwbs").contains("smmuv3-nesting");
    assertThat(run("population", "presets").out()).contains("desktop-intel").contains("mixed");
    assertThat(run("--help").out()).contains("Exit codes").contains("2  bad input");
  }
}
