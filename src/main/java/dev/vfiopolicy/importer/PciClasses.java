package dev.vfiopolicy.importer;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * PCI class codes and the names lspci prints for them (the PCI Code and ID Assignment
 * classes), so that a plain {@code lspci} line, which names its class but does not number it,
 * and a dmesg or sysfs record, which numbers it but does not name it, meet on the same code.
 * Only the classes a reviewer meets on x86, arm64, s390 and POWER hosts; an unknown class is
 * classified as {@code other}.
 */
final class PciClasses {
  private PciClasses() {}

  /** Four-digit code (base class, subclass) to name. */
  private static final Map<String, String> NAMES = new LinkedHashMap<>();
  /** Lower-case name to code; subclass names win over the base-class names they repeat. */
  private static final Map<String, String> CODES = new LinkedHashMap<>();

  static {
    sub("0000", "Non-VGA unclassified device");
    sub("0001", "VGA compatible unclassified device");
    sub("0100", "SCSI storage controller");
    sub("0101", "IDE interface");
    sub("0102", "Floppy disk controller");
    sub("0103", "IPI bus controller");
    sub("0104", "RAID bus controller");
    sub("0105", "ATA controller");
    sub("0106", "SATA controller");
    sub("0107", "Serial Attached SCSI controller");
    sub("0108", "Non-Volatile memory controller");
    sub("0180", "Mass storage controller");
    sub("0200", "Ethernet controller");
    sub("0201", "Token ring network controller");
    sub("0202", "FDDI network controller");
    sub("0203", "ATM network controller");
    sub("0204", "ISDN controller");
    sub("0207", "Infiniband controller");
    sub("0208", "Fabric controller");
    sub("0280", "Network controller");
    sub("0300", "VGA compatible controller");
    sub("0301", "XGA compatible controller");
    sub("0302", "3D controller");
    sub("0380", "Display controller");
    sub("0400", "Multimedia video controller");
    sub("0401", "Multimedia audio controller");
    sub("0402", "Computer telephony device");
    sub("0403", "Audio device");
    sub("0480", "Multimedia controller");
    sub("0500", "RAM memory");
    sub("0501", "FLASH memory");
    sub("0580", "Memory controller");
    sub("0600", "Host bridge");
    sub("0601", "ISA bridge");
    sub("0602", "EISA bridge");
    sub("0604", "PCI bridge");
    sub("0605", "PCMCIA bridge");
    sub("0607", "CardBus bridge");
    sub("0609", "Semi-transparent PCI-to-PCI bridge");
    sub("0680", "Bridge");
    sub("0700", "Serial controller");
    sub("0701", "Parallel controller");
    sub("0702", "Multiport serial controller");
    sub("0703", "Modem");
    sub("0780", "Communication controller");
    sub("0800", "PIC");
    sub("0801", "DMA controller");
    sub("0802", "Timer");
    sub("0803", "RTC");
    sub("0804", "PCI Hot-plug controller");
    sub("0805", "SD Host controller");
    sub("0806", "IOMMU");
    sub("0880", "System peripheral");
    sub("0980", "Input device controller");
    sub("0b40", "Co-processor");
    sub("0c00", "FireWire (IEEE 1394)");
    sub("0c03", "USB controller");
    sub("0c04", "Fibre Channel");
    sub("0c05", "SMBus");
    sub("0c06", "InfiniBand");
    sub("0c07", "IPMI Interface");
    sub("0c80", "Serial bus controller");
    sub("0d11", "Bluetooth");
    sub("0d80", "Wireless controller");
    sub("1080", "Encryption controller");
    sub("1101", "Performance counters");
    sub("1180", "Signal processing controller");
    sub("1200", "Processing accelerators");
    sub("1300", "Non-Essential Instrumentation");
    sub("ff00", "Unassigned class");
    base("00", "Unclassified device");
    base("01", "Mass storage controller");
    base("02", "Network controller");
    base("03", "Display controller");
    base("04", "Multimedia controller");
    base("05", "Memory controller");
    base("06", "Bridge");
    base("07", "Communication controller");
    base("08", "Generic system peripheral");
    base("09", "Input device controller");
    base("0b", "Processor");
    base("0c", "Serial bus controller");
    base("0d", "Wireless controller");
    base("10", "Encryption controller");
    base("11", "Signal processing controller");
    base("12", "Processing accelerators");
    base("13", "Non-Essential Instrumentation");
  }

  private static void sub(String code, String name) {
    NAMES.put(code, name);
    CODES.putIfAbsent(name.toLowerCase(Locale.ROOT), code);
  }

  /** lspci prints a base-class name only with the code beside it; the subclass is "other". */
  private static void base(String code, String name) {
    CODES.putIfAbsent(name.toLowerCase(Locale.ROOT), code + "80");
  }

  /** The name of a four-digit code: pci.ids first, then the built-in table; null if neither. */
  static String name(String code, PciIds ids) {
    String n = ids.className(code);
    return n != null ? n : NAMES.get(code);
  }

  /** The four-digit code of a class name as lspci prints it; null when unknown. */
  static String code(String name, PciIds ids) {
    String c = CODES.get(name.toLowerCase(Locale.ROOT));
    return c != null ? c : ids.classCode(name);
  }
}
