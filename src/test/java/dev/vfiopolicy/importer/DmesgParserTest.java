package dev.vfiopolicy.importer;

import static dev.vfiopolicy.importer.Dumps.find;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.IommuType;
import org.junit.jupiter.api.Test;

/** Kernel logs in their usual prefixes, and the IOMMU facts read from them. */
class DmesgParserTest {
  private static DmesgParser.Facts parse(String resource) {
    return DmesgParser.parse(Dumps.resource(resource, "dmesg"));
  }

  private static DmesgParser.Facts parseText(String text) {
    return DmesgParser.parse(Dumps.text("log.txt", text, "dmesg"));
  }

  private static IommuFacts unit(DmesgParser.Facts f, String name) {
    return f.units().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void prefixesAreStripped() {
    for (String line : new String[] {
        "[    0.081433] DMAR: IOMMU enabled",
        "<6>[    0.081433] DMAR: IOMMU enabled",
        "kern  :info  : [Fri Apr  7 00:04:33 2023] DMAR: IOMMU enabled",
        "kern  :info  : [    0.081433] DMAR: IOMMU enabled",
        "[Fri Apr  7 00:04:33 2023] DMAR: IOMMU enabled",
        "Apr  7 00:04:33 myhost kernel: DMAR: IOMMU enabled",
        "2023-04-07T00:04:33.123456+02:00 myhost kernel: DMAR: IOMMU enabled",
        "[    0.894980] myhost kernel: DMAR: IOMMU enabled",
        "    [    0.248921] DMAR: IOMMU enabled"}) {
      assertThat(DmesgParser.message(line).text()).as(line).isEqualTo("DMAR: IOMMU enabled");
    }
    assertThat(DmesgParser.message("Apr  7 00:04:33 myhost kernel: x").host()).isEqualTo("myhost");
  }

  @Test
  void vtdUnitsDecodeSnoopControlAndScalableModeBits() {
    DmesgParser.Facts f = parse("dmesg-intel-laptop.txt");
    IommuFacts gfx = unit(f, "dmar0");
    IommuFacts all = unit(f, "dmar1");
    assertThat(gfx.type()).isEqualTo(IommuType.INTEL_VTD);
    assertThat(gfx.cacheCoherency()).isTrue();
    assertThat(gfx.enforceCacheCoherency()).as("ECAP.SC (bit 7) is 0").isFalse();
    assertThat(gfx.includePciAll()).isFalse();
    assertThat(gfx.scalableMode()).as("SMTS, kernel setting unknown").isTrue();
    assertThat(gfx.nesting()).as("NEST is 0").isFalse();
    assertThat(gfx.dirtyTracking()).as("SLADS is 0").isFalse();
    assertThat(gfx.source())
        .startsWith("dmesg dmesg-intel-laptop.txt:8: dmar0 ecap 1090000f0505e: SC=0")
        .contains("DRHD flags 0x0 (dmesg-intel-laptop.txt:7)")
        .contains("scalable mode assumed on");
    assertThat(all.enforceCacheCoherency()).isTrue();
    assertThat(all.includePciAll()).isTrue();
    assertThat(all.nesting()).isTrue();
    assertThat(all.dirtyTracking()).isTrue();
    assertThat(f.units()).as("the iommu_v2 notice on an Intel host is no AMD unit").hasSize(2);
    assertThat(f.hostname()).isEqualTo("tgl-laptop");
    assertThat(f.kernel()).isEqualTo("6.8.0-45-generic (dmesg dmesg-intel-laptop.txt:1)");
    assertThat(f.completeBoot()).isTrue();
    assertThat(f.enumerationSeen()).isTrue();
  }

  @Test
  void enumerationAndGroupLinesDescribeTheDevices() {
    DmesgParser.Facts f = parse("dmesg-intel-laptop.txt");
    assertThat(f.devices()).hasSize(7);
    PciRecord igd = find(f.devices(), "0000:00:02.0");
    assertThat(igd.vendorId + ":" + igd.deviceId).isEqualTo("8086:9a49");
    assertThat(igd.classCode).isEqualTo("0300");
    assertThat(igd.group).isZero();
    assertThat(find(f.devices(), "0000:00:14.3").group).isEqualTo(2);
    assertThat(find(f.devices(), "0000:00:1c.0").classCode).isEqualTo("0604");
  }

  @Test
  void scalableModeOffTurnsOffNestingAndDirtyTracking() {
    long ecap = (1L << 48) | (1L << 45) | (1L << 43) | (1L << 26) | 0xf050daL;
    String unitLine = "[    0.2] DMAR: dmar0: reg_base_addr fed91000 ver 1:0 cap d2008c40660462"
        + " ecap " + Long.toHexString(ecap) + "\n";
    IommuFacts off = parseText("[    0.1] DMAR: Scalable mode is disallowed\n" + unitLine)
        .units().get(0);
    assertThat(off.scalableMode()).isFalse();
    assertThat(off.nesting()).isFalse();
    assertThat(off.dirtyTracking()).isFalse();
    assertThat(off.source()).contains("scalable mode off (log.txt:1");
    IommuFacts on = parseText("[    0.1] DMAR: Enable scalable mode if hardware supports\n"
        + unitLine).units().get(0);
    assertThat(on.scalableMode()).isTrue();
    assertThat(on.nesting()).isTrue();
    assertThat(on.dirtyTracking()).isTrue();
  }

  @Test
  void serverLogsInDmesgXFormatGiveEveryUnit() {
    DmesgParser.Facts f = parse("dmesg-xeon-server.txt");
    assertThat(f.units()).extracting(IommuFacts::name)
        .containsExactly("dmar0", "dmar1", "dmar2", "dmar3");
    assertThat(f.units()).extracting(IommuFacts::includePciAll)
        .containsExactly(false, false, false, true);
    assertThat(f.units()).allMatch(u -> u.enforceCacheCoherency() && u.scalableMode());
    assertThat(unit(f, "dmar0").source()).contains("scalable mode on (dmesg-xeon-server.txt:3");
    assertThat(f.devices()).hasSize(6);
  }

  @Test
  void amdViUnitsComeFromTheirPciFunctionAndEfr() {
    DmesgParser.Facts f = parse("dmesg-amd-desktop.txt");
    assertThat(f.units()).hasSize(1);
    IommuFacts u = f.units().get(0);
    assertThat(u.name()).isEqualTo("ivhd0");
    assertThat(u.type()).isEqualTo(IommuType.AMD_VI);
    assertThat(u.pciAddress()).hasToString("0000:00:00.2");
    assertThat(u.cacheCoherency()).isTrue();
    assertThat(u.enforceCacheCoherency()).isTrue();
    assertThat(u.dirtyTracking()).as("EFR.HDSUP, bit 52").isTrue();
    assertThat(find(f.devices(), "0000:00:00.2").group).as("the IOMMU is in no group").isNull();
    assertThat(f.groupsSeen()).isTrue();
  }

  @Test
  void smmuV3CoherencyComesFromTheFeaturesWordAndEnforceIsUnknown() {
    DmesgParser.Facts f = parse("dmesg-arm-journal.txt");
    IommuFacts u = f.units().get(0);
    assertThat(u.type()).isEqualTo(IommuType.ARM_SMMU_V3);
    assertThat(u.name()).isEqualTo("arm-smmu-v3.0.auto");
    assertThat(u.cacheCoherency()).isTrue();
    assertThat(u.enforceCacheCoherency()).isFalse();
    assertThat(u.source()).contains("CANWBS").contains("unknown, written as false");
    assertThat(f.hostname()).isEqualTo("altra-01");
    IommuFacts noncoherent = parseText("[ 1.0] arm-smmu-v3 smmu.0: ias 48-bit, oas 48-bit"
        + " (features 0x00000eef)\n").units().get(0);
    assertThat(noncoherent.cacheCoherency()).isFalse();
    IommuFacts v2 = parseText("[ 1.0] arm-smmu 5000000.iommu: SMMUv2 with:\n"
        + "[ 1.0] arm-smmu 5000000.iommu: \tnon-coherent table walk\n").units().get(0);
    assertThat(v2.type()).isEqualTo(IommuType.ARM_SMMU);
    assertThat(v2.cacheCoherency()).isFalse();
  }

  @Test
  void olderKernelsGroupAndUnitLinesAreRead() {
    DmesgParser.Facts f = parseText("[    0.1] dmar: IOMMU 0: reg_base_addr fed90000 ver 1:0"
        + " cap c0000020660462 ecap f0101a\n"
        + "[    0.2] pci 0000:00:02.0: [8086:0166] type 00 class 0x030000\n"
        + "[    0.3] iommu: Adding device 0000:00:02.0 to group 0\n");
    assertThat(f.units().get(0).name()).isEqualTo("dmar0");
    assertThat(f.devices().get(0).group).isZero();
  }

  @Test
  void onlyTheLastBootIsRead() {
    DmesgParser.Facts f = parseText("[    0.0] Linux version 6.1.0\n"
        + "[    0.1] pci 0000:00:02.0: [8086:0166] type 00 class 0x030000\n"
        + "[    0.0] Linux version 6.6.0\n"
        + "[    0.1] pci 0000:00:03.0: [8086:0c0c] type 00 class 0x040300\n");
    assertThat(f.devices()).extracting(d -> d.address.shortForm()).containsExactly("00:03.0");
    assertThat(f.kernel()).as("the kernel of the boot that is read").startsWith("6.6.0 ");
    assertThat(f.warnings()).containsExactly("log.txt: 2 boots in the log; read the last, from"
        + " line 3");
  }

  @Test
  void aCutOffIommuLineIsAnError() {
    assertThatThrownBy(() -> parseText("[    0.1] DMAR: Host address width 39\n"
        + "[    0.2] DMAR: DRHD base: 0x000000fed65000 fla"))
        .isInstanceOf(InputException.class)
        .hasMessage("log.txt:2: DMAR DRHD line not understood: 'DMAR: DRHD base:"
            + " 0x000000fed65000 fla' (truncated?)");
    assertThatThrownBy(() -> parseText("[    0.2] DMAR: dmar1: reg_base_addr fed91000 ver 1\n"))
        .hasMessageStartingWith("log.txt:1: DMAR unit line not understood");
    assertThatThrownBy(() -> parseText("[ 0.2] pci 0000:00:02.0: [8086:9bc4] type 00 cla\n"))
        .hasMessageStartingWith("log.txt:1: PCI enumeration line not understood");
    assertThatThrownBy(() -> parseText("[ 0.2] pci 0000:00:02.0: Adding to iommu group x\n"))
        .hasMessageStartingWith("log.txt:1: IOMMU group line not understood");
  }

  @Test
  void textThatIsNoKernelLogIsRefused() {
    assertThatThrownBy(() -> parseText("Dear diary,\ntoday I booted.\n"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("log.txt: not kernel log output");
    assertThatThrownBy(() -> parseText("00:02.0 VGA compatible controller: Intel Corporation X\n"))
        .hasMessageEndingWith("this looks like lspci output, give it with --lspci");
  }
}
