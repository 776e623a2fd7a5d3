package dev.vfiopolicy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReleaseTest {
  @ParameterizedTest
  @ValueSource(strings = {"6.6", "5.15", "0.0", "10.1", "7.09"})
  void parsesMajorDotMinorOfOneOrTwoDigits(String text) {
    Release r = Release.parse(text);
    assertThat(r).isEqualTo(new Release(Integer.parseInt(text.split("\\.")[0]),
        Integer.parseInt(text.split("\\.")[1])));
  }

  @ParameterizedTest
  @ValueSource(strings = {"6", "6.6.1", "v6.6", "6.", ".6", "", "123.1", "6.123", "6.a", "+6.6",
      "6.-1", "\u0666.\u0666", "6 .6", "6.6 "})
  void refusesAnythingElse(String text) {
    assertThatThrownBy(() -> Release.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a release such as 6.6, found '" + text + "'");
  }
}
