package dev.vfiopolicy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * vfio-policy itself, without its commands: its name, help and options. {@link RootCommand}
 * adds every command; on its own it is the root Main puts above the one command a run names,
 * so that picocli reflects over that command's annotations only.
 */
@Command(
    name = "vfio-policy",
    description = {
      "Runs VFIO device-exposure policies (hide non-coherent devices from /dev/vfio/devices, or"
          + " expose them all) over populations of hosts and devices, and reports for every use"
          + " case what works, falls back, breaks or becomes unsafe, with the reason."
    })
class Root implements Runnable {
  @Spec CommandSpec spec;

  @Mixin StandardOptions standard;

  /** Whether commands draw progress bars; the same for every command of the run. */
  final Progress.Policy progress;

  Root(Progress.Policy progress) {
    this.progress = progress;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required, e.g. 'report'; '"
        + spec.qualifiedName() + " help' lists them");
  }
}
