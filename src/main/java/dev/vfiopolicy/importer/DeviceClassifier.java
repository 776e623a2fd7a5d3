package dev.vfiopolicy.importer;

import dev.vfiopolicy.model.DeviceClass;
import java.util.regex.Pattern;

/**
 * Sorts a PCI function into the model's device classes by its class code, and tells integrated
 * from discrete GPUs.
 *
 * <p>Integrated GPU heuristic: an Intel display function at 00:02.x (the address Intel has given
 * its integrated graphics since the G965/GM45 chipsets; Arc discrete cards sit behind a root
 * port); an AMD/ATI display function on bus 00 (Family 14h and older APUs) or whose name
 * carries an APU code name or "Integrated"; an NVIDIA chipset GPU (nForce, MCP, C7x). ASPEED and
 * Matrox display functions (server BMC video) are {@code other}. Every other display function
 * is discrete. Only the Intel one is "the IGD" that issues no-snoop DMA.
 */
final class DeviceClassifier {
  private DeviceClassifier() {}

  /**
   * @param intelIgd Intel integrated graphics, the one device known to issue no-snoop DMA
   * @param note why a GPU was called integrated or discrete, or that the class is unknown;
   *     empty otherwise
   */
  record Result(DeviceClass deviceClass, boolean intelIgd, String note) {}

  /** AMD APU graphics code names, from Family 14h (Wrestler) to Zen 5 (Strix, Krackan). */
  private static final Pattern AMD_APU = Pattern.compile(
      "(?i)\\b(integrated|apu|wrestler|sumo|trinity|richland|kaveri|godavari|kabini|temash"
          + "|mullins|beema|carrizo|stoney|bristol ridge|raven2?|picasso|dali|pollock|renoir"
          + "|cezanne|lucienne|barcelo|rembrandt|mendocino|raphael|phoenix[12]?|hawk point"
          + "|strix|krackan|granite ridge|van gogh|radeon vega mobile)\\b");

  /** NVIDIA chipset graphics: nForce, MCP7x/8x, and the C73/C77/C79 names pci.ids gives them. */
  private static final Pattern NVIDIA_CHIPSET =
      Pattern.compile("\\b(nForce|MCP\\d+\\w*|C7[379])\\b");

  static Result classify(String classCode, String vendor, PciAddress at, String name) {
    if (classCode == null) {
      return new Result(DeviceClass.OTHER, false, "class unknown");
    }
    String base = classCode.substring(0, 2);
    String sub = classCode.substring(2);
    String text = name == null ? "" : name;
    switch (base) {
      case "01":
        return plain(sub.equals("08") ? DeviceClass.NVME : DeviceClass.STORAGE);
      case "02":
        return plain(DeviceClass.NIC);
      case "03":
        return gpu(vendor, at, text);
      case "04":
        return plain(sub.equals("01") || sub.equals("03") ? DeviceClass.AUDIO
            : DeviceClass.OTHER);
      case "06":
        return plain(DeviceClass.BRIDGE);
      case "0b":
        return plain(sub.equals("40") ? DeviceClass.ACCELERATOR : DeviceClass.OTHER);
      case "0c":
        switch (sub) {
          case "03":
            return plain(DeviceClass.USB);
          case "04":
            return plain(DeviceClass.STORAGE); // Fibre Channel HBAs
          case "06":
            return plain(DeviceClass.NIC); // InfiniBand
          default:
            return plain(DeviceClass.OTHER);
        }
      case "12":
        return plain(DeviceClass.ACCELERATOR);
      default:
        return plain(DeviceClass.OTHER);
    }
  }

  private static Result gpu(String vendor, PciAddress at, String name) {
    boolean bus0 = at.domain() == 0 && at.bus() == 0;
    // ASPEED and Matrox G200 display functions are server management (BMC) video, not GPUs.
    if ("1a03".equals(vendor) || "102b".equals(vendor)) {
      return new Result(DeviceClass.OTHER, false, "other: server management (BMC) video");
    }
    if ("8086".equals(vendor)) {
      if (bus0 && at.device() == 2) {
        return new Result(DeviceClass.GPU_INTEGRATED, true,
            "gpu-integrated: Intel display function at 00:02." + at.function());
      }
      return new Result(DeviceClass.GPU_DISCRETE, false,
          "gpu-discrete: Intel display function not at 00:02.x");
    }
    if ("1002".equals(vendor) || "1022".equals(vendor)) {
      if (bus0) {
        return new Result(DeviceClass.GPU_INTEGRATED, false,
            "gpu-integrated: AMD display function on bus 00 (an APU)");
      }
      var m = AMD_APU.matcher(name);
      if (m.find()) {
        return new Result(DeviceClass.GPU_INTEGRATED, false,
            "gpu-integrated: AMD APU graphics ('" + m.group(1) + "' in the name)");
      }
      return new Result(DeviceClass.GPU_DISCRETE, false,
          "gpu-discrete: AMD display function off bus 00 without an APU name");
    }
    if ("10de".equals(vendor) && NVIDIA_CHIPSET.matcher(name).find()) {
      return new Result(DeviceClass.GPU_INTEGRATED, false,
          "gpu-integrated: NVIDIA chipset graphics (nForce/MCP)");
    }
    if (name.matches("(?i).*\\b(integrated|apu)\\b.*")) {
      return new Result(DeviceClass.GPU_INTEGRATED, false,
          "gpu-integrated: 'Integrated' in the name");
    }
    return new Result(DeviceClass.GPU_DISCRETE, false, "");
  }

  private static Result plain(DeviceClass c) {
    return new Result(c, false, "");
  }
}
