package dev.vfiopolicy;

import dev.vfiopolicy.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** The tool run in-process, as tests of every package call it. */
public record CliRun(int code, String out, String err) {
  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new CliRun(code, out.toString(), err.toString());
  }
}
