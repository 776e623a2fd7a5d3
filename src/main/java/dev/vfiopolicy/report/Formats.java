package dev.vfiopolicy.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number formats pinned to no locale: the same bytes on every machine. */
public final class Formats {
  private Formats() {}

  /** {@code part / whole} as "12.3%", "<0.1%" or ">99.9%"; "-" with nothing to divide by. */
  static String percent(long part, long whole) {
    String s = share(part, whole);
    return s.equals("-") ? s : s + "%";
  }

  /**
   * {@code part / whole} in percent with one decimal, never rounded to 0.0 beside a non-zero
   * part ("<0.1") nor to 100.0 beside a missing one (">99.9"); "-" when there is nothing to
   * divide by. No % sign: tables say what the numbers are.
   */
  public static String share(long part, long whole) {
    if (whole == 0) {
      return "-";
    }
    BigDecimal v = BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
        .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    if (part > 0 && v.signum() == 0) {
      return "<0.1";
    }
    if (part < whole && v.compareTo(BigDecimal.valueOf(100)) == 0) {
      return ">99.9";
    }
    return v.toPlainString();
  }

  /** "1 device", "2 devices": a count and its noun, in the number it takes. */
  public static String count(long n, String noun) {
    return n + " " + (n == 1 ? noun : noun + "s");
  }

  /**
   * The header's count of devices: how many, how many assignable, and the bridges and root ports
   * that are not assigned and are counted nowhere below.
   */
  public static String devices(ReportData d) {
    long bridges = d.devices() - d.assignable();
    return count(d.hosts(), "host") + ", " + count(d.devices(), "device") + " of which "
        + d.assignable() + " assignable (" + (bridges == 1 ? "the 1 bridge or root port is"
        : "the " + bridges + " bridges and root ports are") + " not assigned and not counted"
        + " below), " + count(d.vms(), "VM");
  }

  static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  static String padLeft(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }

  /**
   * Words of {@code text} in lines of at most {@code width} columns; lines after the first start
   * with {@code indent}. Leading spaces of the text are kept. A word longer than a line (a
   * Message-ID, a path) is cut, so that no line is wider than {@code width}.
   */
  public static String wrap(String text, int width, String indent) {
    StringBuilder out = new StringBuilder();
    int lead = text.length() - text.stripLeading().length();
    out.append(text, 0, lead);
    int col = lead;
    boolean lineStart = true;
    for (String whole : text.substring(lead).split(" ")) {
      String word = whole;
      while (!word.isEmpty()) {
        int need = (lineStart ? 0 : 1) + word.length();
        if (col + need <= width) {
          out.append(lineStart ? "" : " ").append(word);
          col += need;
          lineStart = false;
          break;
        }
        if (!lineStart && indent.length() + word.length() <= width) {
          out.append('\n').append(indent);
          col = indent.length();
          lineStart = true;
          continue;
        }
        // The word does not fit on any line: fill this one and carry the rest.
        int room = width - col - (lineStart ? 0 : 1);
        if (room < 8 && !lineStart) {
          out.append('\n').append(indent);
          col = indent.length();
          lineStart = true;
          continue;
        }
        if (room > 1 && Character.isHighSurrogate(word.charAt(room - 1))) {
          room--; // never between the two halves of an emoji
        }
        out.append(lineStart ? "" : " ").append(word, 0, room);
        word = word.substring(room);
        out.append('\n').append(indent);
        col = indent.length();
        lineStart = true;
      }
    }
    return out.toString();
  }
}
