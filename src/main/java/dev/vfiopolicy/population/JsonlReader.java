package dev.vfiopolicy.population;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.yaml.LineLimit;
import dev.vfiopolicy.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * JSON Lines population files at close to parser speed. The bytes are cut into blocks at line
 * ends; blocks are parsed on several threads and handed on in file order, so hosts, duplicate
 * checks and the first error are the same as a line-by-line pass.
 *
 * <p>Each line is first read straight from its tokens ({@link JsonlHost}: no tree, no per-key
 * maps, and for a count no records at all): from its bytes where it is in the plain subset of
 * JSON the writer makes ({@link ByteTokens}), else from Jackson's parser. Anything but the plain
 * form (an unknown or duplicate key, a number where text is expected, a failed check, invalid
 * JSON) goes through the tree reader of the YAML form instead, {@link PopulationReader#host},
 * whose answer (the host, or the message naming line, column and what was expected) is the
 * contract; the quick paths only ever read a host as that reader would.
 */
final class JsonlReader {
  /** Bytes per block: enough to amortise a task, small enough to keep memory flat. */
  static final int BLOCK = 1 << 18;

  private static final JsonFactory JSON = JsonFactory.builder()
      // A parser per block (and per line it cannot read): its buffers come back to the thread.
      .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.threadLocalPool())
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
          .maxStringLength(1_000_000).build())
      .build();

  private JsonlReader() {}

  /**
   * Where a block's hosts go, on the worker that parses the block: a line in the plain form as
   * read from its tokens, any other as the tree reader read it.
   */
  interface Sink<S> {
    /** A sink for the next block. */
    S start();

    /** Whether lines are read into {@link Host}s ({@link JsonlHost#host}), not only keys. */
    boolean full();

    void plain(S s, JsonlHost line);

    void other(S s, Host h);
  }

  /** Hosts, each built, to {@code hosts} in file order. */
  static Sink<List<Host>> hosts() {
    return new Sink<>() {
      public List<Host> start() {
        return new ArrayList<>();
      }

      public boolean full() {
        return true;
      }

      public void plain(List<Host> s, JsonlHost line) {
        s.add(line.host());
      }

      public void other(List<Host> s, Host h) {
        s.add(h);
      }
    };
  }

  /** Hosts counted, a counter from {@code perBlock} for each block. */
  static <C extends HostCounter> Sink<C> counted(java.util.function.Supplier<C> perBlock) {
    return new Sink<>() {
      public C start() {
        return perBlock.get();
      }

      public boolean full() {
        return false;
      }

      public void plain(C s, JsonlHost line) {
        s.add(line.keys());
      }

      public void other(C s, Host h) {
        s.add(h);
      }
    };
  }

  /**
   * One block's result: its lines, its hosts' names with their line within the block, what the
   * sink made of them, and its first failure.
   */
  record Parsed<S>(int lines, BlockReader.Starts starts, S result, int failLine,
      String failText) {}

  /**
   * Reads {@code in}; each block's hosts go to a sink of its own on a worker thread, and the
   * sinks to {@code ordered} in file order, on the calling thread ({@link BlockReader}, blocks
   * cut at line ends).
   */
  static <S> void read(InputStream in, String file, Sink<S> sink, Consumer<S> ordered,
      int threads) {
    BlockReader.Totals read = BlockReader.read(in, file, new Lines<>(file, sink), ordered,
        threads, BLOCK);
    if (read.bytes() == 0) {
      throw InputException.at(file, 0, 0, "the file is empty; expected one JSON host per line");
    }
    if (read.hosts() == 0) {
      throw InputException.at(file, 0, 0,
          "the file has only blank lines; expected one JSON host per line");
    }
  }

  /** Blocks cut at line ends, each parsed by {@link #parse}; lines numbered in file order. */
  private static final class Lines<S> implements BlockReader.Format<Parsed<S>, S> {
    private final String file;
    private final Sink<S> sink;
    /** Lines in the blocks handed on so far. */
    private long lineBase;

    Lines(String file, Sink<S> sink) {
      this.file = file;
      this.sink = sink;
    }

    public int cut(byte[] b, int len) {
      return lastLineEnd(b, len);
    }

    public Callable<Parsed<S>> parse(byte[] b, int end, boolean last) {
      return () -> JsonlReader.parse(b, end, file, sink);
    }

    public BlockReader.Hosts<S> hosts(Parsed<S> p) {
      long base = lineBase;
      lineBase += p.lines();
      Supplier<RuntimeException> failure = null;
      if (p.failLine() > 0) {
        failure = () -> {
          int line = (int) Math.min(Integer.MAX_VALUE, base + p.failLine());
          // The tree reader says what is wrong, at the line's place in the file.
          PopulationReader.host(YamlReader.readJsonLine(p.failText(), file, line));
          return new IllegalStateException(file + ":" + line + ": refused, then read");
        };
      }
      return new BlockReader.Hosts<>(p.starts(), base, p.result(), failure);
    }
  }

  /** The index just past the last line feed in b[0, len), or -1. */
  private static int lastLineEnd(byte[] b, int len) {
    for (int i = len - 1; i >= 0; i--) {
      if (b[i] == '\n') {
        return i + 1;
      }
    }
    return -1;
  }

  /**
   * Parses the lines of b[0, end), split as BufferedReader.readLine splits them, into a sink of
   * its own; stops at the first line the tree reader refuses.
   *
   * <p>A line is read from its bytes first ({@link ByteTokens}); where that gives up, by
   * Jackson. One parser reads such lines in turn ({@link Shared}): a parser per line cost
   * its making, closing and buffer recycling on every line, and kept the JIT compiling that code.
   * Any line it does not take whole goes to a parser of its own ({@link #quick}) and then to the
   * tree reader; the shared parser is dropped there and a new one starts at the next line.
   */
  static <S> Parsed<S> parse(byte[] b, int end, String file, Sink<S> sink) {
    Block<S> block = new Block<>(b, end, file, sink);
    try {
      while (block.line()) {
        // One line a call.
      }
      return new Parsed<>(block.line, block.starts, block.result, block.failLine,
          block.failText);
    } finally {
      Shared.close(block.shared);
    }
  }

  /**
   * A block being parsed, one line a call of {@link #line}: the JIT compiles a method called
   * once a line once, where a loop over the block's lines within one call (once a block) was
   * compiled on-stack again and again, and late.
   */
  private static final class Block<S> {
    private final byte[] b;
    private final int end;
    private final String file;
    private final Sink<S> sink;
    private final S result;
    private final JsonlHost quick;
    private final ByteTokens bytes = new ByteTokens();
    private final BlockReader.Starts starts = new BlockReader.Starts();
    private Shared shared;
    /** The next line's first byte, and the lines so far. */
    private int i;
    private int line;
    private int failLine;
    private String failText;

    Block(byte[] b, int end, String file, Sink<S> sink) {
      this.b = b;
      this.end = end;
      this.file = file;
      this.sink = sink;
      this.result = sink.start();
      this.quick = new JsonlHost(sink.full());
    }

    /** Reads the next line; false at the block's end or where the tree reader refused it. */
    boolean line() {
      if (i >= end) {
        return false;
      }
      int s = i;
      line++;
      int k = s;
      while (k < end && (b[k] == ' ' || b[k] == '\t')) {
        k++;
      }
      // A plain line's end is where its object ends, past spaces and tabs; any other line's is
      // searched for.
      int e = -1;
      if (k < end && b[k] == '{') {
        e = bytes.read(quick, b, k, end);
        if (e >= 0) {
          // The shared parser, if any, stands before this line: a new one starts where needed.
          shared = Shared.close(shared);
        } else {
          if (shared == null) {
            shared = Shared.open(b, k, end);
          }
          e = shared.read(quick, b, k, end);
        }
      }
      boolean plain = e >= 0;
      if (!plain) {
        e = lineEnd(b, k, end);
        if (k < e) {
          // The shared parser stands somewhere in this line: a new one starts at the next.
          shared = Shared.close(shared);
          plain = quick(quick, b, s, e);
        }
      }
      i = e;
      if (i < end) {
        if (b[i] == '\r' && i + 1 < end && b[i + 1] == '\n') {
          i++;
        }
        i++;
      }
      // (A line of spaces and tabs is whitespace to the shared parser as well.)
      String name;
      if (plain) {
        name = quick.keys().name();
        sink.plain(result, quick);
      } else {
        String text = new String(b, s, e - s, StandardCharsets.UTF_8);
        if (text.isBlank()) {
          return true;
        }
        Host h;
        try {
          h = PopulationReader.host(YamlReader.readJsonLine(text, file, line));
        } catch (InputException ex) {
          failLine = line;
          failText = text;
          return false;
        }
        name = h.name();
        sink.other(result, h);
      }
      starts.add(name, line);
      return true;
    }
  }

  /**
   * A parser over the rest of a block, reading one line's host at a time. It answers for a line
   * only when the object starts at the line's first byte that is not a space or tab, and ends on
   * the same line (the parser counts \n, \r and \r\n as line breaks where they stand between
   * tokens, and refuses them anywhere else) with nothing but spaces and tabs after it: its
   * tokens are then those of a parser over the line alone ({@link #quick}), and so is what it
   * reads. Where it answers, the line's end needs no search of its own.
   */
  static final class Shared {
    private final JsonParser p;
    private final Tokens tokens;
    /** Where the parser starts in the block: its offsets count from there. */
    private final int base;

    private Shared(JsonParser p, int base) {
      this.p = p;
      this.tokens = p == null ? null : new Tokens.Jackson(p);
      this.base = base;
    }

    /** A parser over b[k, end); on failure one that answers for no line. */
    static Shared open(byte[] b, int k, int end) {
      try {
        return new Shared(JSON.createParser(b, k, end - k), k);
      } catch (IOException | RuntimeException ex) {
        return new Shared(null, k);
      }
    }

    /**
     * The end of the line whose first non-blank byte k is '{', in b[k, end), where {@code into}
     * read it in the plain form; else -1.
     */
    int read(JsonlHost into, byte[] b, int k, int end) {
      if (p == null) {
        return -1;
      }
      try {
        if (p.nextToken() != JsonToken.START_OBJECT
            || base + p.currentTokenLocation().getByteOffset() != k) {
          return -1;
        }
        int row = p.currentTokenLocation().getLineNr();
        if (!into.read(tokens) || p.currentToken() != JsonToken.END_OBJECT) {
          return -1;
        }
        JsonLocation at = p.currentLocation();
        long after = base + at.getByteOffset();
        if (at.getLineNr() != row || after <= k || after > end) {
          return -1;
        }
        int e = (int) after;
        while (e < end && (b[e] == ' ' || b[e] == '\t')) {
          e++;
        }
        return e == end || b[e] == '\n' || b[e] == '\r' ? e : -1;
      } catch (IOException | RuntimeException ex) {
        return -1;
      }
    }

    /** Closes {@code s} if there is one; null, for the caller's field. */
    static Shared close(Shared s) {
      if (s != null && s.p != null) {
        try {
          s.p.close();
        } catch (IOException ex) {
          // Nothing is held but buffers.
        }
      }
      return null;
    }
  }

  /**
   * The index of the first line end (\n or \r) in b[i, end), or end: line ends are among the
   * controls {@link LineLimit#nextControl} finds eight bytes at a time, and tabs the only other
   * control a line can hold (LineLimit refuses the rest). A method of its own, called once a
   * line: the JIT compiles it within the first block, where as the inner loop of {@link #parse}
   * (called once a block) it ran in the interpreter until parse's on-stack compilation came out
   * of the compiler's queue.
   */
  static int lineEnd(byte[] b, int i, int end) {
    while ((i = LineLimit.nextControl(b, i, end)) < end && b[i] != '\n' && b[i] != '\r') {
      i++;
    }
    return i;
  }

  /** Whether {@code into} read the line b[s, e) in the plain form. */
  static boolean quick(JsonlHost into, byte[] b, int s, int e) {
    int k = s;
    while (k < e && (b[k] == ' ' || b[k] == '\t')) {
      k++;
    }
    if (k >= e || b[k] != '{') {
      return false;
    }
    try (JsonParser p = JSON.createParser(b, k, e - k)) {
      p.nextToken();
      return into.read(new Tokens.Jackson(p)) && p.nextToken() == null;
    } catch (IOException | RuntimeException ex) {
      return false;
    }
  }
}

