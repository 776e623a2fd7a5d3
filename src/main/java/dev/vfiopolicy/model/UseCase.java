package dev.vfiopolicy.model;

import java.util.Set;

/**
 * What a consumer of VFIO does with a device (brief §6.1 "Userspace").
 *
 * @param kvm the device is assigned to a KVM guest
 * @param wants the interface the consumer opens first
 * @param fallsBackToGroup opens the group when the cdev is absent
 * @param registersWithKvm adds the opened fd to a kvm-vfio device (KVM_DEV_VFIO_FILE_ADD)
 * @param readsCoherencyFlag reads the policy's coherency flag after bind and reacts to it
 * @param needs iommufd-only features without which the use case cannot run
 */
public record UseCase(
    String id,
    String title,
    boolean kvm,
    Interface wants,
    boolean fallsBackToGroup,
    boolean registersWithKvm,
    boolean readsCoherencyFlag,
    Set<Feature> needs,
    String source) {
  public UseCase {
    needs = Set.copyOf(needs);
  }
}
