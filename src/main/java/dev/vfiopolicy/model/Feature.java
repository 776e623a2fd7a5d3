package dev.vfiopolicy.model;

/** iommufd-only features a use case may need (brief §4, "Features only on the iommufd/cdev path"). */
public enum Feature {
  NESTING("nesting"),
  DIRTY_TRACKING("dirty_tracking");

  private final String id;

  Feature(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Feature fromId(String id) {
    return Ids.lookup(Feature.class, id, Feature::id);
  }
}
