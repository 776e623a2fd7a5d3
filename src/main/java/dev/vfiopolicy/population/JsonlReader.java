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
 * checks and the first error are the same as a line-by-line pass, {@link LineLimit}'s checks
 * among them (control characters, lines over 1 MiB), which run on the workers line by line.
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
   * One block's result: its lines (as BufferedReader counts them) and line feeds, its hosts'
   * names with their line within the block, what the sink made of them, and its first failure:
   * a line the tree reader refused, or a line {@link LineLimit} would.
   */
  record Parsed<S>(int lines, int newlines, BlockReader.Starts starts, S result, int failLine,
      String failText, Refusal refusal) {}

  /**
   * A line refused as {@link LineLimit} refuses it, where it counts lines (by line feeds, the
   * block's {@code newlines} before it) and columns: a control character at {@code column}, or
   * (column 0) a line longer than {@link LineLimit#MAX_LINE}.
   */
  record Refusal(int newlines, int column, byte control) {
    RuntimeException exception(String file, long newlineBase) {
      int line = (int) Math.min(Integer.MAX_VALUE, newlineBase + newlines + 1);
      return column == 0 ? LineLimit.tooLong(file, line)
          : LineLimit.control(file, line, column, control);
    }
  }

  /**
   * Reads {@code in}; each block's hosts go to a sink of its own on a worker thread, and the
   * sinks to {@code ordered} in file order, on the calling thread ({@link BlockReader}, blocks
   * cut at line ends).
   */
  static <S> void read(InputStream in, String file, Sink<S> sink, Consumer<S> ordered,
      int threads) {
    read(in, file, sink, ordered, threads, BLOCK);
  }

  /** {@link #read} in blocks of {@code block} bytes (tests try small ones). */
  static <S> void read(InputStream in, String file, Sink<S> sink, Consumer<S> ordered,
      int threads, int block) {
    BlockReader.Totals read = BlockReader.read(in, file, new Lines<>(file, sink), ordered,
        threads, block);
    if (read.bytes() == 0) {
      throw InputException.at(file, 0, 0, "the file is empty; expected one JSON host per line");
    }
    if (read.hosts() == 0) {
      throw InputException.at(file, 0, 0,
          "the file has only blank lines; expected one JSON host per line");
    }
  }

  /**
   * Blocks cut after line feeds, each parsed by {@link #parse}; lines numbered in file order.
   * Each block starts a line as {@link LineLimit} counts them, so the workers check its limits
   * line by line ({@link Block#line}) instead of a LineLimit over every byte on the calling
   * thread ahead of them (70 to 100 ms of a 190 MB file); only a buffer with no line feed in
   * more than {@link LineLimit#MAX_LINE} bytes is refused here ({@link #uncut}). The first
   * refusal in the file is reported, whichever kind, as in a pass line by line.
   */
  private static final class Lines<S> implements BlockReader.Format<Parsed<S>, S> {
    private final String file;
    private final Sink<S> sink;
    /** Lines, and line feeds, in the blocks handed on so far. */
    private long lineBase;
    private long newlineBase;
    /** Whether control characters are refused, once the file's first byte is seen. */
    private Boolean controls;

    Lines(String file, Sink<S> sink) {
      this.file = file;
      this.sink = sink;
    }

    /** Whether control characters are refused; the first buffer asked holds the file's start. */
    private boolean controls(byte[] b, int len) {
      if (controls == null) {
        controls = len == 0 || LineLimit.checksControls(b[0]);
      }
      return controls;
    }

    public int cut(byte[] b, int len) {
      controls(b, len);
      return lastLineEnd(b, len);
    }

    public Supplier<RuntimeException> uncut(byte[] b, int len) {
      if (len <= LineLimit.MAX_LINE) {
        return null;
      }
      // One line, longer than the limit: refused as LineLimit would, at a control character
      // within the limit, else for its length; its number is known once the blocks before are.
      int x = controls(b, len) ? LineLimit.firstRefused(b, 0, LineLimit.MAX_LINE + 1)
          : LineLimit.MAX_LINE + 1;
      Refusal r = x <= LineLimit.MAX_LINE ? new Refusal(0, x + 1, b[x])
          : new Refusal(0, 0, (byte) 0);
      return () -> r.exception(file, newlineBase);
    }

    public Callable<Parsed<S>> parse(byte[] b, int end, boolean last) {
      boolean checked = controls(b, end);
      return () -> JsonlReader.parse(b, end, file, sink, checked);
    }

    public BlockReader.Hosts<S> hosts(Parsed<S> p) {
      long base = lineBase;
      long newlines = newlineBase;
      lineBase += p.lines();
      newlineBase += p.newlines();
      Supplier<RuntimeException> failure = null;
      if (p.refusal() != null) {
        failure = () -> p.refusal().exception(file, newlines);
      } else if (p.failLine() > 0) {
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
   * its own; stops at the first line the tree reader refuses or {@link LineLimit} would (where
   * {@code controls}, control characters among its reasons).
   *
   * <p>A line is read from its bytes first ({@link ByteTokens}); where that gives up, by
   * Jackson. One parser reads such lines in turn ({@link Shared}): a parser per line cost
   * its making, closing and buffer recycling on every line, and kept the JIT compiling that code.
   * Any line it does not take whole goes to a parser of its own ({@link #quick}) and then to the
   * tree reader; the shared parser is dropped there and a new one starts at the next line.
   */
  static <S> Parsed<S> parse(byte[] b, int end, String file, Sink<S> sink, boolean controls) {
    Block<S> block = new Block<>(b, end, file, sink, controls);
    try {
      while (block.line()) {
        // One line a call.
      }
      return new Parsed<>(block.line, block.newlines, block.starts, block.result,
          block.failLine, block.failText, block.refusal);
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
    private final boolean controls;
    private final ByteTokens bytes = new ByteTokens();
    private final BlockReader.Starts starts = new BlockReader.Starts();
    private Shared shared;
    /** The next line's first byte, and the lines so far. */
    private int i;
    private int line;
    /** Line feeds so far, and where the line after the last starts (LineLimit's lines). */
    private int newlines;
    private int lineStart;
    private int failLine;
    private String failText;
    private Refusal refusal;

    Block(byte[] b, int end, String file, Sink<S> sink, boolean controls) {
      this.b = b;
      this.end = end;
      this.file = file;
      this.sink = sink;
      this.controls = controls;
      this.result = sink.start();
      this.quick = new JsonlHost(sink.full());
    }

    /** Reads the next line; false at the block's end or where the line is refused. */
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
      // A line read from its bytes ends where its object does, past spaces and tabs, and holds
      // nothing LineLimit refuses; any other line's end is searched for, and its bytes checked
      // before anything reads it.
      int e = k < end && b[k] == '{' ? bytes.read(quick, b, k, end) : -1;
      boolean plain = e >= 0;
      if (plain) {
        // The shared parser, if any, stands before this line: a new one starts where needed.
        shared = Shared.close(shared);
      } else {
        e = lineEnd(b, k, end);
        int x = controls ? LineLimit.firstRefused(b, k, e) : e;
        if (x < e && x - lineStart <= LineLimit.MAX_LINE) {
          refusal = new Refusal(newlines, x - lineStart + 1, b[x]);
          return false;
        }
        if (k < e && b[k] == '{') {
          if (shared == null) {
            shared = Shared.open(b, k, end);
          }
          // It answers only for an object that ends the line, so at the line's end or not at all.
          plain = shared.read(quick, b, k, end) == e;
        }
        if (!plain && k < e) {
          // The shared parser stands somewhere in this line: a new one starts at the next.
          shared = Shared.close(shared);
          plain = quick(quick, b, s, e);
        }
      }
      // The line's bytes as LineLimit counts them: from the last line feed, a carriage return
      // among them.
      long counted = e - lineStart;
      int next = e;
      boolean feed = false;
      if (next < end) {
        if (b[next] == '\r') {
          counted++;
          if (next + 1 < end && b[next + 1] == '\n') {
            next++;
          }
        }
        feed = b[next] == '\n';
        next++;
      }
      if (counted > LineLimit.MAX_LINE) {
        refusal = new Refusal(newlines, 0, (byte) 0);
        return false;
      }
      i = next;
      if (feed) {
        newlines++;
        lineStart = i;
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
   * reads. It is asked only for lines the bytes alone did not read, whose end the block has
   * found already (for LineLimit's checks): its answer must be that end.
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
   * control a line can hold (LineLimit's check, right after, refuses the rest). A method of its
   * own, called once a line: the JIT compiles it within the first block, where as an inner loop
   * of a method called once a block it ran in the interpreter until that method's on-stack
   * compilation came out of the compiler's queue.
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

