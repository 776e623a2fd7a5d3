package dev.vfiopolicy.model;

import java.util.Set;

/**
 * What a consumer of VFIO does with the devices of one VM or application, as the real consumer
 * (or the hypothetical one someone described) behaves (catalog/use-cases.yaml).
 *
 * @param kvm the devices are assigned to a KVM guest
 * @param access which interface it asks for, and what it does when the cdev is absent
 * @param registersWithKvm adds each opened fd to its kvm-vfio device (KVM_DEV_VFIO_FILE_ADD)
 * @param onRefusedFd what it does when kvm-vfio refuses an fd; null when it registers none
 * @param readsCoherencyFlag reads the policy's coherency flag after bind and reacts to it
 * @param needs iommufd-only features without which it cannot run
 * @param consumer the real consumer and release it stands for ("QEMU 9.0"), or the one who
 *     described a hypothetical one
 * @param hypothetical no shipped consumer behaves like this
 */
public record UseCase(
    String id,
    String title,
    boolean kvm,
    Access access,
    boolean registersWithKvm,
    RefusedFd onRefusedFd,
    boolean readsCoherencyFlag,
    Set<Feature> needs,
    String consumer,
    boolean hypothetical,
    String source) {
  public UseCase {
    needs = Set.copyOf(needs);
  }

  /** The interface it opens first. */
  public Interface wants() {
    return access == Access.GROUP ? Interface.GROUP : Interface.CDEV;
  }

  /** Opens the group when a device has no cdev. */
  public boolean fallsBackToGroup() {
    return access == Access.CDEV_OR_GROUP;
  }

  /** One switch for the whole VM: every device on the cdev, or the VM does not start. */
  public boolean vmWide() {
    return access == Access.VM_CDEV;
  }

  /** How a consumer chooses the interface. */
  public enum Access {
    /** Group and container only. */
    GROUP("group"),
    /** The cdev, chosen per device; no fallback. */
    CDEV("cdev"),
    /** The cdev where the device has one, else its group. */
    CDEV_OR_GROUP("cdev-or-group"),
    /** A VM-wide switch: every device on the cdev; one without a cdev fails the VM. */
    VM_CDEV("vm-cdev");

    private final String id;

    Access(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static Access fromId(String id) {
      return Ids.lookup(Access.class, id, Access::id);
    }
  }

  /** What the consumer does when kvm-vfio refuses an fd (-EINVAL on kernels before 6.6). */
  public enum RefusedFd {
    /** The attach fails: the device (and the VM) does not start. */
    FATAL("fatal"),
    /** Reported or ignored; the device runs without KVM knowing of it. */
    IGNORED("ignored");

    private final String id;

    RefusedFd(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static RefusedFd fromId(String id) {
      return Ids.lookup(RefusedFd.class, id, RefusedFd::id);
    }
  }
}
