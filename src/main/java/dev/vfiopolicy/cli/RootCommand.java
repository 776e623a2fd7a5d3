package dev.vfiopolicy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "vfio-policy",
    description = {
      "Runs VFIO device-exposure policies (hide non-coherent devices from /dev/vfio/devices, or"
          + " expose them all) over populations of hosts and devices, and reports for every use"
          + " case what works, falls back, breaks or becomes unsafe, with the reason."
    },
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
public final class RootCommand implements Runnable {
  @Spec CommandSpec spec;

  @Mixin StandardOptions standard;

  /** Whether commands draw progress bars; the same for every command of the run. */
  final Progress.Policy progress;

  /** As picocli and the man page generator make it: bars when stderr is a terminal. */
  public RootCommand() {
    this(Progress.Policy.detect());
  }

  RootCommand(Progress.Policy progress) {
    this.progress = progress;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required, e.g. 'report'; '"
        + spec.qualifiedName() + " help' lists them");
  }
}
