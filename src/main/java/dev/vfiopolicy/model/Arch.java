package dev.vfiopolicy.model;

/** Host CPU architecture, as spelled in population files. */
public enum Arch {
  X86_64("x86_64"),
  AARCH64("aarch64"),
  S390X("s390x"),
  PPC64LE("ppc64le");

  private final String id;

  Arch(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /**
   * Only x86 KVM implements kvm_arch_register_noncoherent_dma(): __KVM_HAVE_ARCH_NONCOHERENT_DMA
   * is defined in arch/x86/include/asm/kvm_host.h alone (brief §2.3, §5.2).
   */
  public boolean kvmHasNoncoherentDmaRemedy() {
    return this == X86_64;
  }

  public static Arch fromId(String id) {
    return Ids.lookup(Arch.class, id, Arch::id);
  }
}
