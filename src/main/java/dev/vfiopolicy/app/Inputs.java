package dev.vfiopolicy.app;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens input files, transparently gunzipping {@code .gz} ones. */
final class Inputs {
  private Inputs() {}

  /** The file's bytes, undecoded. */
  static InputStream raw(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException("Is a directory");
    }
    return Files.newInputStream(file);
  }

  /** {@code raw} buffered, and gunzipped for a {@code .gz} file. */
  static InputStream decoded(Path file, InputStream raw) throws IOException {
    InputStream in = new BufferedInputStream(raw, 1 << 16);
    if (file.getFileName().toString().endsWith(".gz")) {
      return new GZIPInputStream(in, 1 << 16);
    }
    return in;
  }

  static InputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    if (file.getFileName().toString().endsWith(".gz")) {
      return new GZIPInputStream(in, 1 << 16);
    }
    return in;
  }
}
