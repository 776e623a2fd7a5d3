package dev.vfiopolicy.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number formats pinned to no locale: the same bytes on every machine. */
public final class Formats {
  private Formats() {}

  /** {@code part / whole} as "12.3%", half-up; "-" when there is nothing to divide by. */
  static String percent(long part, long whole) {
    if (whole == 0) {
      return "-";
    }
    return BigDecimal.valueOf(part)
            .multiply(BigDecimal.valueOf(100))
            .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP)
            .toPlainString()
        + "%";
  }

  static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  static String padLeft(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }

  /** Words of {@code text} in lines of at most {@code width}, each line after the first indented. */
  public static String wrap(String text, int width, String indent) {
    StringBuilder out = new StringBuilder();
    int lead = text.length() - text.stripLeading().length();
    out.append(text, 0, lead);
    int col = lead;
    for (String word : text.substring(lead).split(" ")) {
      if (word.isEmpty()) {
        continue;
      }
      if (col > lead && col + 1 + word.length() > width) {
        out.append('\n').append(indent);
        col = indent.length();
      } else if (col > lead) {
        out.append(' ');
        col++;
      }
      out.append(word);
      col += word.length();
    }
    return out.toString();
  }
}
