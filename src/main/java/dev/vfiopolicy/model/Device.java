package dev.vfiopolicy.model;

/**
 * One device on a host.
 *
 * @param vendor 4-hex-digit PCI vendor id, lower case
 * @param iommu the unit serving this device; {@link IommuUnit#NONE} when there is none
 * @param group IOMMU group number
 * @param noSnoop the device actually issues no-snoop DMA (not the DevCtl permission bit, brief
 *     §3.5)
 * @param nosnoopEnabled the PCIe DevCtl "Enable No Snoop" bit (lspci NoSnoop+): a permission,
 *     not evidence of use
 * @param vfToken an SR-IOV VF whose PF is bound to vfio-pci with a VF token: opening it needs
 *     the token (group path always; cdev from 6.17)
 * @param source where the facts came from and what was inferred; empty when not recorded
 */
public record Device(
    String name,
    String bdf,
    Bus bus,
    DeviceClass deviceClass,
    String vendor,
    IommuUnit iommu,
    int group,
    boolean noSnoop,
    boolean nosnoopEnabled,
    boolean vfToken,
    String source) {

  /**
   * Consistent with the record's equals (equal devices have equal names and addresses), and
   * cheap: the generated hashCode hashed every field, the IOMMU unit's too, per device.
   */
  @Override
  public int hashCode() {
    return java.util.Objects.hash(name, bdf);
  }

  /** How reports and {@code explain} name the device: its address, or its name without one. */
  public String id() {
    return bdf.isEmpty() ? name : bdf;
  }
}
