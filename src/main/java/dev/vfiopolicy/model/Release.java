package dev.vfiopolicy.model;

/** A kernel release, major.minor ("6.6"); stable point releases are not told apart. */
public record Release(int major, int minor) implements Comparable<Release> {
  public Release {
    if (major < 0 || minor < 0) {
      throw new IllegalArgumentException("negative release number");
    }
  }

  /** Parses "6.6"; anything else (e.g. "6.6.1", "v6.6", "6") is refused. */
  public static Release parse(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 2 || !oneOrTwoDigits(parts[0]) || !oneOrTwoDigits(parts[1])) {
      throw new IllegalArgumentException("expected a release such as 6.6, found '" + text + "'");
    }
    return new Release(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
  }

  /** [0-9]{1,2}, without compiling that regex for every release a catalogue names. */
  private static boolean oneOrTwoDigits(String s) {
    if (s.isEmpty() || s.length() > 2) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  @Override
  public int compareTo(Release o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  public boolean before(Release o) {
    return compareTo(o) < 0;
  }

  // Written out: the record's generated equals is linked through invokedynamic on first use,
  // and catalog loading is where a run first compares two records.
  @Override
  public boolean equals(Object o) {
    return o instanceof Release r && major == r.major && minor == r.minor;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(major, minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
