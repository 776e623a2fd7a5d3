package dev.vfiopolicy.cli;

import dev.vfiopolicy.InputException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import picocli.CommandLine;

/** Entry point. Only this class touches System.out, System.err and System.exit. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = run(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs the tool in-process over the given writers; returns the exit code. The default locale
   * is pinned to Locale.ROOT for the run: the tool's own formatting names its locale everywhere,
   * but CEL registers and looks up macros through locale-sensitive formatting (under ar-EG the
   * claims' all() macro was not found).
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    Locale previous = Locale.getDefault();
    Locale.setDefault(Locale.ROOT);
    try {
      return execute(args, out, err);
    } finally {
      Locale.setDefault(previous);
    }
  }

  private static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new RootCommand());
    exitCodesInHelp(cl);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          if (ex instanceof InputException) {
            cmd.getErr().println("vfio-policy: " + ex.getMessage());
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
          cmd.getErr().println("vfio-policy: " + ex.getMessage());
          cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
          return ExitCode.BAD_INPUT;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Every command's --help ends with the exit codes, as the root's does. */
  private static void exitCodesInHelp(CommandLine cl) {
    var root = cl.getCommandSpec().usageMessage();
    for (CommandLine sub : cl.getSubcommands().values()) {
      sub.getCommandSpec().usageMessage().footerHeading(root.footerHeading()).footer(root.footer());
      exitCodesInHelp(sub);
    }
  }
}
