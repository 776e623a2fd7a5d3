package dev.vfiopolicy.model;

/** The Kconfig choices of a kernel build that decide which VFIO interfaces exist. */
public record KernelConfig(boolean vfioGroup, boolean vfioDeviceCdev, boolean vfioNoiommu) {}
