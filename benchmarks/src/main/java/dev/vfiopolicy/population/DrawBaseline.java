package dev.vfiopolicy.population;

import java.util.List;

/**
 * The floor a generator cannot beat: the same random numbers, drawn for the same hosts in the
 * same streams, and nothing else (no records, no strings, no profiles). In this package to reach
 * the generator's flattened kinds and its seed mixing.
 */
public final class DrawBaseline {
  private final List<Preset.Kind> kinds;
  private final double[] cumulative;
  private final long seed;

  public DrawBaseline(Generator g, long seed) {
    this.kinds = g.kinds();
    this.cumulative = g.cumulative();
    this.seed = seed;
  }

  /** Draws what host {@code index} draws; returns a value so the JIT cannot drop the work. */
  public long host(long index) {
    long hostSeed = Generator.mix(seed, index);
    SplitMix rng = new SplitMix();
    Preset.Kind kind = kinds.get(Generator.pick(cumulative, rng.reset(hostSeed).nextDouble()));
    long acc = 0;
    int previous = 0;
    for (int j = 0; j < kind.devices().size(); j++) {
      Preset.Template t = kind.devices().get(j);
      SplitMix r = rng.reset(Generator.mix(hostSeed, j));
      int count = 0;
      if (t.follows()) {
        count = previous;
      } else if (r.nextDouble() < t.probability()) {
        count = t.minCount() + r.nextInt(t.maxCount() - t.minCount() + 1);
      }
      for (int n = 0; n < count; n++) {
        if (!t.follows()) {
          acc += Double.doubleToRawLongBits(r.nextDouble());
        }
        acc += r.nextDouble() < t.noSnoop() ? 1 : 0;
      }
      previous = count;
    }
    return acc;
  }
}
