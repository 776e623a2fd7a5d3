package dev.vfiopolicy.app;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.population.Limits;
import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens input files, transparently gunzipping {@code .gz} ones. */
final class Inputs {
  private Inputs() {}

  /**
   * The file's bytes, undecoded. A FileInputStream rather than a channel: a pipe or FIFO
   * (/dev/stdin) reads like a file, where a channel's available() fails with "Illegal seek".
   */
  static InputStream raw(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException("it is a directory");
    }
    try {
      return new FileInputStream(file.toFile());
    } catch (FileNotFoundException e) {
      if (!Files.exists(file)) {
        throw new NoSuchFileException(file.toString());
      }
      String m = e.getMessage();
      // "x (Permission denied)": the reason, the file is named by the caller.
      if (m != null && m.endsWith(")") && m.lastIndexOf(" (") > 0) {
        m = m.substring(m.lastIndexOf(" (") + 2, m.length() - 1);
      }
      throw new IOException(m);
    }
  }

  /**
   * {@code raw} buffered, and gunzipped for a {@code .gz} file (within {@link Limits#GZIP_RATIO}
   * of its size). A read that fails part-way (a truncated or corrupt gzip file, a device error)
   * is bad input naming the file, the same for every format and reader.
   */
  static InputStream decoded(Path file, InputStream raw) throws IOException {
    String name = file.toString();
    Counting in = new Counting(new BufferedInputStream(raw, 1 << 16));
    InputStream out = in;
    if (file.getFileName() != null && file.getFileName().toString().endsWith(".gz")) {
      try {
        out = new GzipBound(new GZIPInputStream(in, 1 << 16), in, name);
      } catch (IOException e) {
        throw InputException.unreadable(name, e);
      }
    }
    return new ReadErrors(out, name);
  }

  static InputStream open(Path file) throws IOException {
    return decoded(file, raw(file));
  }

  /** Counts the bytes read through it. */
  private static final class Counting extends FilterInputStream {
    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }

  /** Refuses a gzip stream that expands beyond {@link Limits#GZIP_RATIO} times its size. */
  private static final class GzipBound extends FilterInputStream {
    private static final long FREE = 64L << 20;
    private final Counting compressed;
    private final String file;
    private long out;

    GzipBound(InputStream in, Counting compressed, String file) {
      super(in);
      this.compressed = compressed;
      this.file = file;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        see(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        see(n);
      }
      return n;
    }

    private void see(int n) {
      out += n;
      if (out > FREE && out > Limits.GZIP_RATIO * Math.max(1, compressed.count)) {
        throw new InputException(file + ": the gzip file expands more than "
            + Limits.GZIP_RATIO + " times its size (" + compressed.count + " bytes to more than "
            + out + "); this is not a population file"
            + Limits.raise(Limits.GZIP_PROPERTY).replace("real machine or fleet",
                "real population file"));
      }
    }
  }

  /** Turns a failed read into bad input naming the file. */
  private static final class ReadErrors extends FilterInputStream {
    private final String file;

    ReadErrors(InputStream in, String file) {
      super(in);
      this.file = file;
    }

    @Override
    public int read() throws IOException {
      try {
        return in.read();
      } catch (IOException e) {
        throw InputException.unreadable(file, e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        throw InputException.unreadable(file, e);
      }
    }

    @Override
    public int available() throws IOException {
      try {
        return in.available();
      } catch (IOException e) {
        return 0;
      }
    }
  }
}
