package dev.vfiopolicy.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FormatsTest {
  @Test
  void wrapsAtWordsAndIndentsContinuations() {
    assertThat(Formats.wrap("  - one two three four", 12, "    "))
        .isEqualTo("  - one two\n    three\n    four");
  }

  @Test
  void cutsWordsLongerThanALine() {
    String w = Formats.wrap("id <BN9PR11MB5433D909662D484EFE9C82E28CA29@BN9PR11MB5433>", 20, "  ");
    assertThat(w.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(20));
    assertThat(w.replace("\n  ", "").replace(" ", ""))
        .isEqualTo("id<BN9PR11MB5433D909662D484EFE9C82E28CA29@BN9PR11MB5433>");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void noLineEverExceedsTheWidthAndNoWordIsLost(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int n = 0; n < 200; n++) {
      StringBuilder sb = new StringBuilder("  ");
      int words = 1 + r.nextInt(30);
      for (int i = 0; i < words; i++) {
        sb.append(i == 0 ? "" : " ").append("x".repeat(1 + r.nextInt(90)));
      }
      int width = 20 + r.nextInt(60);
      String w = Formats.wrap(sb.toString(), width, "    ");
      assertThat(w.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(width));
      assertThat(w.lines()).allSatisfy(l -> assertThat(l).doesNotEndWith(" "));
      assertThat(w.replaceAll("\\s", "")).isEqualTo(sb.toString().replaceAll("\\s", ""));
    }
  }
}
