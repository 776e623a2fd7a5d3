package dev.vfiopolicy.yaml;

import dev.vfiopolicy.InputException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses a line longer than a limit as the bytes go by, before a parser spends time and memory
 * on it: no value in any file this tool reads comes near a megabyte.
 */
public final class LineLimit extends FilterInputStream {
  static final int MAX_LINE = 1 << 20;

  private final String file;
  private int line = 1;
  private int length;

  public LineLimit(InputStream in, String file) {
    super(in);
    this.file = file;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      see((byte) b);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    for (int i = 0; i < n; i++) {
      see(buf[off + i]);
    }
    return n;
  }

  private void see(byte b) {
    if (b == '\n') {
      line++;
      length = 0;
    } else if (++length > MAX_LINE) {
      throw InputException.at(file, line, 0, "line " + line + " is longer than "
          + (MAX_LINE >> 20) + " MiB; this is not a file vfio-policy reads");
    }
  }
}
