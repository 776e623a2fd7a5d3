package dev.vfiopolicy.cli;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.app.Names;
import dev.vfiopolicy.model.Printable;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** Entry point. Only this class touches System.out, System.err and System.exit. */
public final class Main {
  private Main() {}

  /**
   * picocli's switch for built-in converters it should not register. It registers those for
   * java.sql and java.time types by reflection, which loads and initialises those classes (some
   * 9 ms of every run's start); no option of the tool has such a type (ConvertersTest).
   */
  static final String CONVERTERS_EXCLUDES = "picocli.converters.excludes";

  static final String UNUSED_CONVERTERS = "java\\.sql\\..*,java\\.time\\..*";

  public static void main(String[] args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // The one answer that needs nothing else: no command tree (picocli reflects over every
      // command's annotations) and no library. Same bytes as picocli's version help.
      System.exit(printVersion());
    }
    if (args.length > 0 && args[0].equals("report")) {
      preload(args);
    }
    if (System.getProperty(CONVERTERS_EXCLUDES) == null) {
      System.setProperty(CONVERTERS_EXCLUDES, UNUSED_CONVERTERS);
    }
    // Straight to fd 1, not through System.out: a PrintStream hides failed writes.
    Writer out = new BufferedWriter(new OutputStreamWriter(
        new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = run(args, out, err, stdoutIsPipe());
    err.flush();
    System.exit(code);
  }

  /**
   * A report reads the bundled library whatever its options: loading it on a second thread
   * while picocli builds and parses the command overlaps the two at start-up. Should loading
   * fail there, the report meets the same failure when it asks, and reports it as usual. A
   * report of a population file readies the file's digest there first ({@code Digests.warm}).
   */
  private static void preload(String[] args) {
    boolean file = false;
    for (String a : args) {
      file |= a.equals("--population") || a.startsWith("--population=");
    }
    Thread t = new Thread(new Preload(file), "preload");
    t.setDaemon(true);
    t.start();
  }

  /**
   * A class, not a lambda: the first lambda of a run sets up the JVM's lambda machinery (some
   * 7 ms), and this way that happens on the second thread instead of ahead of picocli.
   */
  private static final class Preload implements Runnable {
    private final boolean file;

    Preload(boolean file) {
      this.file = file;
    }

    @Override
    public void run() {
      try {
        if (file) {
          dev.vfiopolicy.app.Digests.warm();
        }
        dev.vfiopolicy.app.Library.bundled().preload();
      } catch (RuntimeException e) {
        // Left for the report: its own call loads again and fails with the message.
      }
    }
  }

  private static int printVersion() {
    FileOutputStream out = new FileOutputStream(FileDescriptor.out);
    try {
      out.write(("vfio-policy " + dev.vfiopolicy.app.Version.VERSION + System.lineSeparator())
          .getBytes(StandardCharsets.UTF_8));
      out.flush();
      return ExitCode.OK;
    } catch (IOException e) {
      PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
      int code = stdoutFailed(e, stdoutIsPipe(), err, ExitCode.OK);
      err.flush();
      return code;
    }
  }

  /**
   * Runs the tool in-process over the given writers; returns the exit code. The default locale
   * is pinned to Locale.ROOT for the run: the tool's own formatting names its locale everywhere,
   * but CEL registers and looks up macros through locale-sensitive formatting (under ar-EG the
   * claims' all() macro was not found).
   */
  public static int run(String[] args, Writer out, Writer err) {
    return run(args, out, err, false);
  }

  static int run(String[] args, Writer out, Writer err, boolean outIsPipe) {
    return run(args, out, err, outIsPipe, Progress.Policy.detect());
  }

  static int run(String[] args, Writer out, Writer err, boolean outIsPipe,
      Progress.Policy progress) {
    return run(args, out, err, outIsPipe, progress, false);
  }

  /** {@code wholeTree}: every command built, whichever the arguments name (tests compare). */
  static int run(String[] args, Writer out, Writer err, boolean outIsPipe,
      Progress.Policy progress, boolean wholeTree) {
    Locale previous = Locale.getDefault();
    Locale.setDefault(Locale.ROOT);
    CheckedWriter checked = new CheckedWriter(out);
    PrintWriter pout = new PrintWriter(checked);
    PrintWriter perr = err instanceof PrintWriter p ? p : new PrintWriter(err, true);
    try {
      CommandLine cl = wholeTree ? commandLine(progress) : commandLine(args, progress);
      int code = execute(cl, args, pout, perr);
      pout.flush();
      IOException failure = checked.failure();
      if (failure == null && out instanceof PrintWriter p && p.checkError()) {
        failure = new IOException("write error");
      }
      return failure == null ? code : stdoutFailed(failure, outIsPipe, perr, code);
    } finally {
      perr.flush();
      Locale.setDefault(previous);
    }
  }

  /**
   * A reader that stopped reading ({@code | head -1}) is no error: the run ends quietly with its
   * own exit code. Any other failed write (a full disk) is exit 2 with a message, since what was
   * asked for was not delivered.
   */
  static int stdoutFailed(IOException e, boolean outIsPipe, PrintWriter err, int code) {
    if (outIsPipe || closedPipe(e)) {
      return code;
    }
    err.println("vfio-policy: cannot write to standard output: "
        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    return code == ExitCode.OK ? ExitCode.BAD_INPUT : code;
  }

  static boolean closedPipe(IOException e) {
    String m = e.getMessage();
    return m != null && m.toLowerCase(Locale.ROOT).contains("broken pipe");
  }

  /** Writes to a pipe fail only when the reader has gone, whatever the error is called. */
  private static boolean stdoutIsPipe() {
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString().startsWith("pipe:");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** Every command, as the tool configures them: handlers, and the checks they all share. */
  static CommandLine commandLine(Progress.Policy progress) {
    return configure(new CommandLine(new RootCommand(progress)));
  }

  /**
   * The command line a run of these arguments needs. picocli reflects over the annotations of
   * every command in the tree it is given (~150 ms for all of them, more than a listing's own
   * work); when the first argument names a command, the root gets that one only (with its own
   * subcommands). What the run prints is the same: the command's usage, errors and help name
   * nothing else. The root's own help and errors (which suggest commands), `help` and
   * `completion` get the whole tree. Only the first argument is looked at: a command further on
   * follows the root's own options (-h, -V, an unknown one), and runs with those get the whole
   * tree.
   */
  static CommandLine commandLine(String[] args, Progress.Policy progress) {
    Class<?> only = args.length == 0 ? null : RootCommand.alone(args[0]);
    if (only == null) {
      return commandLine(progress);
    }
    CommandLine cl = new CommandLine(new Root(progress));
    cl.addSubcommand(only.getAnnotation(CommandLine.Command.class).name(), only);
    return configure(cl);
  }

  /** Set after the commands are added: picocli gives handlers to the commands present. */
  private static CommandLine configure(CommandLine cl) {
    cl.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          if (ex instanceof InputException) {
            cmd.getErr().println("vfio-policy: " + Printable.lines(ex.getMessage()));
            return ExitCode.BAD_INPUT;
          }
          cmd.getErr().println("vfio-policy: internal error: " + ex
              + " (a bug in vfio-policy; set VFIO_POLICY_DEBUG=1 for the stack trace)");
          if (System.getenv("VFIO_POLICY_DEBUG") != null) {
            ex.printStackTrace(cmd.getErr());
          }
          return ExitCode.INTERNAL;
        });
    cl.setParameterExceptionHandler(
        (ex, argv) -> {
          CommandLine cmd = ex.getCommandLine();
          cmd.getErr().println("vfio-policy: " + Printable.lines(message(ex)));
          cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
          return ExitCode.BAD_INPUT;
        });
    cl.setExecutionStrategy(parseResult -> {
      refuseEmptyValues(parseResult);
      return new CommandLine.RunLast().execute(parseResult);
    });
    return cl;
  }

  private static int execute(CommandLine cl, String[] args, PrintWriter out, PrintWriter err) {
    cl.setOut(out);
    cl.setErr(err);
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * picocli's messages for a misspelt option or command, with the closest valid name: "Unknown
   * options: '--polcy', 'x'" becomes "unknown option '--polcy' (did you mean '--policy'?)".
   */
  static String message(ParameterException ex) {
    if (!(ex instanceof UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
      return ex.getMessage();
    }
    CommandLine cmd = u.getCommandLine();
    String first = u.getUnmatched().get(0);
    if (first.startsWith("-") && first.length() > 1) {
      String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
      List<String> names = new ArrayList<>();
      for (OptionSpec o : cmd.getCommandSpec().options()) {
        if (!o.hidden()) {
          names.addAll(List.of(o.names()));
        }
      }
      return "unknown option '" + name + "'" + Names.suggestion(name, names);
    }
    List<String> commands = new ArrayList<>();
    cmd.getSubcommands().forEach((name, sub) -> {
      if (!sub.getCommandSpec().usageMessage().hidden()) {
        commands.add(name);
      }
    });
    if (!commands.isEmpty()) {
      return "unknown command '" + first + "'" + Names.suggestion(first, commands)
          + "; commands: " + String.join(", ", commands);
    }
    return "unexpected argument '" + first + "'";
  }

  /** '' is never a file, a preset or an id: refuse it naming the option, before any work. */
  private static void refuseEmptyValues(ParseResult parseResult) {
    for (ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
      List<ArgSpec> args = new ArrayList<>(pr.matchedOptions());
      args.addAll(pr.matchedPositionals());
      for (ArgSpec a : args) {
        if (a.originalStringValues().stream().anyMatch(String::isEmpty)) {
          String name = a instanceof OptionSpec o ? o.shortestName() : a.paramLabel();
          throw new ParameterException(pr.commandSpec().commandLine(),
              name + ": the value is empty; expected " + a.paramLabel());
        }
      }
    }
  }
}
