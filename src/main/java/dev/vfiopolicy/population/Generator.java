package dev.vfiopolicy.population;

import dev.vfiopolicy.model.Bus;
import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.Vm;
import dev.vfiopolicy.model.IommuUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Draws hosts from a preset. Host {@code i} depends only on the seed and {@code i} (its own
 * random stream), so a population is the same whatever order or thread draws it, and host 5 of
 * 1000 is host 5 of 10. Within a host, the kind and each device template draw from streams of
 * their own: changing one template's probability (as a sweep does) leaves every other device of
 * the host as it was, so a sweep compares like with like.
 */
public final class Generator {
  private final List<Preset.Kind> kinds = new ArrayList<>();
  /** The preset each flattened kind comes from: a host's kind, as reports group hosts. */
  private final List<String> kindPresets = new ArrayList<>();
  private final double[] cumulative;
  private final long seed;

  /** {@code resolved} maps preset ids to presets, for mixed presets. */
  public Generator(Preset preset, Map<String, Preset> resolved, long seed) {
    this.seed = seed;
    List<Double> weights = new ArrayList<>();
    flatten(preset, 1.0, resolved, weights, 0);
    double total = weights.stream().mapToDouble(Double::doubleValue).sum();
    cumulative = new double[weights.size()];
    double acc = 0;
    for (int i = 0; i < cumulative.length; i++) {
      acc += weights.get(i) / total;
      cumulative[i] = acc;
    }
  }

  private void flatten(
      Preset p, double scale, Map<String, Preset> resolved, List<Double> weights, int depth) {
    if (depth > 8) {
      throw new dev.vfiopolicy.InputException("presets/" + p.id() + ".yaml: mix nested more than"
          + " 8 deep (does a preset mix itself?)");
    }
    double kindTotal = p.kinds().stream().mapToDouble(Preset.Kind::weight).sum();
    for (Preset.Kind k : p.kinds()) {
      kinds.add(k);
      kindPresets.add(p.id());
      weights.add(scale * k.weight() / kindTotal);
    }
    double mixTotal = p.mix().stream().mapToDouble(Preset.Part::weight).sum();
    for (Preset.Part part : p.mix()) {
      flatten(resolved.get(part.preset()), scale * part.weight() / mixTotal, resolved, weights,
          depth + 1);
    }
  }

  /** The kinds, flattened from mixes, and their cumulative weights (for benchmarks). */
  List<Preset.Kind> kinds() {
    return kinds;
  }

  double[] cumulative() {
    return cumulative;
  }

  List<String> kindPresets() {
    return kindPresets;
  }

  /**
   * The stream a host's VM template {@code v} draws from: apart from the device templates'
   * streams (0, 1, ...), so adding VMs to a preset leaves its devices as they were.
   */
  static long vmStream(long hostSeed, int v) {
    return mix(hostSeed, 0x564d_0000L + v);
  }

  public void generate(long hosts, Consumer<Host> out) {
    for (long i = 0; i < hosts; i++) {
      out.accept(host(i));
    }
  }

  /**
   * {@code digits} padded with zeros to {@code width}, as "%0Nd" or "%0Nx" would print them: by
   * hand, because a host and each of its devices are named, and String.format was a tenth of a
   * default report's time.
   */
  static String zeroPadded(String digits, int width) {
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }

  public Host host(long index) {
    long hostSeed = mix(seed, index);
    SplitMix rng = new SplitMix();
    int kindIndex = pick(cumulative, rng.reset(hostSeed).nextDouble());
    Preset.Kind kind = kinds.get(kindIndex);
    String name = kind.id() + "-" + zeroPadded(Long.toString(index), 6);
    Map<String, IommuUnit> units = new HashMap<>();
    for (IommuUnit u : kind.iommus()) {
      units.put(u.name(), u);
    }
    List<Device> devices = new ArrayList<>();
    Map<String, Integer> groups = new HashMap<>();
    int nextGroup = 0;
    int nextBus = 1;
    List<Device> previous = List.of();
    Device[] firstOf = new Device[kind.devices().size()];
    for (int j = 0; j < kind.devices().size(); j++) {
      Preset.Template t = kind.devices().get(j);
      SplitMix r = rng.reset(mix(hostSeed, j));
      List<Device> made = new ArrayList<>();
      int count = 0;
      if (t.follows()) {
        count = previous.size();
      } else if (r.nextDouble() < t.probability()) {
        count = t.minCount() + r.nextInt(t.maxCount() - t.minCount() + 1);
      }
      for (int n = 0; n < count; n++) {
        // A function of a multi-function device comes from its parent's vendor.
        String vendor =
            t.follows()
                ? previous.get(n).vendor()
                : t.vendors().get(pickWeighted(t.vendors(), r.nextDouble())).id();
        boolean noSnoop = r.nextDouble() < t.noSnoop();
        String bdf;
        int group;
        if (t.follows()) {
          Device parent = previous.get(n);
          bdf = nextFunction(parent.bdf());
          group = parent.group();
        } else {
          if (t.bdf() != null) {
            bdf = t.bdf();
          } else if (t.bus() == Bus.PCI) {
            bdf = "0000:" + zeroPadded(Integer.toHexString(nextBus++), 2) + ":00.0";
          } else {
            bdf = t.bus().id() + "." + (devices.size() + made.size());
          }
          if (t.group() != null) {
            Integer g = groups.get(t.group());
            if (g == null) {
              g = nextGroup++;
              groups.put(t.group(), g);
            }
            group = g;
          } else {
            group = nextGroup++;
          }
        }
        IommuUnit unit = "none".equals(t.iommu()) ? IommuUnit.NONE : units.get(t.iommu());
        made.add(new Device(t.name(), bdf, t.bus(), t.deviceClass(), vendor, unit, group,
            noSnoop, false, false, ""));
      }
      devices.addAll(made);
      previous = made;
      firstOf[j] = made.isEmpty() ? null : made.get(0);
    }
    List<Vm> vms = new ArrayList<>();
    for (int v = 0; v < kind.vms().size(); v++) {
      Preset.VmTemplate vt = kind.vms().get(v);
      boolean present = rng.reset(vmStream(hostSeed, v)).nextDouble() < vt.probability();
      List<Device> members = new ArrayList<>();
      for (int j : vt.templates()) {
        if (firstOf[j] != null) {
          members.add(firstOf[j]);
        }
      }
      if (present && members.size() == vt.templates().size()) {
        vms.add(new Vm(vt.id(), members));
      }
    }
    return new Host(name, kind.arch(), kind.iommus(), devices, vms, kindPresets.get(kindIndex),
        "");
  }

  private static String nextFunction(String bdf) {
    int dot = bdf.lastIndexOf('.');
    if (dot < 0) {
      return bdf + ".1";
    }
    int fn = Integer.parseInt(bdf.substring(dot + 1), 16);
    return bdf.substring(0, dot + 1) + Integer.toHexString(Math.min(fn + 1, 7));
  }

  static int pick(double[] cumulative, double x) {
    for (int i = 0; i < cumulative.length - 1; i++) {
      if (x < cumulative[i]) {
        return i;
      }
    }
    return cumulative.length - 1;
  }

  static int pickWeighted(List<Preset.Weighted> items, double x) {
    return pick(cumulative(items), x);
  }

  /** Cumulative shares of weighted items; {@link #pick} over it chooses one. */
  static double[] cumulative(List<Preset.Weighted> items) {
    double total = 0;
    for (int i = 0; i < items.size(); i++) {
      total += items.get(i).weight();
    }
    double[] c = new double[items.size()];
    double acc = 0;
    for (int i = 0; i < c.length; i++) {
      acc += items.get(i).weight() / total;
      c[i] = acc;
    }
    return c;
  }


  /** SplitMix64's finaliser over (seed, index): independent streams per host. */
  long seed() {
    return seed;
  }

  static long mix(long seed, long index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
