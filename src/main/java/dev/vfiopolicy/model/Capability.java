package dev.vfiopolicy.model;

/** What an IOMMU driver reports about a unit; which release and hardware bit is kernel data. */
public enum Capability {
  /** IOMMU_CAP_CACHE_COHERENCY: IOMMU_CACHE is supported; VFIO requires it from 5.19 on. */
  CACHE_COHERENCY("cache_coherency"),
  /** The unit blocks no-snoop for the domains VFIO and iommufd set up (ENFORCE_CACHE_COHERENCY). */
  ENFORCE_CACHE_COHERENCY("enforce_cache_coherency"),
  /** iommufd nested translation. */
  NESTING("nesting"),
  /** iommufd IOMMU dirty tracking. */
  DIRTY_TRACKING("dirty_tracking");

  private final String id;

  Capability(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Capability fromId(String id) {
    return Ids.lookup(Capability.class, id, Capability::id);
  }

  /** The capability an iommufd-only feature rests on. */
  public static Capability of(Feature f) {
    return f == Feature.NESTING ? NESTING : DIRTY_TRACKING;
  }
}
