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
 * The model of brief §6.2–6.4 for one device as the only device of its VM or application: kernel
 * facts first (they decide {@code unsupported} whatever the policy says), then the policy's cdev
 * decision, then the path the consumer ends on, then what KVM learns about coherency.
 *
 * <p>One rule for blame: a device that cannot run is {@code broken} only when the policy's
 * decision is what stops it, i.e. the same device would run under that policy had it been
 * exposed; otherwise it is {@code unsupported}, with the fact that stops it exposed.
 *
 * <p>Departures from the brief are listed in {@link ModelNotes} and printed in every report.
 */
public final class Evaluator {
  private Evaluator() {}

  /**
   * The device's outcome in one cell. {@code explain}: also record the steps that led there
   * ({@code explain} shows them); a report needs only outcome and reason, and building the steps'
   * text for every profile and cell was a large share of a default report's evaluation.
   */
  public static Evaluation evaluate(
      KernelView v, Policy policy, Policy.Verdict verdict, UseCase u, boolean explain) {
    Run hidden = new Run(v, policy, verdict, u, explain);
    Evaluation e = hidden.run();
    if (!e.outcome().fails() || !hidden.policyHid) {
      return e;
    }
    Policy.Verdict exposed =
        new Policy.Verdict(null, "expose", verdict.flagRule(), verdict.flag());
    Evaluation asExposed = new Run(v, policy, exposed, u, explain).run();
    List<String> steps = new ArrayList<>();
    if (!asExposed.outcome().fails()) {
      if (explain) {
        steps.addAll(e.steps().subList(0, e.steps().size() - 1));
        steps.add("exposed, it would run (" + asExposed.outcome().id() + "): the policy's"
            + " decision is what stops it");
        steps.add(e.steps().get(e.steps().size() - 1));
      }
      return new Evaluation(Outcome.BROKEN, e.reason(), steps, null, false, false);
    }
    if (explain) {
      steps.addAll(e.steps().subList(0, e.steps().size() - 1));
      steps.add("exposed, it would not run either: " + asExposed.reason());
      steps.add("=> unsupported: " + asExposed.reason());
    }
    return new Evaluation(Outcome.UNSUPPORTED, asExposed.reason(), steps, null, false, false);
  }

  /** One evaluation; holds the steps so far when it explains. */
  private static final class Run {
    private final Profile p;
    private final KernelView v;
    private final Kernel k;
    private final Policy policy;
    private final Policy.Verdict verdict;
    private final UseCase u;
    /** The steps so far; null when the run does not explain. */
    private final List<String> steps;
    /** Why the consumer ended on the group path instead of the cdev; null when it did not. */
    private String fallbackCause;
    /** The policy hid the cdev on the way to this outcome. */
    boolean policyHid;

    Run(KernelView v, Policy policy, Policy.Verdict verdict, UseCase u, boolean explain) {
      this.p = v.profile();
      this.v = v;
      this.k = v.kernel();
      this.policy = policy;
      this.verdict = verdict;
      this.u = u;
      this.steps = explain ? new ArrayList<>() : null;
    }

    private Evaluation fail(Outcome outcome, String reason) {
      return end(outcome, null, reason, false, false);
    }

    /** Whether the run records steps: callers test it before building a step's text. */
    private boolean explains() {
      return steps != null;
    }

    private void step(String text) {
      steps.add(text);
    }

    Evaluation run() {
      if (!p.deviceClass().assignable()) {
        return fail(Outcome.NOT_APPLICABLE, "bridges and root ports are not assigned to userspace");
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
        return fail(
            Outcome.UNSUPPORTED,
            "kernel: VFIO_GROUP=n cannot be built with SPAPR_TCE_IOMMU"
                + " (drivers/vfio/Kconfig: VFIO selects VFIO_GROUP if SPAPR_TCE_IOMMU)");
      }
      if (p.noIommu()) {
        if (explains()) {
          step("no translating IOMMU: only VFIO's no-IOMMU mode (/dev/vfio/noiommu-N) can open"
              + " it");
        }
        if (u.kvm()) {
          return fail(
              Outcome.UNSUPPORTED,
              "kernel: no-IOMMU mode cannot assign devices to virtual machines (VFIO_NOIOMMU help)");
        }
        if (!k.noIommuMode()) {
          return fail(
              Outcome.UNSUPPORTED,
              "kernel: CONFIG_VFIO_NOIOMMU is not set (it depends on VFIO_GROUP)");
        }
        return null;
      }
      if (p.bus() == Bus.AP && k.has(KernelSwitch.VFIO_AP_NEEDS_KVM)
          && !(u.kvm() && u.registersWithKvm())) {
        return fail(
            Outcome.UNSUPPORTED,
            "kernel: vfio-ap opens only with a KVM attached through kvm-vfio ("
                + k.cite(KernelSwitch.VFIO_AP_NEEDS_KVM) + ")");
      }
      if (!p.bus().emulatedIommu() && !v.cacheCoherency()) {
        if (k.has(KernelSwitch.VFIO_REFUSES_NON_COHERENT)) {
          return fail(
              Outcome.UNSUPPORTED,
              k.name() + ": VFIO refuses a device whose IOMMU lacks IOMMU_CAP_CACHE_COHERENCY ("
                  + k.cite(KernelSwitch.VFIO_REFUSES_NON_COHERENT) + "); "
                  + k.whyNot(p, Capability.CACHE_COHERENCY));
        }
        if (explains()) {
          step("the IOMMU does not report IOMMU_CAP_CACHE_COHERENCY ("
              + k.whyNot(p, Capability.CACHE_COHERENCY) + "); this kernel predates 5.19 and"
              + " accepts it");
        }
      }
      return null;
    }

    private Evaluation missingFeature() {
      for (Feature f : u.needs()) {
        KernelSwitch uapi = f == Feature.NESTING
            ? KernelSwitch.IOMMUFD_HWPT_INVALIDATE : KernelSwitch.IOMMUFD_DIRTY_TRACKING;
        if (!k.has(uapi)) {
          return fail(Outcome.UNSUPPORTED, k.name() + ": no usable iommufd "
              + f.id().replace('_', ' ') + " (" + k.cite(uapi) + ")");
        }
        String lacks = unitLacks(f);
        if (lacks != null) {
          return fail(Outcome.UNSUPPORTED, lacks);
        }
        if (explains()) {
          step("needs iommufd " + f.id() + ": kernel and IOMMU unit have it");
        }
      }
      return null;
    }

    /** Why the device's IOMMU cannot give the feature in this kernel, or null when it can. */
    private String unitLacks(Feature f) {
      if (p.bus().emulatedIommu()) {
        return "hardware: an emulated-IOMMU (mdev) device has no IOMMU "
            + f.id().replace('_', ' ');
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
          return fail(Outcome.UNSUPPORTED, "kernel: CONFIG_VFIO_GROUP=n, no group interface");
        }
        path = Interface.GROUP;
        if (explains()) {
          step("opens the group (" + (p.noIommu() ? "/dev/vfio/noiommu-N" : "/dev/vfio/N")
              + ")");
        }
        return finish(path);
      }
      String kernelCause = kernelNoCdev();
      if (kernelCause == null && verdict.cdevExposed()) {
        if (explains()) {
          step("cdev registered: " + ruleText(verdict.cdevRule(), verdict.cdev())
              + "; opens /dev/vfio/devices/vfioX and binds it to iommufd");
        }
        return finish(Interface.CDEV);
      }
      String cause = kernelCause != null ? kernelCause : policyCause();
      policyHid = kernelCause == null;
      if (explains()) {
        step(kernelCause != null
            ? cause
            : "cdev hidden: " + ruleText(verdict.cdevRule(), verdict.cdev()));
      }
      if (u.fallsBackToGroup() && k.groupInterface() && u.needs().isEmpty()) {
        fallbackCause = cause;
        if (explains()) {
          step("falls back to the group interface");
        }
        return finish(Interface.GROUP);
      }
      // The consequence, in words that do not name the use case: the reason sits under it.
      String why =
          u.vmWide()
              ? "a VM-wide iommufd switch has no group fallback"
              : !u.fallsBackToGroup()
                  ? "the consumer has no group fallback"
                  : !u.needs().isEmpty()
                      ? "the group path has no " + u.needs().iterator().next().id()
                          .replace('_', ' ')
                      : "CONFIG_VFIO_GROUP=n leaves no group to fall back to";
      return fail(kernelCause != null ? Outcome.UNSUPPORTED : Outcome.BROKEN,
          cause + ", and " + why);
    }

    private static String ruleText(Rule r, String value) {
      return r == null ? "default " + value : "rule " + r.id() + " (" + r.when() + ") -> " + value;
    }

    private Evaluation finish(Interface path) {
      if (u.readsCoherencyFlag() && u.kvm() && path == Interface.CDEV) {
        String flag = verdict.flag();
        if ("not-enforced".equals(flag)) {
          if (k.kvmAcceptsDeviceFd()) {
            if (explains()) {
              step("coherency flag says not enforced (" + flagRule()
                  + "); kvm-vfio takes the device fd");
            }
          } else if (k.groupInterface()) {
            if (explains()) {
              step("coherency flag says not enforced (" + flagRule()
                  + "); kvm-vfio takes group fds only, so the VMM reverts to the group");
            }
            path = Interface.GROUP;
            fallbackCause =
                "policy " + policy.id() + ": coherency flag not-enforced and kvm-vfio takes group"
                    + " fds only";
          } else {
            return fail(
                Outcome.UNSUPPORTED,
                "kernel: coherency not enforced, kvm-vfio takes no device fd and there is no group"
                    + " interface, so the VMM refuses to run");
          }
        } else if (explains()) {
          if ("enforced".equals(flag)) {
            step("coherency flag says enforced (" + flagRule() + "); the VMM stays on the cdev");
            if (!blocksNoSnoop(Interface.CDEV)) {
              step("but the unit cannot block no-snoop: the flag is wrong for this device");
            }
          } else {
            step("policy " + policy.id() + " gives userspace no coherency flag (" + flagRule()
                + ")");
          }
        }
      }
      boolean noncoherent = noncoherentDma(path);
      if (!u.kvm()) {
        if (noncoherent && explains()) {
          step(
              "non-coherent DMA with no KVM involved: the same hazard on the group and cdev paths,"
                  + " which no policy changes (brief §5.3)");
        }
        return done(path, "no KVM involved", noncoherent, false);
      }
      boolean registered = false;
      String unseen;
      if (!u.registersWithKvm()) {
        unseen = "no kvm-vfio device";
        if (explains()) {
          step("the VMM creates no kvm-vfio device: KVM never learns about the device");
        }
      } else if (!k.kvmAccepts(path)) {
        unseen = "kvm-vfio refused the " + path.id() + " fd";
        boolean fatal = u.onRefusedFd() == UseCase.RefusedFd.FATAL;
        if (fatal || explains()) {
          String refusal = k.name() + ": kvm-vfio refuses the " + path.id() + " fd (-EINVAL;"
              + " device fds from " + k.timeline().factOf(KernelSwitch.KVM_VFIO_DEVICE_FDS).from()
              + ", " + k.timeline().factOf(KernelSwitch.KVM_VFIO_DEVICE_FDS).id() + ")";
          if (fatal) {
            if (explains()) {
              step("adds the " + path.id() + " fd to kvm-vfio (KVM_DEV_VFIO_FILE_ADD)");
            }
            return fail(Outcome.UNSUPPORTED, refusal + ", and " + consumerName()
                + " fails the attach");
          }
          step(refusal + "; " + consumerName() + " carries on without KVM knowing of it");
        }
      } else {
        registered = true;
        unseen = null;
        if (explains()) {
          step("adds the " + path.id() + " fd to kvm-vfio (KVM_DEV_VFIO_FILE_ADD)");
        }
      }
      boolean x86 = p.arch().kvmHasNoncoherentDmaRemedy();
      boolean told = registered && x86 && !kvmHearsCoherent(path);
      if (told && explains()) {
        step("KVM learns the fd is not enforced-coherent: " + coherencyAnswer(path));
      }
      if (!noncoherent) {
        if (told) {
          return done(path, "DMA is coherent, but KVM is told it is not ("
              + coherencyAnswer(path) + "): WBINVD emulated, a cost only", false, true);
        }
        return done(path, "DMA is coherent", false, false);
      }
      if (!x86) {
        return end(Outcome.NO_REMEDY, path,
            "non-coherent DMA on " + p.arch().id()
                + ": KVM has no remedy (kvm_arch_register_noncoherent_dma is x86-only)",
            true, false);
      }
      if (!told) {
        return end(Outcome.UNSAFE, path,
            "non-coherent DMA unknown to KVM ("
                + (unseen != null ? unseen : "KVM is told the " + path.id() + " fd is coherent")
                + "): guest WBINVD is a no-op",
            true, false);
      }
      if (explains()) {
        step("KVM registers non-coherent DMA: WBINVD emulated, guest memory types honoured");
      }
      return done(path, "KVM told of non-coherent DMA via the " + path.id() + " fd", true, true);
    }

    /** The rule (or default) that set the coherency flag, for a step. */
    private String flagRule() {
      return ruleText(verdict.flagRule(), verdict.flag());
    }

    private String consumerName() {
      return u.hypothetical() ? "the VMM" : u.consumer();
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
      if (globalAnswer(path)) {
        return p.hostVtdSnoop();
      }
      return v.enforceCacheCoherency();
    }

    private boolean globalAnswer(Interface path) {
      return path == Interface.GROUP && p.iommuType() == IommuType.INTEL_VTD
          && k.has(KernelSwitch.INTEL_GLOBAL_COHERENCY);
    }

    private String coherencyAnswer(Interface path) {
      if (globalAnswer(path)) {
        return "the pre-5.19 Intel answer is global and a DMAR unit of this host has neither"
            + " snoop control nor scalable mode (" + k.cite(KernelSwitch.INTEL_GLOBAL_COHERENCY)
            + ")";
      }
      return p.bus().emulatedIommu()
          ? "an emulated-IOMMU device reports no enforced coherency [INFERRED]"
          : k.whyNot(p, Capability.ENFORCE_CACHE_COHERENCY);
    }

    private Evaluation end(
        Outcome outcome, Interface path, String reason, boolean noncoherent, boolean told) {
      if (!explains()) {
        return new Evaluation(outcome, reason, List.of(), path, noncoherent, told);
      }
      steps.add("=> " + outcome.id() + ": " + reason);
      return new Evaluation(outcome, reason, steps, path, noncoherent, told);
    }

    private Evaluation done(Interface path, String detail, boolean noncoherent, boolean told) {
      if (fallbackCause != null) {
        return end(Outcome.FALLBACK, path, fallbackCause + "; falls back to the group, " + detail,
            noncoherent, told);
      }
      return end(Outcome.WORKS, path, path.id() + " path: " + detail, noncoherent, told);
    }
  }
}
