package dev.vfiopolicy.importer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PCI vendor id of a device whose dump names its vendor but does not number it (lspci
 * without {@code -nn}). lspci prints the vendor's pci.ids name first, so the longest known name
 * that starts the description wins. The result is an inference and says so.
 */
final class Vendors {
  private Vendors() {}

  /** A vendor id and how it was found, for the device's {@code source:}. */
  record Inference(String id, String note) {}

  /** Vendor names as pci.ids spells them (current and older spellings) to ids. */
  private static final Map<String, String> NAMES = new LinkedHashMap<>();

  static {
    NAMES.put("Intel Corporation", "8086");
    NAMES.put("Advanced Micro Devices, Inc. [AMD/ATI]", "1002");
    NAMES.put("Advanced Micro Devices [AMD] nee ATI", "1002");
    NAMES.put("ATI Technologies Inc", "1002");
    NAMES.put("Advanced Micro Devices, Inc. [AMD]", "1022");
    NAMES.put("Advanced Micro Devices [AMD]", "1022");
    NAMES.put("AMD Solarflare", "1924");
    NAMES.put("Solarflare Communications", "1924");
    NAMES.put("NVIDIA Corporation", "10de");
    NAMES.put("Realtek Semiconductor Co., Ltd.", "10ec");
    NAMES.put("Samsung Electronics Co Ltd", "144d");
    NAMES.put("Broadcom Inc. and subsidiaries", "14e4");
    NAMES.put("Broadcom Limited", "14e4");
    NAMES.put("Broadcom Corporation", "14e4");
    NAMES.put("Broadcom / LSI", "1000");
    NAMES.put("LSI Logic / Symbios Logic", "1000");
    NAMES.put("Mellanox Technologies", "15b3");
    NAMES.put("Qualcomm Atheros", "168c");
    NAMES.put("Atheros Communications Inc.", "168c");
    NAMES.put("Qualcomm Technologies, Inc", "17cb");
    NAMES.put("Toshiba Corporation", "1179");
    NAMES.put("Toshiba America Info Systems", "1179");
    NAMES.put("Genesys Logic, Inc", "17a0");
    NAMES.put("Sandisk Corp", "15b7");
    NAMES.put("Micron Technology Inc", "1344");
    NAMES.put("Micron/Crucial Technology", "c0a9");
    NAMES.put("Phison Electronics Corporation", "1987");
    NAMES.put("SK hynix", "1c5c");
    NAMES.put("Kingston Technology Company, Inc.", "2646");
    NAMES.put("ASMedia Technology Inc.", "1b21");
    NAMES.put("ASPEED Technology, Inc.", "1a03");
    NAMES.put("Matrox Electronics Systems Ltd.", "102b");
    NAMES.put("VIA Technologies, Inc.", "1106");
    NAMES.put("Texas Instruments", "104c");
    NAMES.put("JMicron Technology Corp.", "197b");
    NAMES.put("Renesas Technology Corp.", "1912");
    NAMES.put("NEC Corporation", "1033");
    NAMES.put("Huawei Technologies Co., Ltd.", "19e5");
    NAMES.put("Ampere Computing, LLC", "1def");
    NAMES.put("Cavium, Inc.", "177d");
    NAMES.put("Amazon.com, Inc.", "1d0f");
    NAMES.put("VMware", "15ad");
    NAMES.put("Microsoft Corporation", "1414");
    NAMES.put("MEDIATEK Corp.", "14c3");
    NAMES.put("Emulex Corporation", "10df");
    NAMES.put("QLogic Corp.", "1077");
    NAMES.put("Chelsio Communications Inc", "1425");
    NAMES.put("Aquantia Corp.", "1d6a");
    NAMES.put("Silicon Motion, Inc.", "126f");
    NAMES.put("O2 Micro, Inc.", "1217");
    NAMES.put("Ricoh Co Ltd", "1180");
    NAMES.put("Creative Labs", "1102");
    NAMES.put("Fresco Logic", "1b73");
    NAMES.put("Etron Technology, Inc.", "1b6f");
    NAMES.put("IBM", "1014");
    // Both Red Hat ids carry the same name: virtio devices are 1af4, QEMU's own (root ports,
    // bridges) 1b36.
    NAMES.put("Red Hat, Inc. Virtio", "1af4");
    NAMES.put("Red Hat, Inc.", "1b36");
    // 11ab and 1b4b are both "Marvell Technology Group Ltd."; 11ab is the older (network) id.
    NAMES.put("Marvell Technology Group Ltd.", "11ab");
  }

  /** The vendor of an lspci description such as "Intel Corporation Device 461c"; null if none. */
  static Inference infer(String description, PciIds ids) {
    String best = null;
    for (String name : NAMES.keySet()) {
      if ((description.equals(name) || description.startsWith(name + " "))
          && (best == null || name.length() > best.length())) {
        best = name;
      }
    }
    PciIds.VendorMatch fromIds = ids.vendorOf(description);
    if (fromIds != null && fromIds.ids().size() == 1
        && (best == null || fromIds.name().length() > best.length())) {
      return new Inference(fromIds.ids().get(0), "vendor " + fromIds.ids().get(0)
          + " inferred from the name '" + fromIds.name() + "' (" + ids.describe() + ")");
    }
    if (best != null) {
      String id = NAMES.get(best);
      String note = "vendor " + id + " inferred from the name '" + best + "'";
      if (best.startsWith("Marvell")) {
        note += " (1b4b has the same name)";
      }
      return new Inference(id, note);
    }
    // Names outside the table that still say who made the chip.
    if (description.contains("[AMD/ATI]") || description.startsWith("ATI ")) {
      return new Inference("1002", "vendor 1002 inferred from 'ATI' in the name");
    }
    if (description.startsWith("Advanced Micro Devices") || description.startsWith("AMD ")) {
      return new Inference("1022", "vendor 1022 inferred from 'AMD' in the name");
    }
    return null;
  }
}
