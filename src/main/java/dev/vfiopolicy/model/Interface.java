package dev.vfiopolicy.model;

/** The two VFIO uAPIs a consumer can open a device through. */
public enum Interface {
  /** /dev/vfio/GROUP with a container (or iommufd's container emulation). */
  GROUP("group"),
  /** /dev/vfio/devices/vfioX bound to an iommufd. */
  CDEV("cdev");

  private final String id;

  Interface(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Interface fromId(String id) {
    return Ids.lookup(Interface.class, id, Interface::id);
  }
}
