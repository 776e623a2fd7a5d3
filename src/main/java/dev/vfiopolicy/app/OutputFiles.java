package dev.vfiopolicy.app;

import dev.vfiopolicy.InputException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A set of output files written as one: each goes to a temporary file in the target folder, and
 * {@link #commit()} moves them all into place. Closing without commit deletes the temporaries.
 */
public final class OutputFiles implements AutoCloseable {
  /**
   * Temporaries of every set not yet committed or closed. An interrupt (Ctrl-C) runs shutdown
   * hooks but unwinds no thread, so the hook below is what removes them then.
   */
  private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (Path tmp : LIVE) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // nothing more can be done while the JVM exits
        }
      }
    }, "vfio-policy-cleanup"));
  }

  private final Path dir;
  private final Map<Path, Path> pending = new LinkedHashMap<>();

  private OutputFiles(Path dir) {
    this.dir = dir;
  }

  /** Checks the folder can be written before any work is done. */
  public static OutputFiles in(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new InputException("--out " + dir + ": cannot create the folder: " + e.getMessage());
    }
    if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
      throw new InputException("--out " + dir + ": not a writable folder");
    }
    return new OutputFiles(dir);
  }

  /** Writes one file: a single file of the set, for commands that write one. */
  public static void writeOne(Path file, Consumer<Writer> body) {
    Path parent = file.toAbsolutePath().getParent();
    try (OutputFiles f = in(parent)) {
      f.stream(file.getFileName().toString(), body);
      f.commit();
    }
  }

  public void put(String name, String content) {
    stream(name, w -> {
      try {
        w.write(content);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  public void stream(String name, Consumer<Writer> body) {
    try {
      Path tmp = Files.createTempFile(dir, "." + name + ".", ".tmp");
      LIVE.add(tmp);
      readableByAll(tmp);
      pending.put(dir.resolve(name), tmp);
      try (Writer w = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8),
          1 << 16)) {
        body.accept(w);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void commit() {
    try {
      for (Map.Entry<Path, Path> e : pending.entrySet()) {
        try {
          Files.move(e.getValue(), e.getKey(), StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException x) {
          Files.move(e.getValue(), e.getKey(), StandardCopyOption.REPLACE_EXISTING);
        }
        LIVE.remove(e.getValue());
      }
      pending.clear();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Temporary files are created owner-only; a report is for everyone who can read the folder. */
  private static void readableByAll(Path file) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  @Override
  public void close() {
    for (Path tmp : pending.values()) {
      LIVE.remove(tmp);
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // best effort: a stray temporary is better than hiding the original failure
      }
    }
  }
}
