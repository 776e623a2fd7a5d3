package dev.vfiopolicy.importer;

/**
 * The limits on what an import reads, in one place, each far above a real machine and each
 * raised with a system property (in JAVA_OPTS for the launcher) should a real machine exceed it.
 * They keep a wrong or hostile argument (a disk image, /dev/zero, a FIFO, a sparse file) from
 * filling the heap or hanging the run: each is exit 2 naming the file, the limit and the property.
 */
final class ImportLimits {
  /** Bytes of one dump, after gunzip (so also the gzip expansion limit). */
  static final String DUMP_MIB = "vfiopolicy.import.maxDumpMiB";
  /** Lines of one dump. */
  static final String DUMP_LINES = "vfiopolicy.import.maxDumpLines";
  /** Bytes of one sysfs attribute (vendor, class, config, ...); real ones are at most 4 KiB. */
  static final String ATTRIBUTE_KIB = "vfiopolicy.import.maxSysfsAttributeKiB";
  /** PCI functions in one dump or sysfs tree. */
  static final String DEVICES = "vfiopolicy.import.maxDevices";

  private ImportLimits() {}

  static long dumpBytes() {
    return (long) positive(DUMP_MIB, 16) << 20;
  }

  static int dumpLines() {
    return positive(DUMP_LINES, 1_000_000);
  }

  static int attributeBytes() {
    return positive(ATTRIBUTE_KIB, 64) << 10;
  }

  static int devices() {
    return positive(DEVICES, 16_384);
  }

  /** How to raise a limit, for the end of a message. */
  static String raise(String property, String unit) {
    return "if this is a real machine, raise the limit with JAVA_OPTS=-D" + property + "=" + unit;
  }

  private static int positive(String property, int fallback) {
    Integer v = Integer.getInteger(property);
    return v == null || v <= 0 || v > (1 << 20) * 1024 ? fallback : v;
  }
}
