package dev.vfiopolicy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** vfio-policy with every command: what its help, `help`, completion and man pages show. */
@Command(
    subcommands = {
      ReportCommand.class,
      ExplainCommand.class,
      DiffCommand.class,
      ClaimsCommand.class,
      SweepCommand.class,
      PoliciesCommand.class,
      UseCasesCommand.class,
      ScenariosCommand.class,
      PopulationCommand.class,
      CommandLine.HelpCommand.class,
      CompletionCommand.class
    })
public final class RootCommand extends Root {
  /** As picocli and the man page generator make it: bars when stderr is a terminal. */
  public RootCommand() {
    this(Progress.Policy.detect());
  }

  RootCommand(Progress.Policy progress) {
    super(progress);
  }

  /**
   * The command called {@code word}, when running it needs none of the others; null for any
   * other word and for `help` (it finds its siblings) and `completion` (it lists them all).
   * Names, not the annotation above: reading that loads and parses every command (~10 ms).
   * OneCommandTreeTest checks that the two agree.
   */
  static Class<?> alone(String word) {
    return switch (word) {
      case "report" -> ReportCommand.class;
      case "explain" -> ExplainCommand.class;
      case "diff" -> DiffCommand.class;
      case "claims" -> ClaimsCommand.class;
      case "sweep" -> SweepCommand.class;
      case "policies" -> PoliciesCommand.class;
      case "use-cases" -> UseCasesCommand.class;
      case "scenarios" -> ScenariosCommand.class;
      case "population" -> PopulationCommand.class;
      default -> null;
    };
  }
}
