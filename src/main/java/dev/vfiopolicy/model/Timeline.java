package dev.vfiopolicy.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kernel timeline (catalog/kernels.yaml): the releases a report may name and every fact with
 * the release that brought or ended it. {@link #kernel} resolves one build of one release.
 */
public record Timeline(
    List<Release> known, List<Release> longTerm, List<KernelFact> facts, String source) {
  public Timeline {
    known = List.copyOf(known);
    longTerm = List.copyOf(longTerm);
    facts = List.copyOf(facts);
  }

  /** The oldest release the model covers; earlier kernels predate the thread. */
  public Release first() {
    return known.get(0);
  }

  /**
   * The kernel a build of {@code release} with these choices runs; refuses choices Kconfig
   * cannot make at that release.
   */
  public Kernel kernel(Release release, boolean rfcSeries, KernelConfig config) {
    Set<KernelSwitch> on = EnumSet.noneOf(KernelSwitch.class);
    Map<IommuType, Map<Capability, KernelFact>> drivers = new EnumMap<>(IommuType.class);
    List<KernelFact> active = new ArrayList<>();
    for (KernelFact f : facts) {
      if (!f.appliesTo(release, rfcSeries)) {
        continue;
      }
      active.add(f);
      if (f.effect() instanceof KernelFact.Switch s) {
        on.add(s.name());
      } else if (f.effect() instanceof KernelFact.Driver d) {
        KernelFact before =
            drivers.computeIfAbsent(d.driver(), t -> new EnumMap<>(Capability.class))
                .put(d.capability(), f);
        if (before != null) {
          throw new IllegalArgumentException("facts '" + before.id() + "' and '" + f.id()
              + "' both say what " + d.driver().id() + " reports as " + d.capability().id()
              + " in " + release);
        }
      }
    }
    if (!config.vfioGroup() && !on.contains(KernelSwitch.VFIO_DEVICE_CDEV)) {
      throw new IllegalArgumentException("CONFIG_VFIO_GROUP=n needs a kernel with the VFIO cdev"
          + " (" + factOf(KernelSwitch.VFIO_DEVICE_CDEV).when() + "); " + release
          + (rfcSeries ? " with the RFC series" : "") + " always has the group interface");
    }
    if (!config.vfioGroup() && !config.vfioDeviceCdev()) {
      throw new IllegalArgumentException("VFIO selects VFIO_DEVICE_CDEV if !VFIO_GROUP: a kernel"
          + " without the group interface has the cdev");
    }
    if (config.vfioNoiommu() && !config.vfioGroup()) {
      throw new IllegalArgumentException("VFIO_NOIOMMU depends on VFIO_GROUP");
    }
    return new Kernel(release, rfcSeries, config, on, drivers, active, this);
  }

  /** The fact that brings (or ends) a switch. */
  public KernelFact factOf(KernelSwitch s) {
    for (KernelFact f : facts) {
      if (f.effect() instanceof KernelFact.Switch sw && sw.name() == s) {
        return f;
      }
    }
    throw new IllegalStateException("no fact for " + s.id());
  }

  /** The facts of a driver's capability, oldest first. */
  public List<KernelFact> driverFacts(IommuType driver, Capability capability) {
    List<KernelFact> out = new ArrayList<>();
    for (KernelFact f : facts) {
      if (f.effect() instanceof KernelFact.Driver d && d.driver() == driver
          && d.capability() == capability) {
        out.add(f);
      }
    }
    return out;
  }

  /** Is the release one the timeline knows (for --kernel)? */
  public boolean knows(Release r) {
    return known.contains(r);
  }
}
