package dev.vfiopolicy.importer;

import static dev.vfiopolicy.importer.Dumps.find;
import static dev.vfiopolicy.importer.Dumps.lspci;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vfiopolicy.InputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each lspci layout the importer accepts, and the ways a dump can be wrong. */
class LspciParserTest {
  @Test
  void verboseNnNewDevCtlLayoutGivesIdsClassDriverAndNoSnoop() {
    LspciParser.Result r = lspci("lspci-nnvvv-laptop.txt");
    assertThat(r.devices()).hasSize(7);
    assertThat(r.warnings()).isEmpty();
    PciRecord igd = find(r.devices(), "0000:00:02.0");
    assertThat(igd.vendorId).isEqualTo("8086");
    assertThat(igd.deviceId).isEqualTo("9a49");
    assertThat(igd.classCode).isEqualTo("0300");
    assertThat(igd.className).isEqualTo("VGA compatible controller");
    assertThat(igd.description).isEqualTo("Intel Corporation TigerLake-LP GT2 [Iris Xe Graphics]");
    assertThat(igd.driver).isEqualTo("i915");
    assertThat(igd.nosnoop).isFalse();
    assertThat(igd.nosnoopFrom.line()).as("the DevCtl line").isEqualTo(22);
    assertThat(find(r.devices(), "0000:01:00.0").nosnoop).isTrue();
    assertThat(find(r.devices(), "0000:00:14.3").nosnoop).isTrue();
    assertThat(find(r.devices(), "0000:00:14.0").nosnoop).as("no PCIe capability").isNull();
    // DevCtl2 carries no NoSnoop field and must not end or start a DevCtl block.
    assertThat(r.devices().stream().filter(d -> d.nosnoop != null)).hasSize(4);
  }

  @Test
  void oldDevCtlLayoutHasNoSnoopOnTheFollowingLine() {
    LspciParser.Result r = lspci("lspci-vvv-old-devctl.txt");
    assertThat(find(r.devices(), "0000:00:1c.0").nosnoop).isFalse();
    assertThat(find(r.devices(), "0000:01:00.0").nosnoop).isTrue();
    assertThat(find(r.devices(), "0000:02:00.0").nosnoop).isTrue();
    PciRecord nic = find(r.devices(), "0000:01:00.0");
    assertThat(nic.vendorId).as("no -nn: no ids").isNull();
    assertThat(nic.className).isEqualTo("Ethernet controller");
    assertThat(nic.description)
        .isEqualTo("Realtek Semiconductor Co., Ltd. RTL8111/8168/8411 PCI Express Gigabit"
            + " Ethernet Controller");
  }

  @Test
  void hexDumpLinesGiveIdsAndClassWhenTheLineHasNone() {
    LspciParser.Result r = lspci("lspci-vxxx.txt");
    assertThat(r.devices()).hasSize(4);
    PciRecord igd = find(r.devices(), "0000:00:02.0");
    assertThat(igd.vendorId + ":" + igd.deviceId).isEqualTo("8086:2a42");
    assertThat(igd.classCode).isEqualTo("0300");
    assertThat(find(r.devices(), "0000:03:00.0").classCode).isEqualTo("0280");
    assertThat(find(r.devices(), "0000:00:1c.0").nosnoop).isTrue();
    assertThat(find(r.devices(), "0000:03:00.0").nosnoop).as("DevCtl text only").isNull();
  }

  @Test
  void fiveDigitVmdDomainsAndExplicitDomainsAreKept() {
    LspciParser.Result r = lspci("lspci-vmd-domain.txt");
    assertThat(r.devices()).extracting(d -> d.address.toString())
        .containsExactly("0000:00:00.0", "0000:00:02.0", "0000:00:0e.0", "10000:e0:06.0",
            "10000:e1:00.0");
    assertThat(find(r.devices(), "10000:e1:00.0").classCode).isEqualTo("0108");
  }

  @Test
  void probeExtrasGiveTheIommuGroup() {
    LspciParser.Result r = lspci("lspci-probe-amd-apu.txt");
    assertThat(find(r.devices(), "0000:04:00.0").group).isEqualTo(7);
    assertThat(find(r.devices(), "0000:00:00.2").group).isZero();
    assertThat(find(r.devices(), "0000:01:00.0").nosnoop).isTrue();
  }

  @Test
  void plainAndNnListsGiveOneRecordPerLine() {
    LspciParser.Result plain = lspci("lspci-plain.txt");
    assertThat(plain.devices()).hasSize(9);
    assertThat(find(plain.devices(), "0000:00:18.0").description)
        .isEqualTo("Advanced Micro Devices, Inc. [AMD] Matisse/Vermeer Data Fabric: Device 18h;"
            + " Function 0");
    LspciParser.Result nn = lspci("lspci-nn.txt");
    PciRecord unknown = find(nn.devices(), "0000:01:00.0");
    assertThat(unknown.classCode).isEqualTo("ff00");
    assertThat(unknown.vendorId + ":" + unknown.deviceId).isEqualTo("1d0f:efa0");
    assertThat(unknown.description).isNull();
  }

  @Test
  void numericLspciNIsUnderstood() {
    LspciParser.Result r = LspciParser.parse(Dumps.text("n.txt",
        "00:02.0 0300: 8086:3e92\n00:1f.3 0403: 8086:a348 (rev 10)\n", "lspci"));
    assertThat(find(r.devices(), "0000:00:02.0").classCode).isEqualTo("0300");
    assertThat(find(r.devices(), "0000:00:1f.3").vendorId).isEqualTo("8086");
  }

  @Test
  void aFunctionListedTwiceIsOneRecordAndMustAgree() {
    String twice = "lspci -vvv\n00:02.0 VGA compatible controller: Intel Corporation UHD\n"
        + "\tKernel driver in use: i915\n\n"
        + "00:02.0 VGA compatible controller [0300]: Intel Corporation UHD [8086:3e92]\n";
    LspciParser.Result r = LspciParser.parse(Dumps.text("twice.txt", twice, "lspci"));
    assertThat(r.devices()).hasSize(1);
    PciRecord d = r.devices().get(0);
    assertThat(d.driver).isEqualTo("i915");
    assertThat(d.vendorId).isEqualTo("8086");
    String clash = "00:02.0 VGA compatible controller [0300]: Intel Corporation X [8086:3e92]\n"
        + "00:02.0 VGA compatible controller [0300]: Intel Corporation Y [8086:9a49]\n";
    assertThatThrownBy(() -> LspciParser.parse(Dumps.text("clash.txt", clash, "lspci")))
        .isInstanceOf(InputException.class)
        .hasMessage("clash.txt:2: 00:02.0 is [8086:9a49] here but [8086:3e92] in lspci"
            + " clash.txt:1; are these inputs from the same machine?");
  }

  @Test
  void aStrayLineInsideADumpIsSkippedWithAWarning() {
    LspciParser.Result r = LspciParser.parse(Dumps.text("stray.txt",
        "00:00.0 Host bridge: Intel Corporation Device 3ec2\n/dev/fb0\n"
            + "00:02.0 VGA compatible controller: Intel Corporation Device 3e92\n", "lspci"));
    assertThat(r.devices()).hasSize(2);
    assertThat(r.warnings()).containsExactly("stray.txt:2: skipped not lspci output: '/dev/fb0'");
  }

  @Test
  void textThatIsNotLspciIsRefusedAtItsFirstLine() {
    assertThatThrownBy(() -> LspciParser.parse(Dumps.text("notes.txt",
        "Shopping list\n- milk\n", "lspci")))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("notes.txt:1: not lspci output: 'Shopping list'; expected a"
            + " device line such as '00:02.0 VGA compatible controller: Intel Corporation ...'");
    assertThatThrownBy(() -> LspciParser.parse(Dumps.text("dmesg.txt",
        "[    0.000000] Linux version 6.6.0\n", "lspci")))
        .hasMessageEndingWith("this looks like dmesg output, give it with --dmesg");
    assertThatThrownBy(() -> LspciParser.parse(Dumps.text("vmm.txt",
        "Slot:\t00:00.0\nClass:\tHost bridge\n", "lspci")))
        .hasMessageContaining("machine-readable lspci -vmm is not supported");
    assertThatThrownBy(() -> LspciParser.parse(Dumps.text("cmd.txt", "lspci -nn\n", "lspci")))
        .hasMessageStartingWith("cmd.txt: no device line found");
  }

  @Test
  void aDeviceLineThatDoesNotParseNamesItsLine() {
    for (String bad : List.of("00:02.0\n", "00:02.0 VGA compatible controller\n",
        "00:02.0 VGA compatible controller:\n", "00:2.0 VGA: Intel\n")) {
      assertThatThrownBy(() -> LspciParser.parse(Dumps.text("bad.txt",
          "00:00.0 Host bridge: Intel Corporation Device 3ec2\n" + bad, "lspci")))
          .as(bad)
          .isInstanceOf(InputException.class)
          .hasMessageStartingWith("bad.txt:2: device line not understood:");
    }
  }

  @Test
  void truncatedDumpsAreRefused() {
    String full = Dumps.resource("lspci-nnvvv-laptop.txt", "lspci").lines().stream()
        .reduce("", (a, b) -> a + b + "\n");
    // Cut inside a verbose line: no final line end.
    String cutMidLine = full.substring(0, full.indexOf("NoSnoop-") + 3);
    assertThatThrownBy(() -> LspciParser.parse(Dumps.text("cut.txt", cutMidLine, "lspci")))
        .hasMessage("cut.txt:23: the file ends in the middle of this line (truncated?)");
    // Cut at a line end inside a DevCtl block, before NoSnoop.
    String cutInDevCtl = full.substring(0, full.indexOf("\t\t\tRlxdOrd-"));
    assertThatThrownBy(() -> LspciParser.parse(Dumps.text("cut.txt", cutInDevCtl, "lspci")))
        .hasMessage("cut.txt:22: the file ends inside this DevCtl block before its NoSnoop+/-"
            + " field (truncated?)");
    // A hex dump cut after two lines.
    String hex = "00:00.0 Host bridge: Intel Corporation Device 2a40\n"
        + "00: 86 80 40 2a 06 00 90 20 07 00 00 06 00 00 00 00\n"
        + "10: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n";
    assertThatThrownBy(() -> LspciParser.parse(Dumps.text("hex.txt", hex, "lspci")))
        .hasMessageStartingWith("hex.txt:2: the hex dump of 00:00.0 has 32 bytes");
    assertThatThrownBy(() -> LspciParser.parse(Dumps.text("hex.txt",
        hex + "20: 00 00 00\n", "lspci")))
        .hasMessageStartingWith("hex.txt:4: hex dump line not understood");
    // An -nn list whose last line lost its ids.
    String nn = "00:00.0 Host bridge [0600]: Intel Corporation Device [8086:3ec2]\n"
        + "00:02.0 VGA compatible controller [0300]: Intel Corp";
    assertThatThrownBy(() -> LspciParser.parse(Dumps.text("nn.txt", nn, "lspci")))
        .hasMessageStartingWith("nn.txt:2: the last device line lacks the [vendor:device] ids");
  }

  @Test
  void aDevCtlBlockWithoutNoSnoopIsAnUnknownLayout() {
    String odd = "00:1c.0 PCI bridge: Intel Corporation Device a0bc\n"
        + "\t\tDevCtl:\tCorrErr- NonFatalErr-\n\t\tDevSta:\tCorrErr-\n\n";
    assertThatThrownBy(() -> LspciParser.parse(Dumps.text("odd.txt", odd, "lspci")))
        .hasMessage("odd.txt:2: DevCtl block without a NoSnoop+ or NoSnoop- field; not an lspci"
            + " layout this importer knows");
  }
}
