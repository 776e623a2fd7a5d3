package dev.vfiopolicy.model;

import java.util.List;

/**
 * Devices of one host assigned together to one VM (or used by one application): the unit KVM's
 * coherency state and a VM-wide iommufd switch apply to. Devices a population lists in no VM are
 * each a VM of their own.
 */
public record Vm(String name, List<Device> devices) {
  public Vm {
    devices = List.copyOf(devices);
    if (devices.isEmpty()) {
      throw new IllegalArgumentException("a VM has at least one device");
    }
  }
}
