package dev.vfiopolicy.model;

import java.util.Set;

/**
 * A kernel configuration: which interfaces exist and what kvm-vfio accepts.
 *
 * @param cdevBuses buses whose devices get a cdev at all (the RFC did vfio-pci only)
 * @param vfioRequiresCacheCoherency VFIO refuses an IOMMU without IOMMU_CAP_CACHE_COHERENCY (5.19+)
 * @param noIommu CONFIG_VFIO_NOIOMMU (group interface only)
 * @param features iommufd-only features the kernel has
 */
public record Scenario(
    String id,
    String title,
    String kernel,
    boolean groupInterface,
    boolean cdevInterface,
    Set<Bus> cdevBuses,
    boolean kvmAcceptsGroupFd,
    boolean kvmAcceptsDeviceFd,
    boolean vfioRequiresCacheCoherency,
    boolean noIommu,
    Set<Feature> features,
    String source) {
  public Scenario {
    cdevBuses = Set.copyOf(cdevBuses);
    features = Set.copyOf(features);
  }

  public boolean kvmAccepts(Interface path) {
    return path == Interface.GROUP ? kvmAcceptsGroupFd : kvmAcceptsDeviceFd;
  }
}
