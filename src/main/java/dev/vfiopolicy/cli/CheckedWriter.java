package dev.vfiopolicy.cli;

import java.io.IOException;
import java.io.Writer;

/**
 * A writer that keeps the first failure of the one it wraps: PrintWriter and PrintStream only
 * set a flag, so a full disk behind standard output would otherwise end in exit 0. After a
 * failure, writes are dropped: a closed pipe ({@code | head}) costs nothing more.
 */
final class CheckedWriter extends Writer {
  private final Writer out;
  private IOException failure;

  CheckedWriter(Writer out) {
    this.out = out;
  }

  IOException failure() {
    return failure;
  }

  @Override
  public void write(char[] buf, int off, int len) {
    if (failure == null) {
      try {
        out.write(buf, off, len);
      } catch (IOException e) {
        failure = e;
      }
    }
  }

  @Override
  public void write(String s, int off, int len) {
    if (failure == null) {
      try {
        out.write(s, off, len);
      } catch (IOException e) {
        failure = e;
      }
    }
  }

  @Override
  public void flush() {
    if (failure == null) {
      try {
        out.flush();
      } catch (IOException e) {
        failure = e;
      }
    }
  }

  @Override
  public void close() {
    flush();
  }
}
