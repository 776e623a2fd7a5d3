package dev.vfiopolicy.population;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.Tasks;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A population file read in blocks that are parsed on worker threads and handed on in file
 * order on the calling thread, for the formats that can be cut between hosts (JSON Lines, CSV).
 * The format says where a block may end and how one is parsed; this keeps a bounded window of
 * blocks in flight, checks the hosts' names for duplicates in file order, and stops at the
 * first failure, so that hosts, checks and the first error are those of a pass host by host.
 */
final class BlockReader {
  private BlockReader() {}

  /** How one format cuts and parses blocks. */
  interface Format<P, S> {
    /**
     * The index just past the last place in b[0, len) where the block may end, or -1 for none
     * yet (the window reads on into a larger buffer). Not asked at the end of the file, where
     * the block is all that is left.
     */
    int cut(byte[] b, int len);

    /**
     * Where {@link #cut} found no place in b[0, len), which the window would read on into a
     * larger buffer: null to do so, or the failure to report once the blocks before have been
     * handed on (a line that would hold the buffer unbounded).
     */
    Supplier<RuntimeException> uncut(byte[] b, int len);

    /**
     * The work of parsing b[0, end), asked on the calling thread in file order, right after the
     * cut that ended the block; {@code last}: the block ends the file, and no cut was asked. It
     * runs on a worker and must not keep {@code b} once it is done: the buffer is used again.
     */
    Callable<P> parse(byte[] b, int end, boolean last);

    /** A parsed block as the window needs it; asked on the calling thread in file order. */
    Hosts<S> hosts(P parsed);
  }

  /**
   * A block's hosts as the window needs them: where each starts (its line is {@code lineBase}
   * plus the line it was noted with), what goes on, and the block's first failure (null if
   * none), made once the block's hosts are checked and handed on.
   */
  record Hosts<S>(Starts starts, long lineBase, S result, Supplier<RuntimeException> failure) {}

  /** The hosts a block starts, in file order, with their lines: for the duplicate check. */
  static final class Starts {
    private String[] names = new String[64];
    private long[] lines = new long[64];
    private int count;

    void add(String name, long line) {
      if (count == names.length) {
        names = Arrays.copyOf(names, count * 2);
        lines = Arrays.copyOf(lines, count * 2);
      }
      names[count] = name;
      lines[count++] = line;
    }

    int count() {
      return count;
    }

    String name(int i) {
      return names[i];
    }

    long line(int i) {
      return lines[i];
    }
  }

  /**
   * Checks a block's hosts' names against those before; the count of its hosts. A method of its
   * own: as the innermost loop of {@link #read} (host by host, within a loop once a block) it
   * had read compiled on-stack, late and at length, for one loop.
   */
  private static <S> int check(FleetReaders.DuplicateNames names, Hosts<S> h, String file) {
    Starts starts = h.starts();
    for (int i = 0; i < starts.count(); i++) {
      names.check(starts.name(i), file, h.lineBase() + starts.line(i));
    }
    return starts.count();
  }

  /** What was read: bytes, and hosts that passed. */
  record Totals(long bytes, long hosts) {}

  /**
   * A block being parsed and its buffer, or the failure met where it would have started (made
   * once the blocks before are handed on).
   */
  private record Block<P>(Future<P> done, byte[] bytes, Supplier<RuntimeException> readError) {}

  /**
   * Reads {@code in} in blocks of {@code block} bytes (more where the format finds no place to
   * cut), parsed on {@code threads} threads (the calling one alone for 1); each block's result
   * goes to {@code ordered} in file order once its hosts' names are checked.
   */
  static <P, S> Totals read(InputStream in, String file, Format<P, S> format,
      Consumer<S> ordered, int threads, int block) {
    FleetReaders.DuplicateNames names = new FleetReaders.DuplicateNames();
    ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "vfio-policy-blocks");
      t.setDaemon(true);
      return t;
    }) : null;
    long bytes = 0;
    long hosts = 0;
    ArrayDeque<Block<P>> window = new ArrayDeque<>();
    int maxInFlight = Math.max(2, threads * 2);
    // Blocks' buffers, used again once parsed: a new one per block was a third of the run's
    // garbage, and each young collection stops every thread.
    ArrayDeque<byte[]> free = new ArrayDeque<>();
    try {
      byte[] carry = new byte[0];
      boolean eof = false;
      while (!eof || !window.isEmpty()) {
        while (!eof && window.size() < maxInFlight) {
          byte[] buf;
          int len;
          try {
            if (carry.length * 2 <= block && !free.isEmpty()) {
              buf = free.poll();
              System.arraycopy(carry, 0, buf, 0, carry.length);
            } else {
              buf = Arrays.copyOf(carry, Math.max(block, carry.length * 2));
            }
            len = carry.length;
            int n;
            while (len < buf.length && (n = in.read(buf, len, buf.length - len)) > 0) {
              len += n;
            }
            eof = len < buf.length;
          } catch (IOException e) {
            InputException unreadable = InputException.unreadable(file, e);
            window.add(new Block<>(null, null, () -> unreadable));
            eof = true;
            break;
          } catch (RuntimeException e) {
            window.add(new Block<>(null, null, () -> e));
            eof = true;
            break;
          }
          int end = len;
          if (!eof) {
            end = format.cut(buf, len);
            if (end < 0) {
              Supplier<RuntimeException> refused = format.uncut(buf, len);
              if (refused != null) {
                window.add(new Block<>(null, null, refused));
                eof = true;
                break;
              }
              // No place to cut in the whole buffer: keep reading into a larger one.
              carry = Arrays.copyOf(buf, len);
              continue;
            }
          }
          carry = Arrays.copyOfRange(buf, end, len);
          bytes += end;
          Callable<P> task = format.parse(buf, end, eof);
          if (pool == null) {
            FutureTask<P> f = new FutureTask<>(task);
            f.run();
            window.add(new Block<>(f, buf, null));
          } else {
            window.add(new Block<>(pool.submit(task), buf, null));
          }
        }
        if (window.isEmpty()) {
          break;
        }
        Block<P> b = window.poll();
        if (b.readError() != null) {
          throw b.readError().get();
        }
        Hosts<S> h = format.hosts(Tasks.await(b.done()));
        if (b.bytes().length == block) {
          free.push(b.bytes());
        }
        hosts += check(names, h, file);
        ordered.accept(h.result());
        if (h.failure() != null) {
          throw h.failure().get();
        }
      }
      return new Totals(bytes, hosts);
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }
}
