package dev.vfiopolicy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A progress bar on stderr for long runs: shown only when stderr is a terminal and the run has
 * taken more than a second; nothing otherwise, so pipes and logs stay clean.
 */
final class Progress implements AutoCloseable {
  private static final long QUIET_NANOS = 1_000_000_000L;
  private static final long EVERY_NANOS = 200_000_000L;

  private final PrintWriter err;
  private final long total;
  private final long start = System.nanoTime();
  private long last;
  private boolean shown;

  private Progress(PrintWriter err, long total) {
    this.err = err;
    this.total = total;
  }

  /** {@code total} hosts, or -1 when unknown. */
  static Progress onStderr(PrintWriter err, long total) {
    return new Progress(stderrIsTerminal() ? err : null, total);
  }

  /** Java 17 cannot ask whether fd 2 is a terminal; on Linux /proc can tell. */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  synchronized void update(long done) {
    if (err == null) {
      return;
    }
    long now = System.nanoTime();
    if (now - start < QUIET_NANOS || (shown && now - last < EVERY_NANOS)) {
      return;
    }
    last = now;
    shown = true;
    err.print("\r" + line(done, total));
    err.flush();
  }

  static String line(long done, long total) {
    if (total <= 0) {
      return String.format(Locale.ROOT, "vfio-policy: %,d hosts", done);
    }
    int width = 30;
    int filled = (int) Math.min(width, width * done / total);
    return String.format(Locale.ROOT, "vfio-policy: [%s%s] %3d%% %,d/%,d hosts",
        "#".repeat(filled), ".".repeat(width - filled), 100 * done / total, done, total);
  }

  @Override
  public synchronized void close() {
    if (err != null && shown) {
      err.print("\r" + " ".repeat(line(total, total).length() + 8) + "\r");
      err.flush();
    }
  }
}
