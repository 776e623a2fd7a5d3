package dev.vfiopolicy.model;

import java.util.List;

/**
 * A machine: its architecture, IOMMU units and devices.
 *
 * @param source where the description came from (a dump, a preset); empty when not recorded
 */
public record Host(
    String name, Arch arch, List<IommuUnit> iommus, List<Device> devices, String source) {
  public Host {
    iommus = List.copyOf(iommus);
    devices = List.copyOf(devices);
  }
}
