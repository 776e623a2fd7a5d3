package dev.vfiopolicy.importer;

import java.util.Comparator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PCI function address, {@code domain:bus:device.function}. lspci leaves the domain out when it
 * is 0000; VMD and some servers use 5-digit domains ({@code 10000:e1:00.0}).
 */
record PciAddress(int domain, int bus, int device, int function) implements Comparable<PciAddress> {
  /** The text of an address: optional domain of 4 to 8 hex digits, then bus:device.function. */
  static final String REGEX =
      "(?:[0-9a-fA-F]{4,8}:)?[0-9a-fA-F]{2}:[0-1][0-9a-fA-F]\\.[0-7]";

  private static final Pattern PARTS = Pattern.compile(
      "(?:([0-9a-fA-F]{4,8}):)?([0-9a-fA-F]{2}):([0-1][0-9a-fA-F])\\.([0-7])");

  private static final Comparator<PciAddress> ORDER =
      Comparator.comparingInt(PciAddress::domain)
          .thenComparingInt(PciAddress::bus)
          .thenComparingInt(PciAddress::device)
          .thenComparingInt(PciAddress::function);

  /** Parses an address matching {@link #REGEX}; null when it does not match. */
  static PciAddress parse(String text) {
    Matcher m = PARTS.matcher(text);
    if (!m.matches()) {
      return null;
    }
    long domain = m.group(1) == null ? 0 : Long.parseLong(m.group(1), 16);
    if (domain > Integer.MAX_VALUE) {
      return null;
    }
    return new PciAddress((int) domain, Integer.parseInt(m.group(2), 16),
        Integer.parseInt(m.group(3), 16), Integer.parseInt(m.group(4), 16));
  }

  /** The form population files use: domain always present, at least 4 digits, lower case. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%04x:%02x:%02x.%x", domain, bus, device, function);
  }

  /** bus:device.function, how lspci prints domain 0000 and how reviewers say it. */
  String shortForm() {
    return String.format(Locale.ROOT, "%02x:%02x.%x", bus, device, function);
  }

  @Override
  public int compareTo(PciAddress o) {
    return ORDER.compare(this, o);
  }
}
