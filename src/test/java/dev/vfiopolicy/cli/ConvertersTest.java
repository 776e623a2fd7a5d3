package dev.vfiopolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Main tells picocli not to register its java.sql and java.time converters (start-up): that is
 * only right while no option or parameter of any command has such a type.
 */
class ConvertersTest {
  @Test
  void noOptionNeedsAConverterMainLeavesOut() {
    List<String> types = new ArrayList<>();
    collect(Main.commandLine(new Progress.Policy(false, 0)).getCommandSpec(), types);
    assertThat(types).contains("java.nio.file.Path", "long", "java.lang.String");
    List<String> patterns = List.of(Main.UNUSED_CONVERTERS.split(","));
    assertThat(patterns).anyMatch("java.sql.Time"::matches)
        .anyMatch("java.time.Duration"::matches);
    for (String type : types) {
      assertThat(patterns).as(type).noneMatch(type::matches);
    }
  }

  private static void collect(CommandSpec spec, List<String> types) {
    for (ArgSpec a : spec.args()) {
      types.add(a.type().getName());
      for (Class<?> aux : a.auxiliaryTypes()) {
        types.add(aux.getName());
      }
    }
    for (CommandLine sub : spec.subcommands().values()) {
      collect(sub.getCommandSpec(), types);
    }
  }
}
