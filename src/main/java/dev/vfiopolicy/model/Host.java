package dev.vfiopolicy.model;

import java.util.List;

/**
 * A machine: its architecture, IOMMU units, devices and the VMs its devices are assigned to.
 *
 * @param vms devices assigned together; an assignable device in none is a VM of its own
 * @param kind what sort of machine it is: the preset that made it, "imported", or what a
 *     population file says; {@link #UNSPECIFIED} when nothing does
 * @param source where the description came from (a dump, a preset); empty when not recorded
 */
public record Host(
    String name,
    Arch arch,
    List<IommuUnit> iommus,
    List<Device> devices,
    List<Vm> vms,
    String kind,
    String source) {
  public static final String UNSPECIFIED = "unspecified";

  public Host {
    iommus = List.copyOf(iommus);
    devices = List.copyOf(devices);
    vms = List.copyOf(vms);
  }

  /** A host whose devices are each a VM of their own, of unspecified kind. */
  public Host(String name, Arch arch, List<IommuUnit> iommus, List<Device> devices,
      String source) {
    this(name, arch, iommus, devices, List.of(), UNSPECIFIED, source);
  }

  /**
   * Every VM of the host: the listed ones, then one per assignable device listed in none, in
   * device order.
   */
  public List<Vm> allVms() {
    java.util.Set<Device> inVm = new java.util.HashSet<>();
    List<Vm> out = new java.util.ArrayList<>(vms);
    for (Vm vm : vms) {
      inVm.addAll(vm.devices());
    }
    for (Device d : devices) {
      if (d.deviceClass().assignable() && !inVm.contains(d)) {
        out.add(new Vm(d.id(), List.of(d)));
      }
    }
    return out;
  }
}
