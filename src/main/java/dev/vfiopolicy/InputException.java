package dev.vfiopolicy;

/**
 * Bad input from a user: a file, a line, an option. The command layer prints the message alone
 * and exits with code 2; no stack trace is shown for it.
 */
public class InputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message, null, false, false);
  }

  /** Message prefixed with "file:line:column: ". Line and column are 1-based; 0 omits them. */
  public static InputException at(String file, int line, int column, String message) {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
      if (column > 0) {
        sb.append(':').append(column);
      }
    }
    return new InputException(sb.append(": ").append(message).toString());
  }

  /**
   * A read of {@code file} that failed part-way, as bad input naming it: the same words for every
   * file the tool reads (population, policy, claim, preset, dump). A gzip stream cut short or
   * corrupt says so.
   */
  public static InputException unreadable(String file, java.io.IOException e) {
    String m = e.getMessage();
    if (e instanceof java.io.EOFException) {
      return new InputException(file + ": cannot read: the file ends early"
          + (file.endsWith(".gz") ? " (a truncated gzip file?)" : ""));
    }
    if (e instanceof java.util.zip.ZipException) {
      return new InputException(file + ": cannot read: not a valid gzip file ("
          + (m == null ? "corrupt data" : m) + ")");
    }
    return new InputException(file + ": cannot read: "
        + (m == null ? e.getClass().getSimpleName() : m));
  }
}
