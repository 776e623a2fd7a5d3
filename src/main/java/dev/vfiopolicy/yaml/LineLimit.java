package dev.vfiopolicy.yaml;

import dev.vfiopolicy.InputException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Refuses a line longer than a limit as the bytes go by, before a parser spends time and memory
 * on it: no value in any file this tool reads comes near a megabyte.
 */
public final class LineLimit extends FilterInputStream {
  /** The most bytes a line may have (its line end not counted). */
  public static final int MAX_LINE = 1 << 20;

  private final String file;
  private int line = 1;
  private int length;
  private long offset;
  /** Off for a file that starts as UTF-16 or UTF-32 text, whose bytes are not characters. */
  private boolean controls = true;

  public LineLimit(InputStream in, String file) {
    super(in);
    this.file = file;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      if (offset++ == 0) {
        first((byte) b);
      }
      see((byte) b);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n <= 0) {
      return n;
    }
    int i = off;
    int end = off + n;
    if (offset == 0) {
      first(buf[i]);
    }
    // Most bytes are printable and not line ends: found eight at a time (nextControl), the rest
    // byte by byte (see). This pass runs over every byte of a population file, ahead of the
    // parsers.
    int run = i;
    while ((i = nextControl(buf, i, end)) < end) {
      plain(i - run);
      see(buf[i]);
      i++;
      run = i;
    }
    plain(end - run);
    offset += n;
    return n;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * The index of the first control character (0x00 to 0x1f, line ends and tabs among them) or
   * DEL in b[i, end), or end. Eight bytes at a time: a word's lowest byte below 0x20, or equal
   * to 0x7f, sets the lowest flagged bit exactly (borrows only flag bytes above it), and bytes
   * from 0x80 up are never flagged. Also how the JSON Lines reader finds line ends.
   */
  public static int nextControl(byte[] b, int i, int end) {
    for (; i + 8 <= end; i += 8) {
      long w = (long) LONGS.get(b, i);
      long del = w ^ (0x7f * ONES);
      long flagged = ((w - 0x20 * ONES) & ~w | (del - ONES) & ~del) & HIGHS;
      if (flagged != 0) {
        return i + (Long.numberOfTrailingZeros(flagged) >>> 3);
      }
    }
    for (; i < end; i++) {
      byte x = b[i];
      if ((x >= 0 && x < 0x20) || x == 0x7F) {
        return i;
      }
    }
    return end;
  }

  /** {@code count} bytes in a row that are neither controls nor line ends. */
  private void plain(int count) {
    if (length + count > MAX_LINE) {
      throw tooLong();
    }
    length += count;
  }

  /** The file's first byte: a UTF-16 or UTF-32 start turns the control check off. */
  private void first(byte b) {
    controls = checksControls(b);
  }

  /**
   * Whether a file whose first byte is {@code first} has its control characters refused: not
   * one that starts as UTF-16 or UTF-32 text, whose bytes are not characters.
   */
  public static boolean checksControls(byte first) {
    return first != (byte) 0xFE && first != (byte) 0xFF && first != 0;
  }

  /**
   * The first byte in b[i, end) that is refused where controls are checked, or end: for a
   * reader that checks a line's bytes itself (the JSON Lines workers).
   */
  public static int firstRefused(byte[] b, int i, int end) {
    while ((i = nextControl(b, i, end)) < end && !refused(b[i])) {
      i++;
    }
    return i;
  }

  /** Whether b is refused where controls are checked: a control but tab and line ends, or DEL. */
  private static boolean refused(byte b) {
    return (b >= 0 && b < 0x20 && b != '\n' && b != '\r' && b != '\t') || b == 0x7F;
  }

  private void see(byte b) {
    if (controls && refused(b)) {
      throw control(file, line, length + 1, b);
    }
    if (b == '\n') {
      line++;
      length = 0;
    } else if (++length > MAX_LINE) {
      throw tooLong();
    }
  }

  /**
   * The refusal of the control character b at {@code line} (counted by line feeds) and
   * {@code column} (the line's bytes before it, plus one).
   */
  public static InputException control(String file, int line, int column, byte b) {
    // Said here, where the line is known: YAML's reader would say "special characters are
    // not allowed" at 1:1 whatever the line, and CSV would let terminal escapes through.
    return InputException.at(file, line, column, String.format(java.util.Locale.ROOT,
        "control character 0x%02x%s is not allowed in the file (only tab and line ends are)",
        b, b == 0x1B ? " (ESC, as in terminal colour codes)" : ""));
  }

  private InputException tooLong() {
    return tooLong(file, line);
  }

  /** The refusal of {@code line} (counted by line feeds) as longer than {@link #MAX_LINE}. */
  public static InputException tooLong(String file, int line) {
    return InputException.at(file, line, 0, "line " + line + " is longer than "
        + (MAX_LINE >> 20) + " MiB; this is not a file vfio-policy reads");
  }
}
