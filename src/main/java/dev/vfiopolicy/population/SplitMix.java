package dev.vfiopolicy.population;

/**
 * SplitMix64 (Steele, Lea, Flood 2014; the generator behind java.util.SplittableRandom) with
 * state that can be reset: the generator reseeds one of these per device template instead of
 * allocating a SplittableRandom, which kept the heap growing with --hosts under G1.
 */
final class SplitMix {
  private static final long GAMMA = 0x9E3779B97F4A7C15L;
  private long state;

  SplitMix reset(long seed) {
    state = seed;
    return this;
  }

  long nextLong() {
    long z = (state += GAMMA);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1), 53 bits. */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound) by rejection, so no value is favoured. */
  int nextInt(int bound) {
    long limit = Long.remainderUnsigned(-bound, bound); // 2^64 mod bound
    while (true) {
      long r = nextLong();
      long m = Math.multiplyHigh(r, bound) + ((r >> 63) & bound);
      long low = r * bound;
      if (Long.compareUnsigned(low, limit) >= 0) {
        return (int) m;
      }
    }
  }
}
