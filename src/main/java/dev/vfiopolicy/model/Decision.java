package dev.vfiopolicy.model;

/** The two things a policy decides for a device. */
public enum Decision {
  /** Is the device registered in /dev/vfio/devices? Values: expose, hide. */
  CDEV("cdev", "expose", "hide"),
  /**
   * What userspace learns after bind about enforced coherency (RFC patch 10's
   * IOMMU_DEVICE_INFO_ENFORCE_SNOOP). Values: enforced, not-enforced, absent.
   */
  COHERENCY_FLAG("coherency-flag", "enforced", "not-enforced", "absent");

  private final String id;
  private final java.util.List<String> allowed;

  Decision(String id, String... values) {
    this.id = id;
    this.allowed = java.util.List.of(values);
  }

  public String id() {
    return id;
  }

  public java.util.List<String> allowed() {
    return allowed;
  }

  public static Decision fromId(String id) {
    return Ids.lookup(Decision.class, id, Decision::id);
  }
}
