package dev.vfiopolicy.cli;

import java.util.Arrays;
import java.util.List;
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
  /** Commands that read the whole tree: `help` finds its siblings, completion lists them all. */
  private static final List<Class<?>> NEED_THE_TREE =
      List.of(CommandLine.HelpCommand.class, CompletionCommand.class);

  /** As picocli and the man page generator make it: bars when stderr is a terminal. */
  public RootCommand() {
    this(Progress.Policy.detect());
  }

  RootCommand(Progress.Policy progress) {
    super(progress);
  }

  /**
   * The command called {@code word} (its name or an alias), when running it needs none of the
   * others; null otherwise. Read from the annotations above, so the list is kept in one place.
   */
  static Class<?> alone(String word) {
    for (Class<?> c : RootCommand.class.getAnnotation(Command.class).subcommands()) {
      Command cmd = c.getAnnotation(Command.class);
      if (!NEED_THE_TREE.contains(c)
          && (cmd.name().equals(word) || Arrays.asList(cmd.aliases()).contains(word))) {
        return c;
      }
    }
    return null;
  }
}
