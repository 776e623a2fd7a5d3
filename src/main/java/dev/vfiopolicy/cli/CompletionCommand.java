package dev.vfiopolicy.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code completion bash|zsh}: the shell completion script picocli generates from the commands.
 * picocli writes a bash script; zsh runs the same script through its bash completion
 * compatibility (bashcompinit), which the script turns on itself when zsh sources it.
 */
@Command(
    name = "completion",
    description = {
      "Prints a shell completion script. bash: source <(vfio-policy completion bash), or save it"
          + " in ~/.local/share/bash-completion/completions/vfio-policy.",
      "zsh: source <(vfio-policy completion zsh) in ~/.zshrc; it is the bash script, run"
          + " through zsh's bash completion compatibility (bashcompinit), as picocli offers."
    })
final class CompletionCommand implements Runnable {
  @Spec CommandSpec spec;

  @Mixin StandardOptions standard;

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  enum Shell {
    bash,
    zsh
  }

  @Override
  public void run() {
    spec.commandLine().getOut().print(
        AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
  }
}
