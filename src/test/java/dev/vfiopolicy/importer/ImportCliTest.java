package dev.vfiopolicy.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code population import} as a user meets it, and the report and explain on its output. */
class ImportCliTest {
  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private static String fixture(String name) {
    return Dumps.path(name).toString();
  }

  private static CliRun importLaptop(Path out) {
    return run("population", "import", "--lspci", fixture("lspci-nnvvv-laptop.txt"),
        "--dmesg", fixture("dmesg-intel-laptop.txt"), "--pci-ids", fixture("pci.ids"),
        "-o", out.toString());
  }

  @Test
  void importThenReportShowsTheIgdBrokenUnderHideNonSnoop(@TempDir Path dir) {
    Path pop = dir.resolve("imported.yaml");
    CliRun imported = importLaptop(pop);
    assertThat(imported.code()).isZero();
    assertThat(imported.err()).isEmpty();
    assertThat(imported.out()).isEqualTo("wrote host 'tgl-laptop' (x86_64): 7 devices, 2 IOMMU"
        + " units, Intel integrated graphics -> " + pop + " (1 host)\n");
    CliRun csv = run("report", "--population", pop.toString(), "--format", "csv",
        "--scenario", "linux-6.6", "--policy", "hide-non-snoop", "--use-case", "vm-iommufd");
    assertThat(csv.code()).isZero();
    List<String> lines = csv.out().lines().toList();
    assertThat(lines.get(0)).startsWith("scenario,policy,use_case,devices,works,fallback,broken");
    // 7 devices: 2 bridges not applicable, the IGD broken, the other 4 work.
    assertThat(lines.get(1)).isEqualTo("linux-6.6,hide-non-snoop,vm-iommufd,7,4,0,1,0,0,2,0,false");
    CliRun explain = run("explain", "--population", pop.toString(), "--host", "tgl-laptop",
        "--device", "00:02.0", "--scenario", "linux-6.6", "--policy", "hide-non-snoop",
        "--use-case", "vm-iommufd");
    assertThat(explain.code()).isZero();
    assertThat(explain.out())
        .contains("device 0000:00:02.0 'Intel Corporation TigerLake-LP GT2 [Iris Xe Graphics]':"
            + " bus pci, class gpu-integrated, vendor 8086")
        .contains("iommu dmar0: type intel-vtd, cache_coherency true, enforce_cache_coherency"
            + " false")
        .contains("device source: lspci lspci-nnvvv-laptop.txt:9")
        .contains("linux-6.6 / hide-non-snoop / vm-iommufd: broken");
    assertThat(run("report", "--population", pop.toString()).code()).isZero();
  }

  @Test
  void appendBuildsAPopulationOfSeveralMachines(@TempDir Path dir) {
    Path pop = dir.resolve("fleet.yaml");
    assertThat(importLaptop(pop).code()).isZero();
    CliRun amd = run("population", "import", "--lspci", fixture("lspci-plain.txt"), "--dmesg",
        fixture("dmesg-amd-desktop.txt"), "--no-pci-ids", "--name", "ryzen", "--append",
        "-o", pop.toString());
    assertThat(amd.code()).isZero();
    assertThat(amd.out()).startsWith("added host 'ryzen' (x86_64): 9 devices, 1 IOMMU units ->")
        .endsWith("(2 hosts)\n");
    CliRun again = run("population", "import", "--lspci", fixture("lspci-plain.txt"), "--name",
        "ryzen", "--append", "-o", pop.toString());
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).isEqualTo("vfio-policy: --append: " + pop
        + " already has a host 'ryzen'; give another --name\n");
    CliRun report = run("report", "--population", pop.toString(), "--format", "csv");
    assertThat(report.code()).isZero();
    assertThat(report.out()).contains(",16,");
  }

  @Test
  void warningsGoToStandardErrorAndTheImportSucceeds(@TempDir Path dir) throws IOException {
    Path lspci = Files.writeString(dir.resolve("l.txt"),
        "00:00.0 Host bridge: Intel Corporation Device 3ec2\n/dev/fb0\n");
    CliRun r = run("population", "import", "--lspci", lspci.toString(), "--no-pci-ids", "-o",
        dir.resolve("p.yaml").toString());
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEqualTo("vfio-policy: warning: " + lspci
        + ":2: skipped not lspci output: '/dev/fb0'\n");
  }

  @Test
  void sysfsTreeImportsAndReports(@TempDir Path dir) {
    SysfsReaderTest.intelLaptop(dir.resolve("root"));
    Path pop = dir.resolve("host.yaml");
    CliRun r = run("population", "import", "--sysfs", dir.resolve("root").toString(),
        "--no-pci-ids", "-o", pop.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("wrote host 't14' (x86_64): 3 devices, 2 IOMMU units");
    assertThat(run("report", "--population", pop.toString()).code()).isZero();
  }

  @Test
  void badInputExitsTwoWithOneMessageAndWritesNothing(@TempDir Path dir) throws IOException {
    Path pop = dir.resolve("p.yaml");
    Path png = Files.write(dir.resolve("a.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1});
    Path text = Files.writeString(dir.resolve("a.txt"), "hello\n");
    for (String[] args : List.of(
        new String[] {"population", "import", "--lspci", png.toString(), "-o", pop.toString()},
        new String[] {"population", "import", "--dmesg", text.toString(), "-o", pop.toString()},
        new String[] {"population", "import", "-o", pop.toString()},
        new String[] {"population", "import", "--lspci", text.toString()},
        new String[] {"population", "import", "--lspci", fixture("lspci-nn.txt"), "--arch",
            "mips", "-o", pop.toString()},
        new String[] {"population", "import", "--lspci", fixture("lspci-nn.txt"), "--pci-ids",
            dir.resolve("none.ids").toString(), "-o", pop.toString()})) {
      CliRun r = run(args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).as(String.join(" ", args)).startsWith("vfio-policy: ")
          .doesNotContain("\tat ").doesNotContain("Exception");
      assertThat(pop).doesNotExist();
    }
    assertThat(run("population", "import", "--lspci", png.toString(), "-o", pop.toString())
        .err()).isEqualTo("vfio-policy: " + png + ":1: binary file (NUL byte), not lspci text"
        + " output\n");
    assertThat(run("population", "import", "-o", pop.toString()).err())
        .contains("give at least one of --lspci FILE, --dmesg FILE, --sysfs DIR");
    ImportJobTest.assertNoTemporaries(dir);
  }

  @Test
  void helpListsTheOptions() {
    CliRun r = run("population", "import", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--lspci=FILE").contains("--dmesg=FILE").contains("--sysfs=DIR")
        .contains("--append").contains("--pci-ids=FILE");
  }
}
