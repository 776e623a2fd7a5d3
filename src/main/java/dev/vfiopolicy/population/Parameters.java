package dev.vfiopolicy.population;

import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.IommuUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Preset parameters a sweep can vary. Each rewrites device templates of every preset, so that
 * mixed presets vary through their parts; the generator's per-template random streams keep all
 * other devices of a host as they were.
 */
public enum Parameters {
  /**
   * Chance that a host of a kind with an integrated GPU behind a unit that cannot enforce
   * coherency (the Intel iGPU's DMAR unit without Snoop Control) has that GPU.
   */
  SC_LESS_IGPU_SHARE(
      "sc-less-igpu-share",
      "chance that a host whose kind has an integrated GPU behind a unit without enforced"
          + " coherency has it (measured: share of all hosts with one)"),
  /** Chance that a device other than an integrated GPU issues no-snoop DMA. */
  NOSNOOP_SHARE(
      "nosnoop-share",
      "chance that an assignable device other than an integrated GPU issues no-snoop DMA"
          + " (measured: share of such devices)");

  private final String id;
  private final String doc;

  Parameters(String id, String doc) {
    this.id = id;
    this.doc = doc;
  }

  public String id() {
    return id;
  }

  public String doc() {
    return doc;
  }

  public static Parameters fromId(String id) {
    return dev.vfiopolicy.model.Ids.lookup(Parameters.class, id, Parameters::id);
  }

  /** Every preset with this parameter set to {@code value} (a probability, 0 to 1). */
  public Map<String, Preset> apply(Map<String, Preset> presets, double value) {
    Map<String, Preset> out = new LinkedHashMap<>();
    for (Preset p : presets.values()) {
      List<Preset.Kind> kinds = new ArrayList<>();
      for (Preset.Kind k : p.kinds()) {
        List<Preset.Template> templates = new ArrayList<>();
        for (Preset.Template t : k.devices()) {
          templates.add(rewrite(k, t, value));
        }
        kinds.add(new Preset.Kind(k.id(), k.weight(), k.source(), k.arch(), k.iommus(),
            templates, k.vms()));
      }
      out.put(p.id(), new Preset(p.id(), p.title(), p.description(), p.sources(), kinds,
          p.mix()));
    }
    return out;
  }

  private Preset.Template rewrite(Preset.Kind k, Preset.Template t, double value) {
    boolean igpu = t.deviceClass() == DeviceClass.GPU_INTEGRATED;
    return switch (this) {
      case SC_LESS_IGPU_SHARE ->
          igpu && !t.follows() && !enforces(k, t.iommu()) ? withProbability(t, value) : t;
      case NOSNOOP_SHARE ->
          igpu || !t.deviceClass().assignable() ? t : withNoSnoop(t, value);
    };
  }

  private static boolean enforces(Preset.Kind k, String unit) {
    for (IommuUnit u : k.iommus()) {
      if (u.name().equals(unit)) {
        return u.enforceCacheCoherency();
      }
    }
    return false;
  }

  private static Preset.Template withProbability(Preset.Template t, double p) {
    return new Preset.Template(t.deviceClass(), t.name(), t.bus(), t.iommu(), t.vendors(), p,
        t.minCount(), t.maxCount(), t.noSnoop(), t.bdf(), t.group(), t.follows());
  }

  private static Preset.Template withNoSnoop(Preset.Template t, double p) {
    return new Preset.Template(t.deviceClass(), t.name(), t.bus(), t.iommu(), t.vendors(),
        t.probability(), t.minCount(), t.maxCount(), p, t.bdf(), t.group(), t.follows());
  }
}
