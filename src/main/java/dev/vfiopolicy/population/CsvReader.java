package dev.vfiopolicy.population;

import dev.vfiopolicy.InputException;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVParser;

/**
 * CSV population files counted in parallel blocks ({@link BlockReader}), with the hosts,
 * duplicate checks and first error of {@link FleetReaders#csv(InputStream, String, Consumer)},
 * whose row code ({@link FleetReaders.CsvRows}) each block runs.
 *
 * <p>A block ends after a line feed at which Commons CSV stands between records, never inside a
 * quoted field ({@link Cutter}), and where the host column changes: a host's rows are checked
 * against each other (arch, kind, units, device names, VMs, the device limit), so a block holds
 * whole hosts and its first row starts a host, as it does in a pass over the whole file. Only a
 * host larger than {@link #CAP} bytes is cut inside its rows, so that memory stays bounded; the
 * block after such a cut waits for the one before and goes on with its host.
 */
final class CsvReader {
  /** Bytes per block: enough to amortise a task, small enough to keep memory flat. */
  static final int BLOCK = 1 << 18;

  /** Blocks per buffer past which a host's rows are cut (no realistic host comes near). */
  static final int CAP = 16;

  private CsvReader() {}

  static <C extends HostCounter> void read(InputStream in, String file, Supplier<C> perBlock,
      Consumer<C> ordered, int threads) {
    read(in, file, perBlock, ordered, threads, BLOCK);
  }

  /**
   * Reads {@code in}: each block's hosts are counted by a counter of its own from
   * {@code perBlock} on a worker thread, and the counters handed to {@code ordered} in file
   * order. {@code block}: bytes per block, small in tests so that cuts land everywhere.
   */
  static <C extends HostCounter> void read(InputStream in, String file, Supplier<C> perBlock,
      Consumer<C> ordered, int threads, int block) {
    BlockReader.Totals read = BlockReader.read(in, file,
        new Rows<>(file, perBlock, new Cutter(block * CAP)), ordered, threads, block);
    if (read.hosts() == 0) {
      throw InputException.at(file, 1, 0, "no rows after the header");
    }
  }

  /**
   * One block's result: the counter of its hosts, their names with their lines in the file, and
   * its first error (null if none).
   */
  record Parsed<C>(C counter, BlockReader.Starts starts, InputException error) {}

  /** Blocks of rows, cut by a {@link Cutter}, each read by {@link FleetReaders.CsvRows}. */
  private static final class Rows<C extends HostCounter>
      implements BlockReader.Format<Parsed<C>, C> {
    private final String file;
    private final Supplier<C> perBlock;
    private final Cutter cutter;
    /** The header's columns, once the first block is cut; 0 before. */
    private int columns;
    /** Line ends before the next block. */
    private long lineBase;
    /**
     * The host the block before ended in, where it was cut inside a host's rows: given by that
     * block's task once it is done (failed with that block); null if the block ended a host.
     */
    private CompletableFuture<FleetReaders.HostRows> open;

    Rows(String file, Supplier<C> perBlock, Cutter cutter) {
      this.file = file;
      this.perBlock = perBlock;
      this.cutter = cutter;
    }

    public int cut(byte[] b, int len) {
      return cutter.cut(b, len);
    }

    public Supplier<RuntimeException> uncut(byte[] b, int len) {
      // The file comes through a LineLimit, which refuses a line past 1 MiB as it is read.
      return null;
    }

    public Callable<Parsed<C>> parse(byte[] b, int end, boolean last) {
      boolean header = columns == 0;
      if (header) {
        // Every block needs the header's width: it is checked here, before any block is
        // parsed (nothing in the file comes before it).
        try (CSVParser p = FleetReaders.csvParser(FleetReaders.withoutBom(new BufferedReader(
            new InputStreamReader(new ByteArrayInputStream(b, 0, end), StandardCharsets.UTF_8))),
            true, file)) {
          columns = FleetReaders.csvColumns(p, file);
        } catch (IOException e) {
          throw InputException.unreadable(file, e);
        }
      }
      int width = columns;
      long base = lineBase;
      lineBase += cutter.lines;
      CompletableFuture<FleetReaders.HostRows> before = open;
      CompletableFuture<FleetReaders.HostRows> after = !last && cutter.split
          ? new CompletableFuture<>() : null;
      open = after;
      return () -> {
        try {
          return parse(new String(b, 0, end, StandardCharsets.UTF_8), header, base, width,
              before, after);
        } catch (RuntimeException | Error e) {
          if (after != null) {
            after.completeExceptionally(e);
          }
          throw e;
        }
      };
    }

    public BlockReader.Hosts<C> hosts(Parsed<C> p) {
      InputException error = p.error();
      return new BlockReader.Hosts<>(p.starts(), 0, p.counter(),
          error == null ? null : () -> error);
    }

    /**
     * Parses one block, {@code base} lines into the file. {@code before}: the host the block
     * goes on with, from the block before; {@code after}: where this block's last host goes,
     * unfinished, for the next (null: the block ends with its host).
     */
    private Parsed<C> parse(String text, boolean header, long base, int width,
        CompletableFuture<FleetReaders.HostRows> before,
        CompletableFuture<FleetReaders.HostRows> after) throws IOException {
      C counter = perBlock.get();
      BlockReader.Starts starts = new BlockReader.Starts();
      FleetReaders.HostRows going = null;
      if (before != null) {
        try {
          going = before.join();
        } catch (CompletionException e) {
          // The block before failed: the window stops there and never hands this one on.
          if (after != null) {
            after.completeExceptionally(e.getCause());
          }
          return new Parsed<>(counter, starts, null);
        }
      }
      InputException error = null;
      FleetReaders.CsvRows rows = new FleetReaders.CsvRows(file, width, starts::add,
          counter::add, going);
      try (CSVParser p = FleetReaders.csvParser(header
          ? FleetReaders.withoutBom(new StringReader(text)) : new StringReader(text), header,
          file)) {
        FleetReaders.csvRecords(p, base, rows, file, after == null);
      } catch (InputException e) {
        error = e;
      }
      if (after != null) {
        if (error != null) {
          after.completeExceptionally(error);
        } else {
          after.complete(rows.open());
        }
      }
      return new Parsed<>(counter, starts, error);
    }
  }

  /**
   * Finds where a block may end, following Commons CSV's lexer (RFC 4180: quote '"', no escape,
   * no comments, no trimming) byte by byte from the block's start, which is a record's start. A
   * quote opens a quoted field only as a field's first character (elsewhere it is text); in a
   * quoted field two quotes are one, and a single one closes it. Counting quotes alone is not
   * enough: in {@code a"b,"c<LF>d"} the line feed has two quotes before it and is inside a
   * quoted field. Past a closing quote Commons CSV takes only spaces before the comma or line
   * end and refuses anything else there, where this no longer needs to follow it.
   *
   * <p>Also counts line ends as Commons CSV does (CR, LF, or CR LF as one, quoted or not), so
   * that a block's lines are numbered from the block's first line in the file.
   */
  static final class Cutter {
    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    /** A quote in a quoted field: the end of the field, or the first of two. */
    private static final int QUOTE = 3;

    /** Buffer size from which a host's rows are cut, for want of a host change. */
    private final int cap;
    /** Before the first cut: the file's start, where a byte-order mark may stand. */
    private boolean first = true;
    /** Line ends before the cut last found. */
    long lines;
    /** Whether the cut last found is inside a host's rows (the host column did not change). */
    boolean split;

    Cutter(int cap) {
      this.cap = cap;
    }

    /**
     * The index just past the last line feed in b[0, len) after which a record starts with
     * another host than the record before; without one, in a buffer of at least the cap, just
     * past the last line feed that ends a record; else -1.
     */
    int cut(byte[] b, int len) {
      int i = first && len >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB
          && b[2] == (byte) 0xBF ? 3 : 0;
      int state = FIELD_START;
      long count = 0;
      // The record being read: where it starts, where its first field ends (-1: not yet).
      int start = i;
      int firstEnd = -1;
      // The record before it, where it ended at a line feed (else start -1): its first field,
      // and the line ends up to that line feed.
      int prevStart = -1;
      int prevEnd = -1;
      long prevLines = 0;
      // A record ended at a CR: the next byte tells whether a line feed ends it too.
      boolean cr = false;
      int hostCut = -1;
      long hostLines = 0;
      int anyCut = -1;
      long anyLines = 0;
      for (; i < len; i++) {
        if (firstEnd >= 0 && (state == UNQUOTED || state == FIELD_START)) {
          // Past a record's first field and outside quotes only quotes and line ends matter (a
          // quote right after a comma opens a field, anywhere else it is text): skipped to in a
          // loop of its own, as this runs over every byte of the file on the reading thread.
          byte x;
          while (i < len && (x = b[i]) != '"' && x != '\r' && x != '\n') {
            i++;
          }
          if (i == len) {
            break;
          }
          if (b[i] == '"') {
            state = b[i - 1] == ',' ? QUOTED : UNQUOTED;
            continue;
          }
        }
        byte c = b[i];
        boolean lf = c == '\n';
        if (c == '\r' || (lf && (i == 0 || b[i - 1] != '\r'))) {
          count++;
        }
        if (cr) {
          cr = false;
          if (lf) {
            // The line feed of a CR LF that ended the record before.
            start = i + 1;
            prevLines = count;
            anyCut = start;
            anyLines = count;
            continue;
          }
          prevStart = -1;
        }
        if (state == QUOTED) {
          if (c == '"') {
            state = QUOTE;
          }
          continue;
        }
        if (c == '"' && state != UNQUOTED) {
          // A quoted field opening, or two quotes in one.
          state = QUOTED;
          continue;
        }
        if (c != ',' && c != '\r' && !lf) {
          state = UNQUOTED;
          continue;
        }
        state = FIELD_START;
        if (firstEnd < 0) {
          firstEnd = i;
          if (prevStart >= 0 && !sameValue(b, prevStart, prevEnd, start, firstEnd)) {
            hostCut = start;
            hostLines = prevLines;
          }
          prevStart = -1;
        }
        if (c == ',') {
          continue;
        }
        // The record ends.
        prevStart = start;
        prevEnd = firstEnd;
        start = i + 1;
        firstEnd = -1;
        if (lf) {
          prevLines = count;
          anyCut = start;
          anyLines = count;
        } else {
          cr = true;
        }
      }
      split = hostCut < 0;
      int cut = hostCut;
      lines = hostLines;
      if (split) {
        cut = len >= cap ? anyCut : -1;
        lines = anyLines;
      }
      if (cut >= 0) {
        first = false;
      }
      return cut;
    }

    /** Whether two first fields hold the same text, as Commons CSV and String.equals see it. */
    static boolean sameValue(byte[] b, int s1, int e1, int s2, int e2) {
      if (Arrays.equals(b, s1, e1, b, s2, e2)) {
        return true;
      }
      if (plain(b, s1, e1) && plain(b, s2, e2)) {
        return false;
      }
      return value(b, s1, e1).equals(value(b, s2, e2));
    }

    /** ASCII and unquoted: different bytes are different text. */
    private static boolean plain(byte[] b, int s, int e) {
      if (s < e && b[s] == '"') {
        return false;
      }
      for (int i = s; i < e; i++) {
        if (b[i] < 0) {
          return false;
        }
      }
      return true;
    }

    /** A field's text: a quoted one without its quotes, two quotes as one; decoded as UTF-8. */
    private static String value(byte[] b, int s, int e) {
      if (s == e || b[s] != '"') {
        return new String(b, s, e - s, StandardCharsets.UTF_8);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(e - s);
      for (int i = s + 1; i < e; i++) {
        if (b[i] == '"') {
          if (i + 1 < e && b[i + 1] == '"') {
            i++;
          } else {
            break;
          }
        }
        out.write(b[i]);
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
