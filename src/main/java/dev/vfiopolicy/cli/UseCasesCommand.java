package dev.vfiopolicy.cli;

import dev.vfiopolicy.app.CatalogViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "use-cases",
    mixinStandardHelpOptions = true,
    description = "Lists the use cases.",
    subcommands = UseCasesCommand.ListCmd.class)
public final class UseCasesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "expected 'list'");
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The use cases.")
  static final class ListCmd implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().getOut().print(CatalogViews.useCases(Shared.library()));
    }
  }
}
