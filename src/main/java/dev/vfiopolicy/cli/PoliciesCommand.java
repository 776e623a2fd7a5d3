package dev.vfiopolicy.cli;

import dev.vfiopolicy.app.CatalogViews;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "policies",
    mixinStandardHelpOptions = true,
    description = "Lists, shows and validates policies.",
    subcommands = {
      PoliciesCommand.ListCmd.class,
      PoliciesCommand.Show.class,
      PoliciesCommand.Validate.class
    })
public final class PoliciesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "expected list, show ID or validate FILE...");
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Bundled policies.")
  static final class ListCmd implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().getOut().print(CatalogViews.policies(Shared.library()));
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "A policy's rules, and the variables conditions may read.")
  static final class Show implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID|FILE", description = "Policy id or policy file.")
    String id;

    @Override
    public void run() {
      spec.commandLine().getOut().print(CatalogViews.policy(Shared.library(), id));
    }
  }

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Checks policy files: YAML, keys, and that every condition compiles.")
  static final class Validate implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Policy files.")
    List<Path> files;

    @Override
    public void run() {
      spec.commandLine().getOut().print(CatalogViews.validate(files));
    }
  }
}
