package dev.vfiopolicy.model;

import java.util.List;

/** A machine: its architecture, IOMMU units and devices. */
public record Host(String name, Arch arch, List<IommuUnit> iommus, List<Device> devices) {
  public Host {
    iommus = List.copyOf(iommus);
    devices = List.copyOf(devices);
  }
}
