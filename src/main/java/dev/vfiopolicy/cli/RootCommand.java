package dev.vfiopolicy.cli;

import dev.vfiopolicy.app.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "vfio-policy",
    mixinStandardHelpOptions = true,
    versionProvider = RootCommand.VersionProvider.class,
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
      PopulationCommand.class
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success",
      "  1  internal error (a bug in vfio-policy)",
      "  2  bad input: one message names the file, line and column, or the option"
    })
public final class RootCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required, e.g. 'report'");
  }

  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"vfio-policy " + Version.VERSION};
    }
  }
}
