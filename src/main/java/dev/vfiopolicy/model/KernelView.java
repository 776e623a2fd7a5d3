package dev.vfiopolicy.model;

/**
 * A device as one kernel sees it: the hardware facts of its profile and what the kernel's IOMMU
 * driver reports of them. Policies decide on this view, so a policy that reads
 * {@code iommu.enforce_cache_coherency} reads what that kernel reports.
 */
public record KernelView(
    Profile profile,
    Kernel kernel,
    boolean cacheCoherency,
    boolean enforceCacheCoherency,
    boolean nesting,
    boolean dirtyTracking) {

  public static KernelView of(Profile p, Kernel k) {
    return new KernelView(
        p,
        k,
        k.reports(p, Capability.CACHE_COHERENCY),
        k.reports(p, Capability.ENFORCE_CACHE_COHERENCY),
        k.reports(p, Capability.NESTING),
        k.reports(p, Capability.DIRTY_TRACKING));
  }

  public boolean reports(Capability c) {
    return switch (c) {
      case CACHE_COHERENCY -> cacheCoherency;
      case ENFORCE_CACHE_COHERENCY -> enforceCacheCoherency;
      case NESTING -> nesting;
      case DIRTY_TRACKING -> dirtyTracking;
    };
  }
}
