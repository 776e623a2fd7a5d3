package dev.vfiopolicy.report;

/**
 * Plain text for a mailing-list reply: ASCII only, at most 72 columns, no tabs, no colour, the
 * command that reproduces it on lines a reader can paste, no reference to files the reader does
 * not have, and short by default: headline, tables and the main reasons; detail adds the rest.
 */
public final class EmailReport {
  public static final int WIDTH = 72;

  private EmailReport() {}

  public static String render(ReportData d) {
    return render(d, TextReport.By.DEVICE, false);
  }

  public static String render(ReportData d, TextReport.By by, boolean detail) {
    return ascii(PlainReport.render(d,
        new PlainReport.Options(WIDTH, false, by, true, detail)));
  }

  /** Typographic characters as ASCII; anything else outside ASCII as "?". */
  static String ascii(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      if (c == '\n' || (c >= 0x20 && c < 0x7f)) {
        out.append((char) c);
      } else {
        out.append(switch (c) {
          case 0x2018, 0x2019 -> "'";
          case 0x201c, 0x201d -> "\"";
          case 0x2013, 0x2014 -> "-";
          case 0x2026 -> "...";
          case 0xa7 -> "sec. ";
          case 0xb7 -> "-";
          case '\t' -> " ";
          default -> "?";
        });
      }
    });
    return out.toString();
  }
}
