package dev.vfiopolicy.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.DeviceClass;
import org.junit.jupiter.api.Test;

/** Addresses, class codes, vendor names, pci.ids and the device classifier. */
class IdentificationTest {
  private static DeviceClassifier.Result classify(String code, String vendor, String bdf,
      String name) {
    return DeviceClassifier.classify(code, vendor, PciAddress.parse(bdf), name);
  }

  @Test
  void addressesAreNormalisedAndOrdered() {
    assertThat(PciAddress.parse("00:02.0")).hasToString("0000:00:02.0");
    assertThat(PciAddress.parse("10000:E1:00.0")).hasToString("10000:e1:00.0");
    assertThat(PciAddress.parse("10000:e1:00.0").shortForm()).isEqualTo("e1:00.0");
    assertThat(PciAddress.parse("00:20.0")).as("device numbers end at 1f").isNull();
    assertThat(PciAddress.parse("0000:00:1f.7"))
        .isLessThan(PciAddress.parse("0000:01:00.0"))
        .isLessThan(PciAddress.parse("10000:00:00.0"));
  }

  @Test
  void theIntelIgdIsTheDisplayFunctionAt0002() {
    DeviceClassifier.Result igd = classify("0300", "8086", "00:02.0", "");
    assertThat(igd.deviceClass()).isEqualTo(DeviceClass.GPU_INTEGRATED);
    assertThat(igd.intelIgd()).isTrue();
    assertThat(classify("0380", "8086", "00:02.1", "").intelIgd()).isTrue();
    DeviceClassifier.Result arc = classify("0300", "8086", "03:00.0", "DG2 [Arc A770]");
    assertThat(arc.deviceClass()).isEqualTo(DeviceClass.GPU_DISCRETE);
    assertThat(arc.intelIgd()).isFalse();
    assertThat(classify("0604", "8086", "00:02.0", "Root Port").deviceClass())
        .as("a Xeon root port at 00:02.0").isEqualTo(DeviceClass.BRIDGE);
  }

  @Test
  void amdApusAreIntegratedByBusOrCodeName() {
    assertThat(classify("0300", "1002", "00:01.0", "Wrestler [Radeon HD 6320]").deviceClass())
        .isEqualTo(DeviceClass.GPU_INTEGRATED);
    assertThat(classify("0300", "1002", "05:00.0", "Rembrandt [Radeon 680M]").deviceClass())
        .isEqualTo(DeviceClass.GPU_INTEGRATED);
    assertThat(classify("0300", "1002", "03:00.0", "Navi 21 [Radeon RX 6800]").deviceClass())
        .isEqualTo(DeviceClass.GPU_DISCRETE);
    assertThat(classify("0300", "10de", "02:00.0", "C79 [GeForce 9400M]").deviceClass())
        .isEqualTo(DeviceClass.GPU_INTEGRATED);
    assertThat(classify("0302", "10de", "04:00.0", "GP100GL [Tesla P100]").deviceClass())
        .isEqualTo(DeviceClass.GPU_DISCRETE);
    assertThat(classify("0300", "1a03", "02:00.0", "ASPEED Graphics Family").deviceClass())
        .isEqualTo(DeviceClass.OTHER);
    assertThat(classify("0300", "1002", "03:00.0", "").intelIgd()).isFalse();
  }

  @Test
  void classCodesMapToTheModelsClasses() {
    assertThat(classify("0108", "144d", "01:00.0", "").deviceClass()).isEqualTo(DeviceClass.NVME);
    assertThat(classify("0106", "8086", "00:17.0", "").deviceClass())
        .isEqualTo(DeviceClass.STORAGE);
    assertThat(classify("0104", "1000", "03:00.0", "").deviceClass())
        .isEqualTo(DeviceClass.STORAGE);
    assertThat(classify("0200", "8086", "05:00.0", "").deviceClass()).isEqualTo(DeviceClass.NIC);
    assertThat(classify("0280", "8086", "00:14.3", "").deviceClass()).isEqualTo(DeviceClass.NIC);
    assertThat(classify("0c03", "8086", "00:14.0", "").deviceClass()).isEqualTo(DeviceClass.USB);
    assertThat(classify("0403", "8086", "00:1f.3", "").deviceClass())
        .isEqualTo(DeviceClass.AUDIO);
    assertThat(classify("0600", "8086", "00:00.0", "").deviceClass())
        .isEqualTo(DeviceClass.BRIDGE);
    assertThat(classify("0601", "8086", "00:1f.0", "").deviceClass())
        .isEqualTo(DeviceClass.BRIDGE);
    assertThat(classify("1200", "1da3", "3d:00.0", "").deviceClass())
        .isEqualTo(DeviceClass.ACCELERATOR);
    assertThat(classify("0b40", "8086", "6b:00.0", "").deviceClass())
        .isEqualTo(DeviceClass.ACCELERATOR);
    assertThat(classify("0880", "8086", "00:08.0", "").deviceClass())
        .isEqualTo(DeviceClass.OTHER);
    assertThat(classify(null, "8086", "00:08.0", "").deviceClass()).isEqualTo(DeviceClass.OTHER);
  }

  @Test
  void classNamesAndCodesMeet() {
    assertThat(PciClasses.code("Non-Volatile memory controller", PciIds.EMPTY)).isEqualTo("0108");
    assertThat(PciClasses.code("Network controller", PciIds.EMPTY)).isEqualTo("0280");
    assertThat(PciClasses.code("Generic system peripheral", PciIds.EMPTY)).isEqualTo("0880");
    assertThat(PciClasses.code("Frobnication unit", PciIds.EMPTY)).isNull();
    assertThat(PciClasses.name("0c03", PciIds.EMPTY)).isEqualTo("USB controller");
  }

  @Test
  void vendorsAreInferredFromTheNameLspciPrints() {
    PciIds none = PciIds.EMPTY;
    assertThat(Vendors.infer("Intel Corporation Device 461c", none).id()).isEqualTo("8086");
    assertThat(Vendors.infer("Advanced Micro Devices, Inc. [AMD/ATI] Ellesmere", none).id())
        .isEqualTo("1002");
    assertThat(Vendors.infer("Advanced Micro Devices, Inc. [AMD] FCH SMBus", none).id())
        .isEqualTo("1022");
    assertThat(Vendors.infer("AMD Solarflare XtremeScale SFC9250", none).id())
        .isEqualTo("1924");
    assertThat(Vendors.infer("ATI Technologies Inc RV710 [Radeon HD 4350]", none).id())
        .isEqualTo("1002");
    assertThat(Vendors.infer("NVIDIA Corporation GK107", none).id()).isEqualTo("10de");
    assertThat(Vendors.infer("Red Hat, Inc. Virtio network device", none).id())
        .isEqualTo("1af4");
    assertThat(Vendors.infer("Red Hat, Inc. QEMU PCIe Root port", none).id()).isEqualTo("1b36");
    assertThat(Vendors.infer("Broadcom / LSI MegaRAID SAS 2008 [Falcon]", none).id())
        .isEqualTo("1000");
    assertThat(Vendors.infer("Intelligent Widgets Ltd. Thing", none)).isNull();
    assertThat(Vendors.infer("Intel Corporation Device 461c", none).note())
        .isEqualTo("vendor 8086 inferred from the name 'Intel Corporation'");
  }

  @Test
  void pciIdsGivesNamesAndARecordedVersion() {
    PciIds ids = Dumps.pciIds();
    assertThat(ids.vendorName("8086")).isEqualTo("Intel Corporation");
    assertThat(ids.deviceName("8086", "9a49")).isEqualTo("TigerLake-LP GT2 [Iris Xe Graphics]");
    assertThat(ids.deviceName("8086", "ffff")).isNull();
    assertThat(ids.className("0c03")).isEqualTo("USB controller");
    assertThat(ids.describe()).isEqualTo("pci.ids version 2099.01.01");
    assertThat(ids.vendorOf("Red Hat, Inc. Virtio").ids()).containsExactly("1af4", "1b36");
    assertThat(Vendors.infer("Red Hat, Inc. Virtio block device", ids).id())
        .as("an ambiguous pci.ids name defers to the built-in list").isEqualTo("1af4");
    assertThatThrownBy(() -> PciIds.parse(Dumps.text("x.ids", "# nothing\n", "pci.ids")))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("x.ids: not a pci.ids file");
    assertThat(PciIds.firstOf(java.util.List.of(java.nio.file.Path.of("/nonexistent/pci.ids"))))
        .isSameAs(PciIds.EMPTY);
  }
}
