package dev.vfiopolicy.bench;

import dev.vfiopolicy.app.Library;
import dev.vfiopolicy.engine.Engine;
import dev.vfiopolicy.engine.Tally;
import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.population.DrawBaseline;
import dev.vfiopolicy.population.Generator;
import dev.vfiopolicy.population.ProfileCounter;
import dev.vfiopolicy.report.DevicesCsv;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Costs per host of the default preset (mixed, about 10 devices per host): drawing the random
 * numbers only (the floor), counting and evaluating (what {@code report} does per generated
 * host), building hosts (what a population file costs), evaluating profiles on a cold engine,
 * and writing devices.csv.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class FleetBench {
  static final int HOSTS = 10_000;

  Library lib;
  Generator generator;
  DrawBaseline baseline;
  List<Profile> profiles;

  @Setup(Level.Trial)
  public void setUp() {
    lib = Library.bundled();
    generator = new Generator(lib.presets().get("mixed"), lib.presets(), 20210922);
    baseline = new DrawBaseline(generator, 20210922);
    Map<Profile, Long> seen = new HashMap<>();
    generator.generate(100_000, h -> h.devices().forEach(d -> seen.merge(Profile.of(h, d), 1L,
        Long::sum)));
    profiles = new ArrayList<>(seen.keySet());
  }

  @Benchmark
  @OperationsPerInvocation(HOSTS)
  public void drawOnlyBaseline(Blackhole bh) {
    for (long i = 0; i < HOSTS; i++) {
      bh.consume(baseline.host(i));
    }
  }

  @Benchmark
  @OperationsPerInvocation(HOSTS)
  public void generate(Blackhole bh) {
    for (long i = 0; i < HOSTS; i++) {
      bh.consume(generator.host(i));
    }
  }

  /**
   * What report does per generated host: draw its numbers, count its devices per profile
   * (ProfileCounter), then evaluate and tally the profiles.
   */
  @Benchmark
  @OperationsPerInvocation(HOSTS)
  public Tally countAndEvaluate() {
    Engine engine = new Engine(lib.scenarios(), new ArrayList<>(lib.policies().values()),
        lib.useCases());
    ProfileCounter counter = new ProfileCounter(generator);
    ProfileCounter.Counts counts = counter.newCounts();
    counter.count(0, HOSTS, counts);
    Tally t = new Tally(engine);
    for (ProfileCounter.Tallied p : counter.profiles(counts)) {
      t.add(p.profile(), p.devices());
    }
    return t;
  }

  /** The slow path (population files): build every host, then profile, count, tally. */
  @Benchmark
  @OperationsPerInvocation(HOSTS)
  public Tally generateAndEvaluate() {
    Engine engine = new Engine(lib.scenarios(), new ArrayList<>(lib.policies().values()),
        lib.useCases());
    Map<Profile, long[]> counts = new HashMap<>();
    for (long i = 0; i < HOSTS; i++) {
      Host h = generator.host(i);
      for (Device d : h.devices()) {
        counts.computeIfAbsent(Profile.of(h, d), p -> new long[1])[0]++;
      }
    }
    Tally t = new Tally(engine);
    counts.forEach((p, c) -> t.add(p, c[0]));
    return t;
  }

  /** Every distinct profile of 100,000 mixed hosts on a cold engine: cost per profile. */
  @Benchmark
  public Tally evaluateProfilesCold() {
    Engine engine = new Engine(lib.scenarios(), new ArrayList<>(lib.policies().values()),
        lib.useCases());
    Tally t = new Tally(engine);
    for (Profile p : profiles) {
      t.add(p, 1);
    }
    return t;
  }

  /** devices.csv for 1,000 hosts (about 10,000 devices x 108 cells), to a null writer. */
  @Benchmark
  @OperationsPerInvocation(1000)
  public void devicesCsv() {
    Engine engine = new Engine(lib.scenarios(), new ArrayList<>(lib.policies().values()),
        lib.useCases());
    try (DevicesCsv csv = new DevicesCsv(Writer.nullWriter(), engine)) {
      generator.generate(1000, csv::host);
    }
  }
}
