package dev.vfiopolicy.app;

import dev.vfiopolicy.InputException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every output target shares: the checks that refuse what must not be written, temporaries
 * named so that a later run recognises (and removes) those a killed run left, locks, and the
 * translation of I/O failures into one message that names the option.
 */
final class Targets {
  private Targets() {}

  /** Every temporary is named {@code .vfio-policy-*.tmp}: nothing else is ever cleaned. */
  static final String TEMP_PREFIX = ".vfio-policy-";

  static final String TEMP_SUFFIX = ".tmp";

  /**
   * A temporary that can be locked was left by a run that has ended; one this young may still
   * be between its creation and its lock, so it is left for the next run.
   */
  static final long STALE_MILLIS = 2_000;

  /** Where locks are not supported, a temporary is taken as abandoned after a day. */
  static final long STALE_UNLOCKABLE_MILLIS = 24L * 3600 * 1000;

  /** Kernel file systems: writing there changes the kernel or fails in strange ways. */
  private static final Set<String> PSEUDO_FS = Set.of("proc", "sysfs", "devtmpfs", "devpts",
      "cgroup", "cgroup2", "debugfs", "tracefs", "securityfs", "configfs", "pstore", "bpf",
      "efivarfs", "fusectl", "mqueue", "binfmt_misc", "selinuxfs", "hugetlbfs", "rpc_pipefs");

  private static final List<String> PSEUDO_DIRS = List.of("/proc", "/sys", "/dev");

  /**
   * Temporaries of this JVM not yet moved into place or deleted. An interrupt (Ctrl-C) runs
   * shutdown hooks but unwinds no thread, so the hook below is what removes them then.
   */
  static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

  /** The same temporaries by file key (device and inode): a folder may have several paths. */
  private static final Set<Object> LIVE_KEYS = ConcurrentHashMap.newKeySet();

  private static final SplittableRandom SEEDS = new SplittableRandom();

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

  enum Kind {
    FILE("file"),
    FOLDER("folder");

    final String noun;

    Kind(String noun) {
      this.noun = noun;
    }
  }

  /**
   * Refuses a target that is not a new path or an existing regular file (FILE) or folder
   * (FOLDER): '', '/', links, devices, FIFOs, sockets, kernel file systems, folders that do not
   * exist or cannot be written. Returns the absolute, normalised path.
   */
  static Path check(Path given, String option, Kind kind) {
    String shown = option + " " + given;
    if (given.toString().isEmpty()) {
      throw new InputException(option + " '': names no " + kind.noun);
    }
    Path abs = given.toAbsolutePath().normalize();
    if (abs.getFileName() == null) {
      throw new InputException(shown + ": is the root folder; give a " + kind.noun
          + (kind == Kind.FILE ? " name" : " to write into"));
    }
    refuseKernelFileSystem(abs, shown);
    BasicFileAttributes a = attributes(abs);
    if (a != null) {
      if (a.isSymbolicLink()) {
        throw new InputException(shown + ": is a symbolic link; vfio-policy does not write"
            + " through links: name the " + kind.noun + " itself" + linkTarget(abs));
      }
      if (kind == Kind.FILE && a.isDirectory()) {
        throw new InputException(shown + ": is a folder; give a file name");
      }
      if (kind == Kind.FOLDER && a.isRegularFile()) {
        throw new InputException(shown + ": is a file; give a folder");
      }
      if (a.isOther()) {
        throw new InputException(shown + ": is a device, FIFO or socket, not a " + kind.noun
            + "; vfio-policy writes only regular files and never replaces anything else");
      }
    }
    Path parent = abs.getParent();
    if (kind == Kind.FOLDER) {
      // The folder, or the nearest folder above it that exists (it is created when missing).
      Path existing = abs;
      while (existing != null && attributes(existing) == null) {
        existing = existing.getParent();
      }
      if (existing != null) {
        checkWritable(existing, shown);
      }
      return abs;
    }
    BasicFileAttributes pa = attributesFollowing(parent);
    if (pa == null) {
      throw new InputException(shown + ": the folder " + parent + " does not exist");
    }
    if (!pa.isDirectory()) {
      throw new InputException(shown + ": " + parent + " is not a folder");
    }
    checkWritable(parent, shown);
    return abs;
  }

  private static String linkTarget(Path link) {
    try {
      return " (" + link.toRealPath() + ")";
    } catch (IOException | SecurityException e) {
      return "";
    }
  }

  private static void refuseKernelFileSystem(Path abs, String shown) {
    String s = abs.toString();
    for (String d : PSEUDO_DIRS) {
      if (s.equals(d) || s.startsWith(d + "/")) {
        throw new InputException(shown + ": is under " + d + ", which belongs to the kernel;"
            + " give a path on a disk");
      }
    }
    try {
      Path existing = abs;
      while (existing != null && attributes(existing) == null) {
        existing = existing.getParent();
      }
      if (existing != null && PSEUDO_FS.contains(Files.getFileStore(existing).type())) {
        throw new InputException(shown + ": is on a kernel file system ("
            + Files.getFileStore(existing).type() + "); give a path on a disk");
      }
    } catch (IOException | SecurityException e) {
      // the checks that follow and the write itself will say what is wrong
    }
  }

  private static void checkWritable(Path folder, String shown) {
    if (!Files.isWritable(folder)) {
      throw new InputException(shown + ": cannot write in the folder " + folder);
    }
  }

  /** The entry itself (a link is not followed), or null when there is none. */
  static BasicFileAttributes attributes(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  private static BasicFileAttributes attributesFollowing(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class);
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  /** The reason alone ("No space left on device"), without the path Java puts before it. */
  static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /**
   * Removes {@code .vfio-policy-*.tmp} files in {@code dir} that no live run holds: runs lock
   * their temporaries, and a lock dies with its process, so one that can be locked was left by
   * a killed run. Nothing else in the folder is touched.
   */
  static void removeAbandoned(Path dir) {
    try (DirectoryStream<Path> s =
        Files.newDirectoryStream(dir, TEMP_PREFIX.replace(".", "\\.") + "*" + TEMP_SUFFIX)) {
      long now = System.currentTimeMillis();
      for (Path p : s) {
        removeIfAbandoned(p, now);
      }
    } catch (IOException | SecurityException e) {
      // cleaning is a courtesy; the run's own output does not depend on it
    }
  }

  private static void removeIfAbandoned(Path p, long now) {
    BasicFileAttributes a = attributes(p);
    // One of this JVM's own: closing a second channel on it would drop the lock it holds.
    if (LIVE.contains(p) || a == null || a.fileKey() != null && LIVE_KEYS.contains(a.fileKey())) {
      return;
    }
    if (!a.isRegularFile() || now - a.lastModifiedTime().toMillis() < STALE_MILLIS) {
      return;
    }
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS)) {
      boolean lockable = true;
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        return;
      } catch (IOException e) {
        lock = null;
        lockable = false;
      }
      if (lockable ? lock == null
          : now - a.lastModifiedTime().toMillis() < STALE_UNLOCKABLE_MILLIS) {
        return;
      }
      Files.deleteIfExists(p);
    } catch (IOException | SecurityException e) {
      // left for a later run
    }
  }

  /**
   * A temporary in the target's folder, locked for as long as this run holds it. Written through
   * a stream that remembers the first failure, so a failed write is reported as such even when
   * the code writing it wraps or drops the exception.
   */
  static final class Temp implements AutoCloseable {
    final Path path;
    private final FileChannel channel;
    private final Watched stream;
    private final Object key;
    private boolean moved;

    private Temp(Path path, FileChannel channel, Object key) {
      this.path = path;
      this.channel = channel;
      this.stream = new Watched(Channels.newOutputStream(channel));
      this.key = key;
    }

    static Temp in(Path dir, String name) throws IOException {
      String stem = name.length() > 64 ? name.substring(0, 64) : name;
      FileAttribute<?> mode =
          dir.getFileSystem().supportedFileAttributeViews().contains("posix")
              ? PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"))
              : null;
      for (int attempt = 0; ; attempt++) {
        long n;
        synchronized (SEEDS) {
          n = SEEDS.nextLong() & Long.MAX_VALUE;
        }
        Path p = dir.resolve(TEMP_PREFIX + stem + "." + Long.toString(n, 36) + TEMP_SUFFIX);
        FileChannel ch;
        try {
          Set<StandardOpenOption> opts = EnumSet.of(StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE);
          ch = mode == null ? FileChannel.open(p, opts) : FileChannel.open(p, opts, mode);
        } catch (java.nio.file.FileAlreadyExistsException e) {
          if (attempt < 10) {
            continue;
          }
          throw e;
        }
        LIVE.add(p);
        BasicFileAttributes a = attributes(p);
        Object key = a == null ? null : a.fileKey();
        if (key != null) {
          LIVE_KEYS.add(key);
        }
        try {
          ch.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
          // no locks on this file system: the temporary is then cleaned only when old
        }
        return new Temp(p, ch, key);
      }
    }

    OutputStream stream() {
      return stream;
    }

    /** The first write failure, or null. */
    IOException failure() {
      return stream.failure;
    }

    /** Data on the disk before the rename, so a crash leaves the old file or the whole new one. */
    void sync() throws IOException {
      if (stream.failure != null) {
        throw stream.failure;
      }
      try {
        channel.force(true);
      } catch (IOException e) {
        stream.failure = e;
        throw e;
      }
    }

    /** Replaces {@code target}, refusing again if it has become anything but a regular file. */
    void moveTo(Path target, String shown) throws IOException {
      BasicFileAttributes a = attributes(target);
      if (a != null && !a.isRegularFile()) {
        throw new InputException(shown + ": " + target.getFileName() + " is "
            + (a.isDirectory() ? "a folder" : a.isSymbolicLink() ? "a symbolic link"
                : "a device, FIFO or socket") + ", not a file; it was left as it is");
      }
      try {
        Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(path, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
      LIVE.remove(path);
    }

    private void forget() {
      LIVE.remove(path);
      if (key != null) {
        LIVE_KEYS.remove(key);
      }
    }

    @Override
    public void close() {
      try {
        channel.close();
      } catch (IOException e) {
        // the data was synced before any move; a failed close changes nothing on disk
      }
      if (!moved) {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          // a later run removes it (it is named and no longer locked)
        }
      }
      forget();
    }
  }

  /** Remembers the first failure and fails every later write the same way. */
  static final class Watched extends FilterOutputStream {
    IOException failure;

    Watched(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      check();
      try {
        out.write(b);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      check();
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void flush() throws IOException {
      check();
      try {
        out.flush();
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void close() {
      // the channel is closed by its Temp, after the sync and the move
    }

    private void check() throws IOException {
      if (failure != null) {
        throw failure;
      }
    }

    private IOException failed(IOException e) {
      if (failure == null) {
        failure = e;
      }
      return e;
    }
  }

  /**
   * An exclusive lock on {@code file} (created if absent), held until closed; within this JVM
   * too, where file locks do not exclude threads.
   */
  static final class Lock implements AutoCloseable {
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;

    private Lock(Path key, FileChannel channel) {
      this.key = key;
      this.channel = channel;
    }

    /** The lock, or null when another run holds it. */
    static Lock tryTake(Path file, String shown) {
      return take(file, shown, false);
    }

    /** Waits for the lock. */
    static Lock await(Path file, String shown) {
      return take(file, shown, true);
    }

    private static Lock take(Path file, String shown, boolean wait) {
      BasicFileAttributes a = attributes(file);
      if (a != null && !a.isRegularFile()) {
        throw new InputException(shown + ": " + file + " is not a regular file; vfio-policy"
            + " keeps its lock there: remove it");
      }
      Path key = file.toAbsolutePath().normalize();
      while (!HELD.add(key)) {
        if (!wait) {
          return null;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InputException(shown + ": interrupted while waiting for another run");
        }
      }
      FileChannel ch = null;
      try {
        ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
          FileLock l = wait ? ch.lock() : ch.tryLock();
          if (l == null) {
            ch.close();
            HELD.remove(key);
            return null;
          }
        } catch (IOException e) {
          // a file system without locks: go on unlocked rather than refuse to work there
        }
        return new Lock(key, ch);
      } catch (IOException e) {
        HELD.remove(key);
        if (ch != null) {
          try {
            ch.close();
          } catch (IOException ignored) {
            // already failing
          }
        }
        throw new InputException(shown + ": cannot create the lock file " + file + ": "
            + reason(e));
      }
    }

    FileChannel channel() {
      return channel;
    }

    @Override
    public void close() {
      try {
        channel.close();
      } catch (IOException e) {
        // closing the channel releases the lock in any case
      } finally {
        HELD.remove(key);
      }
    }
  }
}
