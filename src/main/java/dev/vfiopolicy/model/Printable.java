package dev.vfiopolicy.model;

/**
 * Text from data (device names from a dump, policy titles, file paths, host names) made safe for
 * a terminal or a mail: control characters (C0 and C1, DEL, ESC and so the start of every
 * terminal escape sequence), bidirectional overrides and line separators are shown escaped
 * ({@code \x1b}, {@code \t}, {@code \u202e}) instead of acting on the reader's terminal. One
 * helper for the text, markdown and email formats, explain, claims, diff and error messages.
 * Text without such characters is returned as it is, the same instance: normal output keeps its
 * bytes.
 */
public final class Printable {
  private Printable() {}

  /** Every control character escaped, line ends included: for one field on one line. */
  public static String field(String s) {
    return escape(s, false, false);
  }

  /** Control characters escaped except the line end: for a multi-line text or message. */
  public static String lines(String s) {
    return escape(s, true, false);
  }

  /**
   * As {@link #lines}, keeping the plain SGR colour sequences ({@code ESC [ digits ; m}) the
   * text report adds itself when asked for colour.
   */
  public static String colouredLines(String s) {
    return escape(s, true, true);
  }

  private static boolean unsafe(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029 || c == 0x200e
        || c == 0x200f || c == 0x061c;
  }

  private static String escape(String s, boolean keepNewline, boolean keepSgr) {
    if (s == null) {
      return null;
    }
    int first = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (unsafe(c) && !(keepNewline && c == '\n')) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, first);
    for (int i = first; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!unsafe(c) || (keepNewline && c == '\n')) {
        out.append(c);
        continue;
      }
      if (keepSgr && c == 0x1b) {
        int end = sgrEnd(s, i);
        if (end > 0) {
          out.append(s, i, end);
          i = end - 1;
          continue;
        }
      }
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> out.append(c <= 0xff ? String.format("\\x%02x", (int) c)
            : String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  /** The end of an SGR sequence {@code ESC [ [0-9;]* m} starting at {@code i}, or -1. */
  private static int sgrEnd(String s, int i) {
    if (i + 2 >= s.length() || s.charAt(i + 1) != '[') {
      return -1;
    }
    int j = i + 2;
    while (j < s.length() && j < i + 12 && (Character.isDigit(s.charAt(j))
        || s.charAt(j) == ';')) {
      j++;
    }
    return j < s.length() && s.charAt(j) == 'm' ? j + 1 : -1;
  }

  /**
   * One word of a shell command a reader can paste: as it is when it is plain (letters, digits
   * and {@code _./:@%+=,-}), else single-quoted, else, with a space, a quote or a control
   * character in it, in bash's {@code $'...'} form with those escaped. A newline in a path no longer breaks the
   * "reproduce" line.
   */
  public static String shellWord(String s) {
    if (!s.isEmpty() && s.matches("[A-Za-z0-9_./:@%+=,-]+")) {
      return s;
    }
    boolean plain = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'' || c == '\\' || unsafe(c)) {
        plain = false;
        break;
      }
    }
    if (plain && s.indexOf(' ') < 0) {
      return "'" + s + "'";
    }
    StringBuilder out = new StringBuilder("$'");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'' || c == '\\') {
        out.append('\\').append(c);
      } else if (c == ' ') {
        out.append("\\x20");
      } else if (unsafe(c)) {
        out.append(c <= 0xff ? String.format("\\x%02x", (int) c)
            : String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('\'').toString();
  }
}
