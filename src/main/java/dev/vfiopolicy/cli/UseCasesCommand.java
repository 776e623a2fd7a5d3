package dev.vfiopolicy.cli;

import dev.vfiopolicy.app.CatalogViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "use-cases",
    description = "Lists the use cases.",
    subcommands = UseCasesCommand.ListCmd.class)
public final class UseCasesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Mixin StandardOptions standard;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "expected 'list'");
  }

  @Command(name = "list", description = "The use cases.")
  static final class ListCmd implements Runnable {
    @Spec CommandSpec spec;

    @Mixin StandardOptions standard;

    @Override
    public void run() {
      spec.commandLine().getOut().print(CatalogViews.useCases(Shared.library()));
    }
  }
}
