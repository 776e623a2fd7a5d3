package dev.vfiopolicy.importer;

import java.util.Locale;

/**
 * Reads the few fields the importer needs from raw PCI configuration space: the bytes of a
 * sysfs {@code config} file or of lspci's {@code -xxx} hex dump.
 */
final class PciConfig {
  private PciConfig() {}

  /** What the PCIe Device Control register says about "Enable No Snoop" (bit 11). */
  enum NoSnoop {
    ENABLED,
    DISABLED,
    /** No PCI Express capability: a conventional PCI function has no DevCtl. */
    NOT_PCIE,
    /** The capability list runs past the bytes available (non-root reads get 64 bytes). */
    UNREADABLE
  }

  private static final int PCI_STATUS = 0x06;
  private static final int PCI_STATUS_CAP_LIST = 0x10;
  private static final int PCI_CAPABILITY_LIST = 0x34;
  private static final int PCI_CAP_ID_EXP = 0x10;
  private static final int PCI_EXP_DEVCTL = 0x08;
  private static final int PCI_EXP_DEVCTL_NOSNOOP_EN = 0x0800;

  static String vendorId(byte[] c) {
    return String.format(Locale.ROOT, "%02x%02x", c[1] & 0xff, c[0] & 0xff);
  }

  static String deviceId(byte[] c) {
    return String.format(Locale.ROOT, "%02x%02x", c[3] & 0xff, c[2] & 0xff);
  }

  /** Base class (byte 0x0b) and subclass (0x0a). */
  static String classCode(byte[] c) {
    return String.format(Locale.ROOT, "%02x%02x", c[0x0b] & 0xff, c[0x0a] & 0xff);
  }

  static NoSnoop noSnoop(byte[] c) {
    if (c.length < 0x40) {
      return NoSnoop.UNREADABLE;
    }
    if ((c[PCI_STATUS] & PCI_STATUS_CAP_LIST) == 0) {
      return NoSnoop.NOT_PCIE;
    }
    int headerType = c[0x0e] & 0x7f;
    if (headerType == 2) {
      return NoSnoop.NOT_PCIE; // CardBus bridges carry no PCIe capability
    }
    int ptr = c[PCI_CAPABILITY_LIST] & 0xfc;
    // 48 capabilities fill the 192 bytes after the header: more means a loop in the list.
    for (int i = 0; i < 48 && ptr != 0; i++) {
      if (ptr < 0x40 || ptr + 1 >= c.length) {
        return NoSnoop.UNREADABLE;
      }
      if ((c[ptr] & 0xff) == PCI_CAP_ID_EXP) {
        int at = ptr + PCI_EXP_DEVCTL;
        if (at + 1 >= c.length) {
          return NoSnoop.UNREADABLE;
        }
        int devctl = (c[at] & 0xff) | (c[at + 1] & 0xff) << 8;
        return (devctl & PCI_EXP_DEVCTL_NOSNOOP_EN) != 0 ? NoSnoop.ENABLED : NoSnoop.DISABLED;
      }
      ptr = c[ptr + 1] & 0xfc;
    }
    return NoSnoop.NOT_PCIE;
  }
}
