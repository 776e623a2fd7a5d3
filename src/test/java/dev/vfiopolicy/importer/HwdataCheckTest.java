package dev.vfiopolicy.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.IommuType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The importer against the real dumps in ../shared/hwdata (third-party files, never copied into
 * the project). Skipped when the folder is absent.
 */
class HwdataCheckTest {
  static final Path HWDATA = Path.of("..", "shared", "hwdata");

  @BeforeAll
  static void needsHwdata() {
    assumeTrue(Files.isDirectory(HWDATA.resolve("lspci")), "../shared/hwdata is absent");
  }

  static Stream<Path> lspciDumps() throws IOException {
    if (!Files.isDirectory(HWDATA.resolve("lspci"))) {
      return Stream.empty();
    }
    try (Stream<Path> s = Files.list(HWDATA.resolve("lspci"))) {
      return s.sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("lspciDumps")
  void everyLspciDumpImports(Path dump, @TempDir Path dir) {
    ImportJob.Result r = ImportJob.run(new ImportJob.Request(List.of(dump), List.of(), null,
        null, null, false, dir.resolve("pop.yaml"), List.of()));
    assertThat(r.host().devices()).isNotEmpty();
    assertThat(ImportJobTest.readBack(dir.resolve("pop.yaml"))).containsExactly(r.host());
  }

  /**
   * The parser's NoSnoop+ and NoSnoop- counts equal a plain count of the words in each DevCtl
   * block: the DevCtl line and its deeper-indented continuation lines (DevCtl2 is another
   * register, without the field).
   */
  @ParameterizedTest
  @MethodSource("lspciDumps")
  void noSnoopCountsMatchAPlainCountOfTheDevCtlBlocks(Path dump) {
    TextInput in = TextInput.read(dump, "lspci");
    int plus = 0;
    int minus = 0;
    List<String> lines = in.lines();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().startsWith("DevCtl:")) {
        continue;
      }
      int indent = TextInput.indent(lines.get(i));
      StringBuilder block = new StringBuilder(lines.get(i));
      for (int j = i + 1; j < lines.size() && !lines.get(j).isBlank()
          && TextInput.indent(lines.get(j)) > indent; j++) {
        block.append(' ').append(lines.get(j));
      }
      plus += block.toString().contains("NoSnoop+") ? 1 : 0;
      minus += block.toString().contains("NoSnoop-") ? 1 : 0;
    }
    List<PciRecord> parsed = LspciParser.parse(in).devices();
    assertThat(parsed.stream().filter(r -> Boolean.TRUE.equals(r.nosnoop)).count())
        .as("NoSnoop+ in " + dump.getFileName()).isEqualTo(plus);
    assertThat(parsed.stream().filter(r -> Boolean.FALSE.equals(r.nosnoop)).count())
        .as("NoSnoop- in " + dump.getFileName()).isEqualTo(minus);
  }

  @Test
  void theN100DmesgAndLspciPutTheIgdOnAUnitWithoutSnoopControl(@TempDir Path dir) {
    Path dmesg = HWDATA.resolve("dmar/gh_CRYP70N1CZ_syslogs_dmesg_google-craask-intel-n100.txt");
    Path lspci = HWDATA.resolve(
        "dmar/gh_CRYP70N1CZ_syslogs_lspci-plain_google-craask-intel-n100.txt");
    assumeTrue(Files.exists(dmesg) && Files.exists(lspci));
    Host h = ImportJob.run(new ImportJob.Request(List.of(lspci), List.of(dmesg), null, null,
        null, false, dir.resolve("pop.yaml"), List.of())).host();
    Device igd = ImportJobTest.device(h, "0000:00:02.0");
    assertThat(igd.deviceClass()).isEqualTo(DeviceClass.GPU_INTEGRATED);
    assertThat(igd.noSnoop()).isTrue();
    assertThat(igd.iommu().type()).isEqualTo(IommuType.INTEL_VTD);
    assertThat(igd.iommu().name()).isEqualTo("dmar0");
    assertThat(igd.iommu().enforceCacheCoherency()).as("dmar0 ecap 29a00f0505e: SC=0")
        .isFalse();
    assertThat(igd.iommu().source()).contains("ecap 29a00f0505e: SC=0");
    assertThat(h.devices()).hasSize(22).filteredOn(d -> d != igd)
        .allMatch(d -> d.iommu().name().equals("dmar1") && d.iommu().enforceCacheCoherency());
  }

  @Test
  void theGenoaLogGivesEnforcingAmdUnits(@TempDir Path dir) {
    Path dmesg = HWDATA.resolve(
        "iommu_groups/gh_clu6_supermicro_dmesg_iommu-lines-EXCERPT_amd-genoa.txt");
    Path lspci = HWDATA.resolve("iommu_groups/gh_clu6_supermicro_lspci-plain_amd-genoa.txt");
    assumeTrue(Files.exists(dmesg) && Files.exists(lspci));
    Host h = ImportJob.run(new ImportJob.Request(List.of(lspci), List.of(dmesg), null, null,
        null, false, dir.resolve("pop.yaml"), List.of())).host();
    assertThat(h.iommus()).hasSize(8)
        .allMatch(u -> u.type() == IommuType.AMD_VI && u.enforceCacheCoherency());
    assertThat(h.devices()).noneMatch(Device::noSnoop);
  }
}
