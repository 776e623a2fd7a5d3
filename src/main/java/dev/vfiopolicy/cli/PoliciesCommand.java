package dev.vfiopolicy.cli;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.app.CatalogViews;
import dev.vfiopolicy.model.Printable;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "policies",
    description = "Lists, shows and validates policies.",
    subcommands = {
      PoliciesCommand.ListCmd.class,
      PoliciesCommand.Show.class,
      PoliciesCommand.Validate.class
    })
public final class PoliciesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Mixin StandardOptions standard;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "expected list, show ID or validate FILE...");
  }

  @Command(name = "list", description = "Bundled policies.")
  static final class ListCmd implements Runnable {
    @Spec CommandSpec spec;

    @Mixin StandardOptions standard;

    @Override
    public void run() {
      spec.commandLine().getOut().print(CatalogViews.policies(Shared.library()));
    }
  }

  @Command(name = "show",
      description = "A policy's rules, and the variables conditions may read.")
  static final class Show implements Runnable {
    @Spec CommandSpec spec;

    @Mixin StandardOptions standard;

    @Parameters(paramLabel = "ID|FILE", description = "Policy id or policy file.")
    String id;

    @Override
    public void run() {
      spec.commandLine().getOut().print(CatalogViews.policy(Shared.library(), id));
    }
  }

  @Command(name = "validate",
      description = "Checks policy files: YAML, keys, and that every condition compiles. Every"
          + " file is checked; exit 2 when any is bad, each named on stderr.")
  static final class Validate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin StandardOptions standard;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Policy files.")
    List<Path> files;

    @Override
    public Integer call() {
      int bad = 0;
      for (Path f : files) {
        try {
          spec.commandLine().getOut().print(Printable.lines(CatalogViews.validate(List.of(f))));
        } catch (InputException e) {
          spec.commandLine().getErr().println("vfio-policy: " + Printable.lines(e.getMessage()));
          bad++;
        }
      }
      if (bad > 0 && files.size() > 1) {
        spec.commandLine().getErr().println("vfio-policy: " + bad + " of " + files.size()
            + " policy files are bad");
      }
      return bad == 0 ? ExitCode.OK : ExitCode.BAD_INPUT;
    }
  }
}
