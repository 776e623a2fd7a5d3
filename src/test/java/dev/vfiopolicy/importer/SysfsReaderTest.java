package dev.vfiopolicy.importer;

import static dev.vfiopolicy.importer.Dumps.find;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.IommuType;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fake sysfs trees, symlinks included, as /sys lays them out. */
class SysfsReaderTest {
  static final String GFX_ECAP = "19e2ff0505e";
  static final String ALL_ECAP = "f050da";

  /** An Intel laptop: the iGPU on a unit without Snoop Control, the rest on the other. */
  static FakeSysfs intelLaptop(Path dir) {
    return intelLaptop(dir, GFX_ECAP, ALL_ECAP);
  }

  static FakeSysfs intelLaptop(Path dir, String gfxEcap, String allEcap) {
    return new FakeSysfs(dir)
        .device("0000:00:00.0", "0x8086", "0x9a14", "0x060000")
        .device("0000:00:02.0", "0x8086", "0x9a49", "0x030000")
        .device("0000:01:00.0", "0x144d", "0xa80a", "0x010802")
        .driver("0000:00:02.0", "i915")
        .driver("0000:01:00.0", "nvme")
        .config("0000:00:02.0", FakeSysfs.pcieConfig("0x8086", "0x9a49", false))
        .config("0000:01:00.0", FakeSysfs.pcieConfig("0x144d", "0xa80a", true))
        .group("0000:00:02.0", 0)
        .group("0000:00:00.0", 1)
        .group("0000:01:00.0", 2)
        .intelUnit("dmar0", gfxEcap, "0000:00:02.0")
        .intelUnit("dmar1", allEcap, "0000:00:00.0", "0000:01:00.0")
        .hostname("t14");
  }

  @Test
  void devicesUnitsGroupsDriversAndNoSnoopAreRead(@TempDir Path dir) {
    intelLaptop(dir);
    SysfsReader.Facts f = SysfsReader.read(dir);
    assertThat(f.devices()).hasSize(3);
    PciRecord igd = find(f.devices(), "0000:00:02.0");
    assertThat(igd.vendorId + ":" + igd.deviceId).isEqualTo("8086:9a49");
    assertThat(igd.classCode).isEqualTo("0300");
    assertThat(igd.driver).isEqualTo("i915");
    assertThat(igd.group).isZero();
    assertThat(igd.nosnoop).isFalse();
    assertThat(find(f.devices(), "0000:01:00.0").nosnoop).isTrue();
    assertThat(find(f.devices(), "0000:00:00.0").nosnoop).as("no config file").isNull();
    assertThat(f.units()).extracting(IommuFacts::name).containsExactly("dmar0", "dmar1");
    IommuFacts gfx = f.units().get(0);
    assertThat(gfx.enforceCacheCoherency()).isFalse();
    assertThat(gfx.serves()).containsExactly("0000:00:02.0");
    assertThat(gfx.source()).startsWith("sysfs class/iommu/dmar0/intel-iommu/ecap: dmar0 ecap"
        + " 19e2ff0505e: SC=0");
    assertThat(f.units().get(1).enforceCacheCoherency()).isTrue();
    assertThat(f.hostname()).isEqualTo("t14");
    assertThat(f.warnings()).isEmpty();
    assertThat(f.liveArch()).as("a fake tree is not this machine").isNull();
  }

  @Test
  void theSysfsMountItselfWorksToo(@TempDir Path dir) {
    intelLaptop(dir);
    SysfsReader.Facts f = SysfsReader.read(dir.resolve("sys"));
    assertThat(f.devices()).hasSize(3);
    assertThat(f.hostname()).as("from ../proc next to sys").isEqualTo("t14");
  }

  @Test
  void aMachineWithoutIommuHasNoUnitsAndNoGroups(@TempDir Path dir) {
    new FakeSysfs(dir).iommuClass()
        .device("0000:00:00.0", "0x8086", "0x0d57", "0x060000")
        .device("0000:00:03.0", "0x1af4", "0x1041", "0x020000");
    SysfsReader.Facts f = SysfsReader.read(dir);
    assertThat(f.iommuClass()).isTrue();
    assertThat(f.units()).isEmpty();
    assertThat(f.devices()).allMatch(r -> r.group == null);
  }

  @Test
  void configSpaceCutAt64BytesWithoutRootIsReportedNotFatal(@TempDir Path dir) {
    new FakeSysfs(dir)
        .device("0000:01:00.0", "0x144d", "0xa80a", "0x010802")
        .config("0000:01:00.0",
            Arrays.copyOf(FakeSysfs.pcieConfig("0x144d", "0xa80a", true), 64));
    SysfsReader.Facts f = SysfsReader.read(dir);
    assertThat(f.devices().get(0).nosnoop).isNull();
    assertThat(f.notes()).singleElement().asString()
        .startsWith("sysfs: DevCtl (NoSnoop) not readable for 1 functions");
    assertThat(f.warnings()).singleElement().asString().contains("needs root");
  }

  @Test
  void amdUnitsReadTheExtendedFeatureRegister(@TempDir Path dir) {
    new FakeSysfs(dir)
        .device("0000:00:01.1", "0x1022", "0x1483", "0x060400")
        .group("0000:00:01.1", 0)
        .amdUnit("ivhd0", "25bf732fa2295afe:1d", "0000:00:01.1");
    IommuFacts u = SysfsReader.read(dir).units().get(0);
    assertThat(u.type()).isEqualTo(IommuType.AMD_VI);
    assertThat(u.enforceCacheCoherency()).isTrue();
    assertThat(u.dirtyTracking()).as("HDSUP set").isTrue();
  }

  @Test
  void anUnknownIommuDriverIsWarnedAbout(@TempDir Path dir) {
    new FakeSysfs(dir)
        .device("0000:00:00.0", "0x106b", "0x1008", "0x060000")
        .group("0000:00:00.0", 0)
        .unit("apple-dart.0", null, null, "0000:00:00.0");
    SysfsReader.Facts f = SysfsReader.read(dir);
    assertThat(f.warnings()).singleElement().asString().contains("does not model");
    assertThat(f.units().get(0).type()).isEqualTo(IommuType.NONE);
  }

  @Test
  void aFolderWithoutPciDevicesIsRefused(@TempDir Path dir) {
    assertThatThrownBy(() -> SysfsReader.read(dir))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("give the sysfs mount (/sys) or a root holding one (/)");
  }
}
