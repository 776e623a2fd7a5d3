package dev.vfiopolicy.model;

/** What a device is, as far as the use cases care. */
public enum DeviceClass {
  GPU_INTEGRATED("gpu-integrated"),
  GPU_DISCRETE("gpu-discrete"),
  NIC("nic"),
  NVME("nvme"),
  STORAGE("storage"),
  USB("usb"),
  AUDIO("audio"),
  ACCELERATOR("accelerator"),
  /** Bridges and root ports: not assignable, outside every use case. */
  BRIDGE("bridge"),
  OTHER("other");

  private final String id;

  DeviceClass(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public boolean assignable() {
    return this != BRIDGE;
  }

  public static DeviceClass fromId(String id) {
    return Ids.lookup(DeviceClass.class, id, DeviceClass::id);
  }
}
