package dev.vfiopolicy.population;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitMixTest {
  @Test
  void sameStreamAsSplittableRandom() {
    for (long seed : new long[] {0, 1, -1, 20210922, Long.MIN_VALUE}) {
      SplittableRandom ref = new SplittableRandom(seed);
      SplitMix mine = new SplitMix().reset(seed);
      for (int i = 0; i < 1000; i++) {
        assertThat(mine.nextLong()).isEqualTo(ref.nextLong());
      }
      ref = new SplittableRandom(seed);
      mine.reset(seed);
      for (int i = 0; i < 1000; i++) {
        assertThat(mine.nextDouble()).isEqualTo(ref.nextDouble());
      }
    }
  }

  @Test
  void boundedIntsAreInRangeAndUniform() {
    SplitMix r = new SplitMix().reset(7);
    for (int bound : new int[] {1, 2, 3, 7, 64, 1000}) {
      int[] seen = new int[bound];
      int n = 20000 * bound;
      for (int i = 0; i < n; i++) {
        seen[r.nextInt(bound)]++;
      }
      for (int c : seen) {
        assertThat(c).isBetween(20000 - 1000, 20000 + 1000);
      }
    }
  }
}
