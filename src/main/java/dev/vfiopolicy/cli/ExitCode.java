package dev.vfiopolicy.cli;

/** The tool's exit codes, part of its contract. */
public final class ExitCode {
  private ExitCode() {}

  /** Success. */
  public static final int OK = 0;

  /** Internal error: a bug in vfio-policy; please report it. */
  public static final int INTERNAL = 1;

  /** Bad input: a file or an option is wrong; the message names it. */
  public static final int BAD_INPUT = 2;
}
