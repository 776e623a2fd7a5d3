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
  private final String what;
  private final long start = System.nanoTime();
  private long last;
  private boolean shown;

  private final long quietNanos;

  private Progress(PrintWriter err, long total, String what, long quietNanos) {
    this.err = err;
    this.total = total;
    this.what = what;
    this.quietNanos = quietNanos;
  }

  /**
   * Whether bars are drawn, and after how long a run: decided once per run from whether stderr
   * is a terminal (tests pass their own).
   */
  record Policy(boolean show, long quietNanos) {
    static Policy detect() {
      return new Policy(stderrIsTerminal(), QUIET_NANOS);
    }
  }

  /** {@code total} items, or -1 when unknown; {@code what} names them ("hosts"). */
  static Progress of(Policy policy, PrintWriter err, long total, String what) {
    return new Progress(policy.show() ? err : null, total, what, policy.quietNanos());
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
    if (now - start < quietNanos || (shown && now - last < EVERY_NANOS)) {
      return;
    }
    last = now;
    shown = true;
    err.print("\r" + line(done, total, what));
    err.flush();
  }

  static String line(long done, long total, String what) {
    if (total <= 0) {
      return String.format(Locale.ROOT, "vfio-policy: %,d %s", done, what);
    }
    int width = 30;
    int filled = (int) Math.min(width, width * done / total);
    return String.format(Locale.ROOT, "vfio-policy: [%s%s] %3d%% %,d/%,d %s",
        "#".repeat(filled), ".".repeat(width - filled), 100 * done / total, done, total, what);
  }

  @Override
  public synchronized void close() {
    if (err != null && shown) {
      err.print("\r" + " ".repeat(line(total, total, what).length() + 8) + "\r");
      err.flush();
    }
  }
}
