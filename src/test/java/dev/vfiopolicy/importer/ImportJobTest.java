package dev.vfiopolicy.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.Arch;
import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.IommuType;
import dev.vfiopolicy.model.IommuUnit;
import dev.vfiopolicy.population.PopulationReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole imports: inputs combined into one host, written, and read back. */
class ImportJobTest {
  private static final List<Path> NO_PCI_IDS = List.of();

  private static ImportJob.Request request(List<Path> lspci, List<Path> dmesg, Path sysfs,
      Path out) {
    return new ImportJob.Request(lspci, dmesg, sysfs, null, null, false, out, NO_PCI_IDS);
  }

  private static Host run(Path out, List<String> lspci, List<String> dmesg) {
    ImportJob.Result r = ImportJob.run(request(lspci.stream().map(Dumps::path).toList(),
        dmesg.stream().map(Dumps::path).toList(), null, out));
    List<Host> read = readBack(out);
    assertThat(read).last().isEqualTo(r.host());
    return r.host();
  }

  static List<Host> readBack(Path file) {
    List<Host> hosts = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      PopulationReader.read(in, file.toString(), hosts::add);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return hosts;
  }

  static Device device(Host h, String bdf) {
    return h.devices().stream().filter(d -> d.bdf().equals(bdf)).findFirst()
        .orElseThrow(() -> new AssertionError("no device " + bdf));
  }

  static IommuUnit unit(Host h, String name) {
    return h.iommus().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void lspciAndDmesgOfAnIntelLaptopPutTheIgdOnTheUnitWithoutSnoopControl(@TempDir Path dir) {
    Host h = run(dir.resolve("pop.yaml"), List.of("lspci-nnvvv-laptop.txt"),
        List.of("dmesg-intel-laptop.txt"));
    assertThat(h.name()).as("systemd's hostname line").isEqualTo("tgl-laptop");
    assertThat(h.arch()).isEqualTo(Arch.X86_64);
    assertThat(h.iommus()).extracting(IommuUnit::name).containsExactly("dmar0", "dmar1");
    Device igd = device(h, "0000:00:02.0");
    assertThat(igd.deviceClass()).isEqualTo(DeviceClass.GPU_INTEGRATED);
    assertThat(igd.iommu().name()).isEqualTo("dmar0");
    assertThat(igd.iommu().enforceCacheCoherency()).isFalse();
    assertThat(igd.noSnoop()).isTrue();
    assertThat(igd.nosnoopEnabled()).as("DevCtl NoSnoop-").isFalse();
    assertThat(igd.group()).isZero();
    assertThat(igd.name()).isEqualTo("Intel Corporation TigerLake-LP GT2 [Iris Xe Graphics]");
    assertThat(igd.source())
        .startsWith("lspci lspci-nnvvv-laptop.txt:9; dmesg dmesg-intel-laptop.txt:16,28")
        .contains("DevCtl NoSnoop- (lspci lspci-nnvvv-laptop.txt:22)")
        .contains("inferred: the first non-INCLUDE_PCI_ALL DRHD serves the integrated GPU")
        .contains("no_snoop: Intel integrated graphics");
    Device nvme = device(h, "0000:01:00.0");
    assertThat(nvme.deviceClass()).isEqualTo(DeviceClass.NVME);
    assertThat(nvme.iommu().name()).isEqualTo("dmar1");
    assertThat(nvme.iommu().enforceCacheCoherency()).isTrue();
    assertThat(nvme.nosnoopEnabled()).isTrue();
    assertThat(nvme.noSnoop()).as("never from the DevCtl bit").isFalse();
    assertThat(device(h, "0000:00:14.3").deviceClass()).isEqualTo(DeviceClass.NIC);
    assertThat(device(h, "0000:00:1c.0").deviceClass()).isEqualTo(DeviceClass.BRIDGE);
    assertThat(device(h, "0000:00:1f.3").deviceClass()).isEqualTo(DeviceClass.AUDIO);
    assertThat(device(h, "0000:00:14.0").deviceClass()).isEqualTo(DeviceClass.USB);
    assertThat(h.devices()).filteredOn(Device::noSnoop).hasSize(1);
    assertThat(h.source()).startsWith("imported from lspci lspci-nnvvv-laptop.txt, dmesg"
        + " dmesg-intel-laptop.txt; kernel 6.8.0-45-generic (dmesg dmesg-intel-laptop.txt:1);"
        + " arch x86_64 inferred from the intel-vtd unit dmar0");
  }

  @Test
  void aDmesgAloneDescribesAHost(@TempDir Path dir) {
    Host h = run(dir.resolve("pop.yaml"), List.of(), List.of("dmesg-intel-laptop.txt"));
    assertThat(h.devices()).hasSize(7);
    Device igd = device(h, "0000:00:02.0");
    assertThat(igd.name()).isEqualTo("VGA compatible controller [8086:9a49]");
    assertThat(igd.deviceClass()).isEqualTo(DeviceClass.GPU_INTEGRATED);
    assertThat(igd.iommu().enforceCacheCoherency()).isFalse();
    assertThat(device(h, "0000:01:00.0").deviceClass()).isEqualTo(DeviceClass.NVME);
  }

  @Test
  void pciIdsNamesDevicesWhenGiven(@TempDir Path dir) {
    Path out = dir.resolve("pop.yaml");
    ImportJob.Result r = ImportJob.run(new ImportJob.Request(List.of(),
        List.of(Dumps.path("dmesg-intel-laptop.txt")), null, null, null, false, out,
        List.of(dir.resolve("missing.ids"), Dumps.path("pci.ids"))));
    assertThat(device(r.host(), "0000:00:02.0").name())
        .isEqualTo("Intel Corporation TigerLake-LP GT2 [Iris Xe Graphics]");
    assertThat(r.host().source()).contains("names from pci.ids version 2099.01.01");
  }

  @Test
  void serverUnitsWithEqualCapabilitiesMakeThePlacementHarmless(@TempDir Path dir)
      throws IOException {
    Host h = run(dir.resolve("pop.yaml"), List.of(), List.of("dmesg-xeon-server.txt"));
    assertThat(h.iommus()).hasSize(4).allMatch(IommuUnit::scalableMode);
    Device nic = device(h, "0000:16:00.0");
    assertThat(nic.iommu().name()).as("the INCLUDE_PCI_ALL unit").isEqualTo("dmar3");
    assertThat(nic.source()).contains("have the same capabilities, so which one serves the"
        + " device changes no outcome");
    assertThat(device(h, "0000:02:00.0").deviceClass()).as("ASPEED BMC video")
        .isEqualTo(DeviceClass.OTHER);
    assertThat(h.devices()).noneMatch(Device::noSnoop);
    // One unit without Snoop Control: the guess now matters, and the source says so.
    String log = Files.readString(Dumps.path("dmesg-xeon-server.txt"));
    Path odd = dir.resolve("odd.txt");
    Files.writeString(odd, log.replaceFirst("(dmar1: .* ecap \\w+)df", "$1 5e".replace(" ", "")));
    ImportJob.Result r = ImportJob.run(request(List.of(), List.of(odd), null,
        dir.resolve("odd.yaml")));
    assertThat(unit(r.host(), "dmar1").enforceCacheCoherency()).isFalse();
    assertThat(device(r.host(), "0000:16:00.0").source())
        .contains("inferred, uncertain: assumed the INCLUDE_PCI_ALL unit");
  }

  @Test
  void anAmdDesktopLogLeavesUngroupedFunctionsWithoutIommu(@TempDir Path dir) {
    Host h = run(dir.resolve("pop.yaml"), List.of("lspci-plain.txt"),
        List.of("dmesg-amd-desktop.txt"));
    assertThat(h.iommus()).singleElement().satisfies(u -> {
      assertThat(u.type()).isEqualTo(IommuType.AMD_VI);
      assertThat(u.enforceCacheCoherency()).isTrue();
    });
    Device gpu = device(h, "0000:0a:00.0");
    assertThat(gpu.deviceClass()).isEqualTo(DeviceClass.GPU_DISCRETE);
    assertThat(gpu.vendor()).isEqualTo("10de");
    assertThat(gpu.iommu().name()).isEqualTo("ivhd0");
    assertThat(gpu.name()).isEqualTo("NVIDIA Corporation TU106 [GeForce RTX 2060 Rev. A]");
    assertThat(device(h, "0000:00:00.2").iommu()).isEqualTo(IommuUnit.NONE);
    assertThat(device(h, "0000:00:00.2").source()).contains("no 'Adding to iommu group' line");
  }

  @Test
  void anSmmuLogMakesAnAarch64Host(@TempDir Path dir) {
    Host h = run(dir.resolve("pop.yaml"), List.of(), List.of("dmesg-arm-journal.txt"));
    assertThat(h.name()).isEqualTo("altra-01");
    assertThat(h.arch()).isEqualTo(Arch.AARCH64);
    assertThat(h.devices()).allMatch(d -> d.iommu().name().equals("arm-smmu-v3.0.auto"));
    assertThat(device(h, "0000:01:00.0").deviceClass()).isEqualTo(DeviceClass.NIC);
  }

  @Test
  void withoutDmesgOrSysfsTheUnitsAreInferredFromThePlatform(@TempDir Path dir) {
    Host intel = run(dir.resolve("intel.yaml"), List.of("lspci-vvv-old-devctl.txt"), List.of());
    assertThat(intel.iommus()).extracting(IommuUnit::name).containsExactly("dmar0", "dmar1");
    assertThat(intel.iommus()).allMatch(u -> u.source().startsWith(
        "inferred from the platform (no dmesg or sysfs IOMMU data)"));
    assertThat(unit(intel, "dmar0").enforceCacheCoherency()).isFalse();
    assertThat(unit(intel, "dmar1").enforceCacheCoherency()).isTrue();
    Device igd = device(intel, "0000:00:02.0");
    assertThat(igd.vendor()).isEqualTo("8086");
    assertThat(igd.source()).contains("vendor 8086 inferred from the name 'Intel Corporation'");
    assertThat(igd.iommu().name()).isEqualTo("dmar0");
    assertThat(device(intel, "0000:02:00.0").deviceClass()).isEqualTo(DeviceClass.GPU_DISCRETE);
    Device unknown = device(intel, "0000:03:00.0");
    assertThat(unknown.vendor()).isEqualTo("ffff");
    assertThat(unknown.source()).contains("vendor id unknown (name 'Frobnitz Wireless Widget"
        + " 9000' not in the built-in list and no pci.ids): written as ffff");
    assertThat(intel.source()).contains("IOMMU group not in the inputs for 8 devices");

    Host amd = run(dir.resolve("amd.yaml"), List.of("lspci-probe-amd-apu.txt"), List.of());
    assertThat(amd.iommus()).singleElement().satisfies(u -> {
      assertThat(u.type()).isEqualTo(IommuType.AMD_VI);
      assertThat(u.enforceCacheCoherency()).isTrue();
    });
    Device apu = device(amd, "0000:04:00.0");
    assertThat(apu.deviceClass()).isEqualTo(DeviceClass.GPU_INTEGRATED);
    assertThat(apu.noSnoop()).as("only Intel's IGD").isFalse();
    assertThat(apu.nosnoopEnabled()).isTrue();
    assertThat(apu.group()).as("the probe's IOMMU group line").isEqualTo(7);
  }

  @Test
  void pciIdsAlsoNamesVendorsTheBuiltInListLacks(@TempDir Path dir) {
    ImportJob.Result r = ImportJob.run(new ImportJob.Request(
        List.of(Dumps.path("lspci-vvv-old-devctl.txt")), List.of(), null, null, null, false,
        dir.resolve("pop.yaml"), List.of(Dumps.path("pci.ids"))));
    Device d = device(r.host(), "0000:03:00.0");
    assertThat(d.vendor()).isEqualTo("c0de");
    assertThat(d.source()).contains("vendor c0de inferred from the name 'Frobnitz Wireless'"
        + " (pci.ids version 2099.01.01)");
  }

  @Test
  void archAndNameOptionsWin(@TempDir Path dir) {
    Path out = dir.resolve("pop.yaml");
    ImportJob.Result r = ImportJob.run(new ImportJob.Request(List.of(Dumps.path("lspci-nn.txt")),
        List.of(), null, "aarch64", "box", false, out, NO_PCI_IDS));
    assertThat(r.host().name()).isEqualTo("box");
    assertThat(r.host().arch()).isEqualTo(Arch.AARCH64);
    assertThat(r.host().iommus()).singleElement()
        .satisfies(u -> assertThat(u.type()).isEqualTo(IommuType.ARM_SMMU_V3));
    assertThatThrownBy(() -> ImportJob.run(new ImportJob.Request(
        List.of(Dumps.path("lspci-nn.txt")), List.of(), null, "sparc", null, false, out,
        NO_PCI_IDS)))
        .isInstanceOf(InputException.class)
        .hasMessage("--arch: 'sparc' is not an architecture; expected one of: x86_64, aarch64,"
            + " s390x, ppc64le");
    ImportJob.Result byFile = ImportJob.run(request(List.of(Dumps.path("lspci-nn.txt")),
        List.of(), null, out));
    assertThat(byFile.host().name()).as("the file name").isEqualTo("lspci-nn");
  }

  @Test
  void fiveDigitDomainsSurviveTheRoundTrip(@TempDir Path dir) {
    Host h = run(dir.resolve("pop.yaml"), List.of("lspci-vmd-domain.txt"), List.of());
    assertThat(device(h, "10000:e1:00.0").deviceClass()).isEqualTo(DeviceClass.NVME);
    assertThat(device(h, "0000:00:0e.0").deviceClass()).isEqualTo(DeviceClass.STORAGE);
  }

  @Test
  void sysfsNamesTheUnitOfEachDevice(@TempDir Path dir) {
    SysfsReaderTest.intelLaptop(dir.resolve("root"));
    ImportJob.Result r = ImportJob.run(request(List.of(), List.of(), dir.resolve("root"),
        dir.resolve("pop.yaml")));
    Host h = r.host();
    assertThat(h.name()).isEqualTo("t14");
    Device igd = device(h, "0000:00:02.0");
    assertThat(igd.iommu().name()).isEqualTo("dmar0");
    assertThat(igd.iommu().enforceCacheCoherency()).isFalse();
    assertThat(igd.source()).contains("iommu dmar0: class/iommu/dmar0/devices lists it");
    assertThat(device(h, "0000:01:00.0").nosnoopEnabled()).isTrue();
    assertThat(readBack(dir.resolve("pop.yaml"))).containsExactly(h);
  }

  @Test
  void dmesgAddsDrhdFlagsAndScalableModeToTheSameSysfsUnits(@TempDir Path dir) {
    SysfsReaderTest.intelLaptop(dir.resolve("same"), "1090000f0505e", "1290004f050da");
    ImportJob.Result same = ImportJob.run(request(List.of(),
        List.of(Dumps.path("dmesg-intel-laptop.txt")), dir.resolve("same"),
        dir.resolve("same.yaml")));
    assertThat(unit(same.host(), "dmar0").source())
        .contains("DRHD flags 0x0 (dmesg-intel-laptop.txt:7)")
        .endsWith("; sysfs class/iommu/dmar0/intel-iommu/ecap agrees");
    assertThat(device(same.host(), "0000:00:02.0").source())
        .contains("iommu dmar0: class/iommu/dmar0/devices lists it");
    assertThat(same.warnings()).noneMatch(w -> w.contains("ECAP"))
        .as("the fake tree numbers one group differently").containsExactly("dmesg"
            + " dmesg-intel-laptop.txt:34: 01:00.0 is in IOMMU group 5 but in group 2 in sysfs"
            + " bus/pci/devices/0000:01:00.0/iommu_group; kept the first");
    SysfsReaderTest.intelLaptop(dir.resolve("other"));
    ImportJob.Result other = ImportJob.run(request(List.of(),
        List.of(Dumps.path("dmesg-intel-laptop.txt")), dir.resolve("other"),
        dir.resolve("other.yaml")));
    assertThat(other.warnings()).contains("dmar0: sysfs and dmesg show different ECAP registers"
        + " (another boot or machine?); kept sysfs");
  }

  @Test
  void sysfsWithoutIommuGivesDevicesWithoutIommu(@TempDir Path dir) {
    new FakeSysfs(dir.resolve("root")).iommuClass()
        .device("0000:00:00.0", "0x8086", "0x0d57", "0x060000")
        .device("0000:00:03.0", "0x1af4", "0x1041", "0x020000");
    Host h = ImportJob.run(request(List.of(), List.of(), dir.resolve("root"),
        dir.resolve("pop.yaml"))).host();
    assertThat(h.iommus()).isEmpty();
    assertThat(h.devices()).allMatch(d -> d.iommu() == IommuUnit.NONE);
    assertThat(h.source()).contains("no class/iommu entries and no iommu_group links");
    assertThat(device(h, "0000:00:03.0").name()).isEqualTo("Ethernet controller [1af4:1041]");
  }

  @Test
  void appendAddsHostsAndKeepsNamesUnique(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("pop.yaml");
    run(out, List.of("lspci-nnvvv-laptop.txt"), List.of("dmesg-intel-laptop.txt"));
    ImportJob.Result second = ImportJob.run(new ImportJob.Request(
        List.of(Dumps.path("lspci-plain.txt")), List.of(Dumps.path("dmesg-amd-desktop.txt")),
        null, null, "ryzen", true, out, NO_PCI_IDS));
    assertThat(second.hosts()).isEqualTo(2);
    assertThat(readBack(out)).extracting(Host::name).containsExactly("tgl-laptop", "ryzen");
    String before = Files.readString(out);
    assertThatThrownBy(() -> ImportJob.run(new ImportJob.Request(
        List.of(Dumps.path("lspci-plain.txt")), List.of(), null, null, "ryzen", true, out,
        NO_PCI_IDS)))
        .isInstanceOf(InputException.class)
        .hasMessage("--append: " + out + " already has a host 'ryzen'; give another --name");
    assertThat(Files.readString(out)).isEqualTo(before);
    assertNoTemporaries(dir);
  }

  @Test
  void gzipInputsAreRead(@TempDir Path dir) throws IOException {
    Path gz = dir.resolve("laptop.lspci.txt.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      o.write(Files.readAllBytes(Dumps.path("lspci-nnvvv-laptop.txt")));
    }
    ImportJob.Result r = ImportJob.run(request(List.of(gz), List.of(), null,
        dir.resolve("pop.yaml")));
    assertThat(r.host().devices()).hasSize(7);
    assertThat(r.host().name()).isEqualTo("laptop.lspci");
  }

  @Test
  void badInputNamesTheFileAndLineAndLeavesNothingBehind(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("pop.yaml");
    Path empty = Files.writeString(dir.resolve("empty.txt"), "\n\n");
    Path png = Files.write(dir.resolve("shot.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r',
        '\n', 0x1a, '\n', 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R'});
    Path text = Files.writeString(dir.resolve("notes.txt"), "meeting notes\n");
    Path truncatedGz = dir.resolve("cut.txt.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(truncatedGz))) {
      o.write(Files.readAllBytes(Dumps.path("lspci-nnvvv-laptop.txt")));
    }
    byte[] gz = Files.readAllBytes(truncatedGz);
    Files.write(truncatedGz, java.util.Arrays.copyOf(gz, gz.length / 2));
    record Case(Path file, String message) {}
    for (Case c : List.of(
        new Case(empty, empty + ": empty file; expected lspci output"),
        new Case(png, png + ":3: binary file (NUL byte), not lspci text output"),
        new Case(text, text + ":1: not lspci output: 'meeting notes'"),
        new Case(truncatedGz, truncatedGz + ": cannot read: the file ends early (a truncated gzip file?)"),
        new Case(dir.resolve("nope.txt"), dir.resolve("nope.txt") + ": no such file"))) {
      assertThatThrownBy(() -> ImportJob.run(request(List.of(c.file()), List.of(), null, out)))
          .as(c.file().toString())
          .isInstanceOf(InputException.class)
          .hasMessageStartingWith(c.message());
      assertThat(out).doesNotExist();
    }
    assertThatThrownBy(() -> ImportJob.run(request(List.of(), List.of(png), null, out)))
        .hasMessageStartingWith(png + ":3: binary file (NUL byte), not dmesg text output");
    // An existing file stays as it was.
    run(out, List.of("lspci-nn.txt"), List.of());
    String before = Files.readString(out);
    assertThatThrownBy(() -> ImportJob.run(request(List.of(text), List.of(), null, out)))
        .isInstanceOf(InputException.class);
    assertThat(Files.readString(out)).isEqualTo(before);
    assertNoTemporaries(dir);
  }

  @Test
  void outputAndInputMistakesAreRefused(@TempDir Path dir) {
    Path lspci = Dumps.path("lspci-nn.txt");
    assertThatThrownBy(() -> ImportJob.run(request(List.of(), List.of(), null,
        dir.resolve("a.yaml"))))
        .hasMessageContaining("give at least one of --lspci, --dmesg, --sysfs");
    assertThatThrownBy(() -> ImportJob.run(request(List.of(lspci), List.of(), null,
        dir.resolve("a.yaml.gz"))))
        .hasMessageContaining("population files are written as plain YAML");
    assertThatThrownBy(() -> ImportJob.run(request(List.of(lspci), List.of(), null, lspci)))
        .hasMessageContaining("is also an input");
    assertThatThrownBy(() -> ImportJob.run(request(List.of(), List.of(), dir.resolve("none"),
        dir.resolve("a.yaml"))))
        .hasMessage("--sysfs " + dir.resolve("none") + ": no such folder");
  }

  static void assertNoTemporaries(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.filter(p -> p.toString().endsWith(".tmp")).toList()).isEmpty();
    }
  }
}
