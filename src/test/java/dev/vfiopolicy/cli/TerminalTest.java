package dev.vfiopolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalTest {
  @Test
  void colourOnlyOnATerminalAndNeverWithNoColor() {
    assertThat(Terminal.colour(true, Map.of())).isTrue();
    assertThat(Terminal.colour(false, Map.of())).isFalse();
    assertThat(Terminal.colour(true, Map.of("NO_COLOR", "1"))).isFalse();
    assertThat(Terminal.colour(true, Map.of("NO_COLOR", ""))).isTrue();
    assertThat(Terminal.colour(true, Map.of("TERM", "dumb"))).isFalse();
  }

  @Test
  void pipedOutputHasNoEscapeCodes() {
    assertThat(CliTest.run("report", "--hosts", "20").out()).doesNotContain("\u001b");
  }
}
