package dev.vfiopolicy.engine;

import dev.vfiopolicy.model.Bus;
import dev.vfiopolicy.model.Capability;
import dev.vfiopolicy.model.Feature;
import dev.vfiopolicy.model.Interface;
import dev.vfiopolicy.model.IommuType;
import dev.vfiopolicy.model.Kernel;
import dev.vfiopolicy.model.KernelSwitch;
import dev.vfiopolicy.model.KernelView;
import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.model.Rule;
import dev.vfiopolicy.model.UseCase;
import java.util.ArrayList;
import java.util.List;

/**
 * The model of brief §6.2–6.4 as one pure function: kernel facts first (they decide
 * {@code unsupported} whatever the policy says), then the policy's cdev decision, then the path
 * the consumer ends up on, then what KVM learns about coherency.
 *
 * <p>Departures from the brief are listed in {@link ModelNotes} and printed in every report.
 */
public final class Evaluator {
  private Evaluator() {}

  public static Evaluation evaluate(
      KernelView v, Policy policy, Policy.Verdict verdict, UseCase u) {
    return new Run(v, policy, verdict, u).run();
  }

  /** One evaluation; holds the steps so far. */
  private static final class Run {
    private final Profile p;
    private final KernelView v;
    private final Kernel k;
    private final Policy policy;
    private final Policy.Verdict verdict;
    private final UseCase u;
    private final List<String> steps = new ArrayList<>();
    /** Why the consumer ended on the group path instead of the cdev; null when it did not. */
    private String fallbackCause;

    Run(KernelView v, Policy policy, Policy.Verdict verdict, UseCase u) {
      this.p = v.profile();
      this.v = v;
      this.k = v.kernel();
      this.policy = policy;
      this.verdict = verdict;
      this.u = u;
    }

    private Evaluation end(Outcome outcome, String reason) {
      steps.add("=> " + outcome.id() + ": " + reason);
      return new Evaluation(outcome, reason, steps);
    }

    private void step(String text) {
      steps.add(text);
    }

    Evaluation run() {
      if (!p.deviceClass().assignable()) {
        return end(Outcome.NOT_APPLICABLE, "bridges and root ports are not assigned to userspace");
      }
      Evaluation refused = kernelRefuses();
      if (refused != null) {
        return refused;
      }
      Evaluation missing = missingFeature();
      if (missing != null) {
        return missing;
      }
      return choosePath();
    }

    /** Facts that stop the device whatever the policy decides. */
    private Evaluation kernelRefuses() {
      if (p.iommuType() == IommuType.SPAPR_TCE && !k.groupInterface()) {
        return end(
            Outcome.UNSUPPORTED,
            "kernel: VFIO_GROUP=n cannot be built with SPAPR_TCE_IOMMU"
                + " (drivers/vfio/Kconfig: VFIO selects VFIO_GROUP if SPAPR_TCE_IOMMU)");
      }
      if (p.noIommu()) {
        step("no translating IOMMU: only VFIO's no-IOMMU mode (/dev/vfio/noiommu-N) can open it");
        if (u.kvm()) {
          return end(
              Outcome.UNSUPPORTED,
              "kernel: no-IOMMU mode cannot assign devices to virtual machines (VFIO_NOIOMMU help)");
        }
        if (!k.noIommuMode()) {
          return end(
              Outcome.UNSUPPORTED,
              "kernel: CONFIG_VFIO_NOIOMMU is not set (it depends on VFIO_GROUP)");
        }
        return null;
      }
      if (p.bus() == Bus.AP && k.has(KernelSwitch.VFIO_AP_NEEDS_KVM)
          && !(u.kvm() && u.registersWithKvm())) {
        return end(
            Outcome.UNSUPPORTED,
            "kernel: vfio-ap opens only with a KVM attached through kvm-vfio ("
                + k.cite(KernelSwitch.VFIO_AP_NEEDS_KVM) + ")");
      }
      if (!p.bus().emulatedIommu() && !v.cacheCoherency()) {
        String why = k.whyNot(p, Capability.CACHE_COHERENCY);
        if (k.has(KernelSwitch.VFIO_REFUSES_NON_COHERENT)) {
          return end(
              Outcome.UNSUPPORTED,
              k.name() + ": VFIO refuses a device whose IOMMU lacks IOMMU_CAP_CACHE_COHERENCY ("
                  + k.cite(KernelSwitch.VFIO_REFUSES_NON_COHERENT) + "); " + why);
        }
        step("the IOMMU does not report IOMMU_CAP_CACHE_COHERENCY (" + why + "); this kernel"
            + " predates 5.19 and accepts it");
      }
      return null;
    }

    private Evaluation missingFeature() {
      for (Feature f : u.needs()) {
        KernelSwitch uapi = f == Feature.NESTING
            ? KernelSwitch.IOMMUFD_HWPT_INVALIDATE : KernelSwitch.IOMMUFD_DIRTY_TRACKING;
        if (!k.has(uapi)) {
          return end(Outcome.UNSUPPORTED, k.name() + ": no usable iommufd "
              + f.id().replace('_', ' ') + " (" + k.cite(uapi) + ")");
        }
        String lacks = unitLacks(f);
        if (lacks != null) {
          return end(Outcome.UNSUPPORTED, lacks);
        }
        step("needs iommufd " + f.id() + ": kernel and IOMMU unit have it");
      }
      return null;
    }

    /** Why the device's IOMMU cannot give the feature in this kernel, or null when it can. */
    private String unitLacks(Feature f) {
      if (p.bus().emulatedIommu()) {
        return "hardware: an emulated-IOMMU (mdev) device has no IOMMU " + f.id();
      }
      if (p.noIommu()) {
        return "hardware: no IOMMU, no " + f.id();
      }
      Capability c = Capability.of(f);
      return v.reports(c) ? null : k.whyNot(p, c);
    }

    /** Why the kernel offers no cdev for this device, or null when it does. */
    private String kernelNoCdev() {
      if (p.iommuType() == IommuType.SPAPR_TCE) {
        return "kernel: no cdev on sPAPR (VFIO_DEVICE_CDEV depends on !SPAPR_TCE_IOMMU)";
      }
      if (p.noIommu()) {
        return "kernel: the cdev interface does not support no-IOMMU (VFIO_DEVICE_CDEV help)";
      }
      String why = k.whyNoCdev(p.bus());
      if (why != null) {
        return why;
      }
      if (p.vfToken() && !k.has(KernelSwitch.VF_TOKEN_CDEV)) {
        return k.name() + ": a VF with a VF token cannot be bound through the cdev ("
            + k.cite(KernelSwitch.VF_TOKEN_CDEV) + ")";
      }
      return null;
    }

    private String policyCause() {
      Rule r = verdict.cdevRule();
      return "policy " + policy.id() + (r == null ? " (default)" : ", rule " + r.id())
          + ": no cdev";
    }

    private Evaluation choosePath() {
      Interface path;
      if (u.wants() == Interface.GROUP) {
        if (!k.groupInterface()) {
          return end(Outcome.UNSUPPORTED, "kernel: CONFIG_VFIO_GROUP=n, no group interface");
        }
        path = Interface.GROUP;
        step("opens the group (" + (p.noIommu() ? "/dev/vfio/noiommu-N" : "/dev/vfio/N") + ")");
      } else {
        String kernelCause = kernelNoCdev();
        if (kernelCause == null && verdict.cdevExposed()) {
          path = Interface.CDEV;
          step(
              "cdev registered: " + ruleText(verdict.cdevRule(), verdict.cdev())
                  + "; opens /dev/vfio/devices/vfioX and binds it to iommufd");
        } else {
          String cause = kernelCause != null ? kernelCause : policyCause();
          step(
              kernelCause != null
                  ? cause
                  : "cdev hidden: " + ruleText(verdict.cdevRule(), verdict.cdev()));
          if (u.fallsBackToGroup() && k.groupInterface() && u.needs().isEmpty()) {
            path = Interface.GROUP;
            fallbackCause = cause;
            step("falls back to the group interface");
          } else {
            String why =
                !u.fallsBackToGroup()
                    ? u.id() + " has no group fallback"
                    : !u.needs().isEmpty()
                        ? "the group path has no " + u.needs().iterator().next().id()
                        : "CONFIG_VFIO_GROUP=n leaves no group to fall back to";
            return end(
                kernelCause != null ? Outcome.UNSUPPORTED : Outcome.BROKEN, cause + ", and " + why);
          }
        }
      }
      return finish(path);
    }

    private static String ruleText(Rule r, String value) {
      return r == null ? "default " + value : "rule " + r.id() + " (" + r.when() + ") -> " + value;
    }

    private Evaluation finish(Interface path) {
      if (u.readsCoherencyFlag() && u.kvm() && path == Interface.CDEV) {
        String flag = verdict.flag();
        String by = ruleText(verdict.flagRule(), flag);
        if ("not-enforced".equals(flag)) {
          if (k.kvmAcceptsDeviceFd()) {
            step("coherency flag says not enforced (" + by + "); kvm-vfio takes the device fd");
          } else if (k.groupInterface()) {
            step(
                "coherency flag says not enforced (" + by
                    + "); kvm-vfio takes group fds only, so the VMM reverts to the group");
            path = Interface.GROUP;
            fallbackCause =
                "policy " + policy.id() + ": coherency flag not-enforced and kvm-vfio takes group"
                    + " fds only";
          } else {
            return end(
                Outcome.UNSUPPORTED,
                "kernel: coherency not enforced, kvm-vfio takes no device fd and there is no group"
                    + " interface, so the VMM refuses to run");
          }
        } else if ("enforced".equals(flag)) {
          step("coherency flag says enforced (" + by + "); the VMM stays on the cdev");
          if (!blocksNoSnoop(Interface.CDEV)) {
            step("but the unit cannot block no-snoop: the flag is wrong for this device");
          }
        } else {
          step("policy " + policy.id() + " gives userspace no coherency flag (" + by + ")");
        }
      }
      boolean noncoherent = noncoherentDma(path);
      if (!u.kvm()) {
        if (noncoherent) {
          step(
              "non-coherent DMA with no KVM involved: the same hazard on the group and cdev paths,"
                  + " which no policy changes (brief §5.3)");
        }
        return done(path, "no KVM involved");
      }
      boolean kvmSees = u.registersWithKvm() && k.kvmAccepts(path);
      if (!u.registersWithKvm()) {
        step("the VMM creates no kvm-vfio device: KVM never learns about the device");
      } else if (!k.kvmAccepts(path)) {
        step("kvm-vfio in this kernel does not accept " + path.id() + " fds: KVM never sees it");
      } else {
        step("adds the " + path.id() + " fd to kvm-vfio (KVM_DEV_VFIO_FILE_ADD)");
      }
      boolean told = kvmSees && !kvmHearsCoherent(path);
      if (told && p.arch().kvmHasNoncoherentDmaRemedy()) {
        step("KVM learns the fd is not enforced-coherent: " + coherencyAnswer(path));
      }
      if (!noncoherent) {
        if (told && p.arch().kvmHasNoncoherentDmaRemedy()) {
          return done(path, "DMA is coherent, but KVM is told it is not ("
              + coherencyAnswer(path) + "): WBINVD emulated, a cost only");
        }
        return done(path, "DMA is coherent");
      }
      if (!p.arch().kvmHasNoncoherentDmaRemedy()) {
        return end(
            Outcome.UNSAFE,
            "non-coherent DMA on " + p.arch().id()
                + ": KVM has no remedy (kvm_arch_register_noncoherent_dma is x86-only)");
      }
      if (!told) {
        return end(
            Outcome.UNSAFE,
            "non-coherent DMA unknown to KVM ("
                + (!u.registersWithKvm()
                    ? "no kvm-vfio device"
                    : !k.kvmAccepts(path)
                        ? "kvm-vfio takes no " + path.id() + " fd"
                        : "KVM is told the " + path.id() + " fd is coherent")
                + "): guest WBINVD is a no-op");
      }
      step("KVM registers non-coherent DMA: WBINVD emulated, guest memory types honoured");
      return done(path, "KVM told of non-coherent DMA via the " + path.id() + " fd");
    }

    /**
     * Whether the unit really blocks no-snoop for this device on this path: VT-d with snoop
     * control once the kernel asks for it (before 5.19 the group path asked only when every
     * DMAR unit of the host passed the global test); AMD-Vi always (IOMMU_PTE_FC); SMMUv3 when
     * the root complex has CANWBS, whatever the kernel knows of it. Scalable mode without ECAP.SC
     * is taken not to block, as the merged kernel decides [the RFC assumed otherwise; UNVERIFIED
     * on hardware].
     */
    private boolean blocksNoSnoop(Interface path) {
      return switch (p.iommuType()) {
        case INTEL_VTD -> p.enforceCacheCoherency()
            && !(path == Interface.GROUP && k.has(KernelSwitch.INTEL_GLOBAL_COHERENCY)
                && !p.hostVtdSnoop());
        case AMD_VI -> true;
        case ARM_SMMU_V3 -> p.enforceCacheCoherency();
        default -> false;
      };
    }

    /**
     * DMA the IOMMU does not force coherent: the device issues no-snoop, or its SMMU cannot even
     * map cacheable (reachable only before 5.19, when VFIO still accepted it); and the unit does
     * not block it. Devices without a unit of their own count only their no-snoop.
     */
    private boolean noncoherentDma(Interface path) {
      boolean unitNotCacheable =
          (p.iommuType() == IommuType.ARM_SMMU || p.iommuType() == IommuType.ARM_SMMU_V3)
              && !p.cacheCoherency();
      return (p.noSnoop() || unitNotCacheable) && !blocksNoSnoop(path);
    }

    /**
     * What KVM learns from the fd (vfio_file_enforced_coherent): before 5.19 the group's
     * VFIO_DMA_CC_IOMMU, one answer per host on Intel; from 5.19 whether the unit enforces
     * coherency as this kernel reports it.
     */
    private boolean kvmHearsCoherent(Interface path) {
      if (path == Interface.GROUP && p.iommuType() == IommuType.INTEL_VTD
          && k.has(KernelSwitch.INTEL_GLOBAL_COHERENCY)) {
        return p.hostVtdSnoop();
      }
      return v.enforceCacheCoherency();
    }

    private String coherencyAnswer(Interface path) {
      if (path == Interface.GROUP && p.iommuType() == IommuType.INTEL_VTD
          && k.has(KernelSwitch.INTEL_GLOBAL_COHERENCY)) {
        return "the pre-5.19 Intel answer is global and a DMAR unit of this host has neither"
            + " snoop control nor scalable mode (" + k.cite(KernelSwitch.INTEL_GLOBAL_COHERENCY)
            + ")";
      }
      return p.bus().emulatedIommu()
          ? "an emulated-IOMMU device reports no enforced coherency [INFERRED]"
          : k.whyNot(p, Capability.ENFORCE_CACHE_COHERENCY);
    }

    private Evaluation done(Interface path, String detail) {
      if (fallbackCause != null) {
        return end(Outcome.FALLBACK, fallbackCause + "; falls back to the group, " + detail);
      }
      return end(Outcome.WORKS, path.id() + " path: " + detail);
    }
  }
}
