package dev.vfiopolicy.app;

import dev.vfiopolicy.InputException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A folder of output files written as one run ({@code report --out DIR}). The folder is locked
 * for the run, so a second run into it is refused rather than mixed in. Each file goes to a
 * temporary in the folder; {@link #commit()} moves them all into place and removes the files an
 * earlier run wrote that this one does not (an old {@code devices.csv} beside a report without
 * {@code --detail}). Which files the tool wrote is kept in {@code DIR/.vfio-policy}, which is
 * also the lock; only files with the names the caller declares can ever be removed, so a user's
 * own files in the folder are never touched. Closing without commit leaves the folder as it was.
 */
public final class OutputFiles implements AutoCloseable {
  /** The lock and the list of files the last run wrote. */
  static final String STATE = ".vfio-policy";

  private static final String HEADER =
      "# vfio-policy: the files the last run wrote in this folder; the next run replaces them\n"
          + "# together and removes those it does not write. This file also locks the folder\n"
          + "# while a run writes it.\n";

  private final Path given;
  private final Path dir;
  private final String option;
  private final Set<String> names;
  private final Targets.Lock lock;
  /** What the last run wrote, or null when no run recorded it (an older version, a new folder). */
  private final Set<String> previous;
  private final Map<String, Targets.Temp> pending = new LinkedHashMap<>();

  private OutputFiles(Path given, Path dir, String option, Set<String> names, Targets.Lock lock,
      Set<String> previous) {
    this.given = given;
    this.dir = dir;
    this.option = option;
    this.names = names;
    this.lock = lock;
    this.previous = previous;
  }

  /**
   * Opens {@code dir} (created when missing) for a run that writes files among {@code names};
   * refuses (exit 2, naming {@code option}) a target that is not a folder or a new path, a
   * folder another run is writing, and any of {@code names} that exists as something other than
   * a regular file. Removes temporaries that killed runs left.
   */
  public static OutputFiles folder(Path given, String option, Collection<String> names) {
    Path dir = Targets.check(given, option, Targets.Kind.FOLDER);
    String shown = option + " " + given;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new InputException(shown + ": cannot create the folder: " + Targets.reason(e));
    }
    Targets.Lock lock = Targets.Lock.tryTake(dir.resolve(STATE), shown);
    if (lock == null) {
      throw new InputException(shown + ": another vfio-policy run is writing this folder;"
          + " wait for it to finish, or give another folder");
    }
    try {
      Targets.removeAbandoned(dir);
      for (String name : names) {
        BasicFileAttributes a = Targets.attributes(dir.resolve(name));
        if (a != null && !a.isRegularFile()) {
          throw new InputException(shown + ": " + name + " there is "
              + (a.isDirectory() ? "a folder" : a.isSymbolicLink() ? "a symbolic link"
                  : "a device, FIFO or socket")
              + ", not a file; vfio-policy would have to replace it: move it away");
        }
      }
      return new OutputFiles(given, dir, option, new LinkedHashSet<>(names), lock,
          readState(lock.channel()));
    } catch (IOException e) {
      lock.close();
      throw new InputException(shown + ": cannot read " + STATE + ": " + Targets.reason(e));
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private String shown() {
    return option + " " + given;
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

  /** Writes one file of the set to its temporary; it replaces the target at {@link #commit()}. */
  public void stream(String name, Consumer<Writer> body) {
    if (!names.contains(name) || pending.containsKey(name)) {
      throw new IllegalArgumentException("not a declared output, or written twice: " + name);
    }
    Targets.Temp t;
    try {
      t = Targets.Temp.in(dir, name);
    } catch (IOException e) {
      throw new InputException(shown() + ": cannot create a file there: " + Targets.reason(e));
    }
    pending.put(name, t);
    try {
      try (Writer w = new OutputStreamWriter(new BufferedOutputStream(t.stream(), 1 << 16),
          StandardCharsets.UTF_8)) {
        body.accept(w);
      }
      t.sync();
    } catch (IOException e) {
      throw failed(name, t.failure() != null ? t.failure() : e);
    } catch (RuntimeException e) {
      if (t.failure() != null) {
        throw failed(name, t.failure());
      }
      throw e;
    }
  }

  private InputException failed(String name, IOException e) {
    return new InputException(shown() + ": cannot write " + name + ": " + Targets.reason(e)
        + "; the earlier files are untouched");
  }

  /**
   * Moves every file into place and removes the earlier run's files that this run did not
   * write. The list in {@code .vfio-policy} names both sets until the end, so a run killed in
   * the middle leaves a record that lets the next run remove them.
   */
  public void commit() {
    Set<String> written = new LinkedHashSet<>(pending.keySet());
    Set<String> stale = new LinkedHashSet<>(previous == null ? names : previous);
    stale.retainAll(names);
    stale.removeAll(written);
    String current = null;
    try {
      Set<String> both = new LinkedHashSet<>(written);
      both.addAll(stale);
      writeState(both);
      for (Map.Entry<String, Targets.Temp> e : pending.entrySet()) {
        current = e.getKey();
        e.getValue().moveTo(dir.resolve(current), shown());
      }
      for (String name : stale) {
        current = name;
        Path p = dir.resolve(name);
        BasicFileAttributes a = Targets.attributes(p);
        if (a != null && a.isRegularFile()) {
          Files.delete(p);
        }
      }
      current = STATE;
      writeState(written);
    } catch (IOException e) {
      throw new InputException(shown() + ": cannot replace " + current + ": "
          + Targets.reason(e));
    } finally {
      for (Targets.Temp t : pending.values()) {
        t.close();
      }
      pending.clear();
    }
  }

  private static Set<String> readState(FileChannel ch) throws IOException {
    long size = ch.size();
    if (size == 0 || size > 1 << 20) {
      return null;
    }
    ByteBuffer buf = ByteBuffer.allocate((int) size);
    while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
      // read the whole file
    }
    Set<String> out = new LinkedHashSet<>();
    for (String line : new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8)
        .split("\n")) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        out.add(l);
      }
    }
    return out;
  }

  private void writeState(Set<String> files) throws IOException {
    StringBuilder sb = new StringBuilder(HEADER);
    for (String f : files) {
      sb.append(f).append('\n');
    }
    ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
    FileChannel ch = lock.channel();
    ch.truncate(0);
    while (buf.hasRemaining()) {
      ch.write(buf, buf.position());
    }
    ch.force(true);
  }

  @Override
  public void close() {
    for (Targets.Temp t : pending.values()) {
      t.close();
    }
    pending.clear();
    lock.close();
  }
}
