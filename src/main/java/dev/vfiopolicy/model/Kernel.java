package dev.vfiopolicy.model;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One kernel build: a release (with or without the 2021 RFC series), its Kconfig choices, and
 * what the timeline says it offers. Every answer here comes from catalog/kernels.yaml; the
 * engine asks, and names the fact in its reasons.
 */
public final class Kernel {
  private final Release release;
  private final boolean rfcSeries;
  private final KernelConfig config;
  private final Set<KernelSwitch> switches;
  private final Map<IommuType, Map<Capability, KernelFact>> drivers;
  private final List<KernelFact> active;
  private final Timeline timeline;
  private final String label;
  /** Made once: every reason a kernel fact decides starts with it. */
  private final String name;

  Kernel(
      Release release,
      boolean rfcSeries,
      KernelConfig config,
      Set<KernelSwitch> switches,
      Map<IommuType, Map<Capability, KernelFact>> drivers,
      List<KernelFact> active,
      Timeline timeline) {
    this.release = release;
    this.rfcSeries = rfcSeries;
    this.config = config;
    // An EnumSet: has() is asked for every device profile in every cell.
    this.switches = switches.isEmpty() ? EnumSet.noneOf(KernelSwitch.class)
        : EnumSet.copyOf(switches);
    this.drivers = drivers;
    this.active = List.copyOf(active);
    this.timeline = timeline;
    this.label = release + (rfcSeries ? " + RFC series" : "");
    this.name = "kernel " + label;
  }

  public Release release() {
    return release;
  }

  public boolean rfcSeries() {
    return rfcSeries;
  }

  public KernelConfig config() {
    return config;
  }

  /** "6.6", or "5.15 + RFC series". */
  public String label() {
    return label;
  }

  /** "kernel 6.6", the prefix of every reason a kernel fact decides. */
  public String name() {
    return name;
  }

  /** The facts this kernel has, in timeline order. */
  public List<KernelFact> facts() {
    return active;
  }

  public Timeline timeline() {
    return timeline;
  }

  public boolean has(KernelSwitch s) {
    return switches.contains(s);
  }

  /** The fact behind a switch, for reasons: "vfio-device-cdev, 6.6". */
  public String cite(KernelSwitch s) {
    KernelFact f = timeline.factOf(s);
    return f.id() + ", " + f.when();
  }

  /** The fact that decides what the driver reports as {@code c} in this kernel, or null. */
  public KernelFact driverFact(IommuType driver, Capability c) {
    Map<Capability, KernelFact> m = drivers.get(driver);
    return m == null ? null : m.get(c);
  }

  /** Does the device's IOMMU driver, in this kernel, report the capability for its unit? */
  public boolean reports(Profile p, Capability c) {
    KernelFact f = driverFact(p.iommuType(), c);
    return f != null && ((KernelFact.Driver) f.effect()).holdsFor(p);
  }

  /** Why the driver does not report {@code c} for this unit: the release, or the hardware. */
  public String whyNot(Profile p, Capability c) {
    KernelFact f = driverFact(p.iommuType(), c);
    if (f != null) {
      KernelFact.Driver d = (KernelFact.Driver) f.effect();
      List<String> missing = new java.util.ArrayList<>();
      for (HwBit b : d.needs()) {
        if (!b.of(p)) {
          missing.add(f.hardware().getOrDefault(b, b.key()));
        }
      }
      return "hardware: the " + p.iommuType().id() + " unit lacks "
          + String.join(d.any() ? " and " : ", ", missing) + " (" + f.id() + ")";
    }
    for (KernelFact later : timeline.driverFacts(p.iommuType(), c)) {
      if (!later.rfcSeries() && later.from() != null && release.before(later.from())) {
        return name() + ": " + p.iommuType().id() + " reports " + c.id() + " only from "
            + later.from() + " (" + later.id() + ")";
      }
    }
    return name() + ": " + p.iommuType().id() + " never reports " + c.id();
  }

  /** The fact that decides what this kernel reports of {@code c}, or why it does not. */
  public String decidedBy(Profile p, Capability c) {
    if (reports(p, c)) {
      KernelFact f = driverFact(p.iommuType(), c);
      KernelFact.Driver d = (KernelFact.Driver) f.effect();
      return f.id() + " (" + f.when() + (d.needs().isEmpty() ? ", always" : "") + ")";
    }
    return whyNot(p, c);
  }

  /** CONFIG_VFIO_GROUP: /dev/vfio/N and the container. */
  public boolean groupInterface() {
    return config.vfioGroup();
  }

  /** VFIO's no-IOMMU mode (group interface only). */
  public boolean noIommuMode() {
    return config.vfioGroup() && config.vfioNoiommu();
  }

  /** Does a device of this bus get /dev/vfio/devices/vfioX? Null when it does, else why not. */
  public String whyNoCdev(Bus bus) {
    if (has(KernelSwitch.RFC_CDEV_PCI)) {
      if (!config.vfioDeviceCdev()) {
        return name() + ": the RFC's device interface is not built";
      }
      return bus == Bus.PCI ? null
          : name() + ": the RFC registers /dev/vfio/devices for vfio-pci only ("
              + cite(KernelSwitch.RFC_CDEV_PCI) + ")";
    }
    if (!has(KernelSwitch.IOMMUFD)) {
      return name() + ": no iommufd, which the VFIO cdev needs (" + cite(KernelSwitch.IOMMUFD)
          + ")";
    }
    if (!has(KernelSwitch.VFIO_DEVICE_CDEV)) {
      return name() + ": no VFIO cdev before " + timeline.factOf(KernelSwitch.VFIO_DEVICE_CDEV)
          .from() + " (" + timeline.factOf(KernelSwitch.VFIO_DEVICE_CDEV).id() + ")";
    }
    if (!config.vfioDeviceCdev()) {
      return name() + ": CONFIG_VFIO_DEVICE_CDEV is not set";
    }
    if (bus.emulatedIommu() && !has(KernelSwitch.CDEV_EMULATED_DEVICES)) {
      return name() + ": no cdev for " + bus.id() + " devices ("
          + cite(KernelSwitch.CDEV_EMULATED_DEVICES) + ")";
    }
    return null;
  }

  public boolean kvmAcceptsDeviceFd() {
    return has(KernelSwitch.KVM_VFIO_DEVICE_FDS);
  }

  /** kvm-vfio takes group fds in every release. */
  public boolean kvmAccepts(Interface path) {
    return path == Interface.GROUP || kvmAcceptsDeviceFd();
  }

  @Override
  public String toString() {
    return name() + " " + config;
  }
}
