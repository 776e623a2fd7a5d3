package dev.vfiopolicy.app;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
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
   * A FileInputStream, not Files.newInputStream: the latter's available() seeks, which fails
   * ("Illegal seek") on a pipe such as {@code --claim <(...)}.
   */
  static InputStream open(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString());
    }
    InputStream in = new BufferedInputStream(new FileInputStream(file.toFile()), 1 << 16);
    if (file.getFileName().toString().endsWith(".gz")) {
      return new GZIPInputStream(in, 1 << 16);
    }
    return in;
  }
}
