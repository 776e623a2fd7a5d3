package dev.vfiopolicy.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * RFC 4180 CSV for spreadsheets: numbers stay numbers, and a text cell that a spreadsheet would
 * run as a formula (starting with = + - @, tab or CR) gets a leading apostrophe.
 */
public final class Csv implements AutoCloseable {
  private final CSVPrinter printer;
  private final boolean spreadsheetSafe;

  /** CSV for people's spreadsheets: formula-like text is neutralised. */
  public Csv(Appendable out, List<String> header) {
    this(out, header, true);
  }

  /**
   * {@code spreadsheetSafe} false writes text as it is, for data files a program reads back (the
   * fleet form of population files), where an apostrophe would change the value.
   */
  public Csv(Appendable out, List<String> header, boolean spreadsheetSafe) {
    this.spreadsheetSafe = spreadsheetSafe;
    try {
      this.printer =
          CSVFormat.RFC4180.builder()
              .setHeader(header.toArray(String[]::new))
              .setRecordSeparator("\r\n")
              .get()
              .print(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void row(Object... cells) {
    Object[] safe = new Object[cells.length];
    for (int i = 0; i < cells.length; i++) {
      safe[i] = spreadsheetSafe && cells[i] instanceof String s ? neutralise(s) : cells[i];
    }
    try {
      printer.printRecord(safe);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String neutralise(String s) {
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      return "'" + s;
    }
    return s;
  }

  @Override
  public void close() {
    try {
      printer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
