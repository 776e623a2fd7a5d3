package dev.vfiopolicy.population;

import dev.vfiopolicy.InputException;

/**
 * What a population file may hold, so that memory is bounded by these numbers and not by what a
 * file says: the longest host name, the most devices (and IOMMU units) on one host, the most
 * hosts in a file, and how far a gzip file may expand. Each is far beyond any real machine or
 * fleet; each can be raised with a system property ({@code JAVA_OPTS=-Dvfio-policy.max-...=N}),
 * and its message says which.
 */
public final class Limits {
  public static final String NAME_PROPERTY = "vfio-policy.max-host-name";
  public static final String DEVICES_PROPERTY = "vfio-policy.max-devices-per-host";
  public static final String HOSTS_PROPERTY = "vfio-policy.max-hosts";
  public static final String GZIP_PROPERTY = "vfio-policy.max-gzip-ratio";

  /** Characters in a host name (DNS names have at most 253). */
  public static final int HOST_NAME = (int) value(NAME_PROPERTY, 1024);

  /** Devices on one host, and IOMMU units on one host. */
  public static final int DEVICES = (int) value(DEVICES_PROPERTY, 16_384);

  /** Hosts in one file. */
  public static final long HOSTS = value(HOSTS_PROPERTY, 1_000_000_000L);

  /**
   * Bytes out of a gzip file per byte in, once past the first 64 MiB out (generated population
   * files expand 50 to 100 times).
   */
  public static final long GZIP_RATIO = value(GZIP_PROPERTY, 300);

  private Limits() {}

  private static long value(String property, long fallback) {
    String v = System.getProperty(property);
    if (v == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(v.strip());
      if (n > 0 && n <= Integer.MAX_VALUE) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new InputException("-D" + property + ": expected a whole number from 1 to "
        + Integer.MAX_VALUE + ", found '" + v + "'");
  }

  /** How to raise a limit, for the end of its message. */
  public static String raise(String property) {
    return "; if it is a real machine or fleet, raise the limit with JAVA_OPTS=-D" + property
        + "=N";
  }

  /** A host name, checked against {@link #HOST_NAME}; null when it is within it. */
  static String nameTooLong(String name) {
    if (name.length() <= HOST_NAME) {
      return null;
    }
    return "the host name is " + name.length() + " characters long, more than the limit of "
        + HOST_NAME + raise(NAME_PROPERTY);
  }

  static String tooManyDevices(String host, String what) {
    return "host '" + Nodes.abbreviate(host) + "' has more than " + DEVICES + " " + what
        + raise(DEVICES_PROPERTY);
  }

  /** Keeps the one place that shortens names for messages. */
  private static final class Nodes {
    static String abbreviate(String s) {
      String oneLine = s.replaceAll("[\\p{Cntrl}]", "?");
      return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }
  }
}
