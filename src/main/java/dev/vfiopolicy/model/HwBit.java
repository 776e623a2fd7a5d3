package dev.vfiopolicy.model;

import java.util.function.Predicate;

/**
 * A hardware fact of an IOMMU unit, by the population-file key that states it. Files keep their
 * keys; they describe what the hardware can do, and the kernel decides what it reports.
 */
public enum HwBit {
  CACHE_COHERENCY("cache_coherency", Profile::cacheCoherency),
  ENFORCE_CACHE_COHERENCY("enforce_cache_coherency", Profile::enforceCacheCoherency),
  SCALABLE_MODE("scalable_mode", Profile::scalableMode),
  NESTING("nesting", Profile::nesting),
  DIRTY_TRACKING("dirty_tracking", Profile::dirtyTracking);

  private final String key;
  private final Predicate<Profile> read;

  HwBit(String key, Predicate<Profile> read) {
    this.key = key;
    this.read = read;
  }

  public String key() {
    return key;
  }

  public boolean of(Profile p) {
    return read.test(p);
  }

  public static HwBit fromKey(String key) {
    return Ids.lookup(HwBit.class, key, HwBit::key);
  }
}
