package dev.vfiopolicy.app;

import dev.vfiopolicy.InputException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * One file named by an option ({@code -o}, {@code --csv}): checked when the command starts, before
 * any work, and written whole or not at all. It is written to a temporary in the same folder and
 * moved over the target only once complete and on disk, so a full disk, an I/O error or a kill
 * leaves the earlier file as it was. A name ending in {@code .gz} is gzipped.
 */
public final class OutputFile {
  private final Path given;
  private final Path path;
  private final String option;

  private OutputFile(Path given, Path path, String option) {
    this.given = given;
    this.path = path;
    this.option = option;
  }

  /**
   * The target, refused (exit 2, naming {@code option}) unless it is a new path or a regular
   * file in a folder that can be written: '', '/', folders, links, devices, FIFOs, sockets and
   * kernel file systems are refused and left as they are. Temporaries that killed runs left in
   * the folder are removed.
   */
  public static OutputFile of(Path given, String option) {
    Path abs = Targets.check(given, option, Targets.Kind.FILE);
    Targets.removeAbandoned(abs.getParent());
    return new OutputFile(given, abs, option);
  }

  /** The path as given on the command line. */
  public Path given() {
    return given;
  }

  /**
   * The file's name without a trailing {@code .gz}: what chooses a format. Case counts, as it
   * does where population files are read.
   */
  public String formatName() {
    String n = path.getFileName().toString();
    return gzip() ? n.substring(0, n.length() - 3) : n;
  }

  public boolean gzip() {
    return path.getFileName().toString().endsWith(".gz");
  }

  String shown() {
    return option + " " + given;
  }

  /**
   * An exclusive lock for reading the file and writing it again ({@code population import
   * --append}): a second run waits until the first has replaced the file, so neither loses the
   * other's hosts. The lock lives in {@code .vfio-policy-NAME.lock} beside the file, which stays
   * (deleting it would let a third run lock a new file while a second still waits on the old).
   */
  public Lock lockForUpdate() {
    Path file = path.resolveSibling(Targets.TEMP_PREFIX + path.getFileName() + ".lock");
    return Targets.Lock.await(file, shown())::close;
  }

  /** A held lock; closing releases it. */
  @FunctionalInterface
  public interface Lock extends AutoCloseable {
    @Override
    void close();
  }

  /** Writes the file as UTF-8 text, gzipped when its name ends in {@code .gz}. */
  public void write(Consumer<Writer> body) {
    boolean existed = Targets.attributes(path) != null;
    Targets.Temp t;
    try {
      t = Targets.Temp.in(path.getParent(), path.getFileName().toString());
    } catch (IOException e) {
      throw new InputException(shown() + ": cannot create a file in " + path.getParent() + ": "
          + Targets.reason(e));
    }
    try (t) {
      try {
        OutputStream os = new BufferedOutputStream(t.stream(), 1 << 16);
        if (gzip()) {
          os = new GZIPOutputStream(os, 1 << 16);
        }
        try (Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8)) {
          body.accept(w);
        }
        t.sync();
        t.moveTo(path, shown());
      } catch (IOException e) {
        throw failed(t, e, existed);
      } catch (RuntimeException e) {
        if (t.failure() != null) {
          throw failed(t, t.failure(), existed);
        }
        throw e;
      }
    }
  }

  private InputException failed(Targets.Temp t, IOException e, boolean existed) {
    IOException io = t.failure() != null ? t.failure() : e;
    return new InputException(shown() + ": cannot write: " + Targets.reason(io) + "; "
        + (existed ? "the earlier file is untouched" : "nothing was written"));
  }
}
