package dev.vfiopolicy.cli;

import dev.vfiopolicy.app.CatalogViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "scenarios",
    mixinStandardHelpOptions = true,
    description = "Lists the kernel configurations every report covers.",
    subcommands = ScenariosCommand.ListCmd.class)
public final class ScenariosCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "expected 'list'");
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The scenarios.")
  static final class ListCmd implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().getOut().print(CatalogViews.scenarios(Shared.library()));
    }
  }
}
