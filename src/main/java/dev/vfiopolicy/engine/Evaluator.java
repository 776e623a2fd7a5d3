package dev.vfiopolicy.engine;

import dev.vfiopolicy.model.Bus;
import dev.vfiopolicy.model.Feature;
import dev.vfiopolicy.model.Interface;
import dev.vfiopolicy.model.IommuType;
import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.model.Rule;
import dev.vfiopolicy.model.Scenario;
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
      Profile p, Scenario s, Policy policy, Policy.Verdict verdict, UseCase u) {
    return new Run(p, s, policy, verdict, u).run();
  }

  /** One evaluation; holds the steps so far. */
  private static final class Run {
    private final Profile p;
    private final Scenario s;
    private final Policy policy;
    private final Policy.Verdict verdict;
    private final UseCase u;
    private final List<String> steps = new ArrayList<>();
    /** Why the consumer ended on the group path instead of the cdev; null when it did not. */
    private String fallbackCause;

    Run(Profile p, Scenario s, Policy policy, Policy.Verdict verdict, UseCase u) {
      this.p = p;
      this.s = s;
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
      if (p.iommuType() == IommuType.SPAPR_TCE && !s.groupInterface()) {
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
        if (!s.groupInterface() || !s.noIommu()) {
          return end(
              Outcome.UNSUPPORTED,
              "kernel: CONFIG_VFIO_NOIOMMU is not set (it depends on VFIO_GROUP)");
        }
        return null;
      }
      if (!p.bus().emulatedIommu() && !p.cacheCoherency()) {
        if (s.vfioRequiresCacheCoherency()) {
          return end(
              Outcome.UNSUPPORTED,
              "kernel: VFIO refuses an IOMMU without IOMMU_CAP_CACHE_COHERENCY"
                  + " (vfio_register_group_dev, 5.19+)");
        }
        step("IOMMU lacks IOMMU_CAP_CACHE_COHERENCY; this kernel predates 5.19 and accepts it");
      }
      return null;
    }

    private Evaluation missingFeature() {
      for (Feature f : u.needs()) {
        if (!s.features().contains(f)) {
          return end(Outcome.UNSUPPORTED, "kernel: this kernel has no iommufd " + f.id());
        }
        String lacks = unitLacks(f);
        if (lacks != null) {
          return end(Outcome.UNSUPPORTED, "hardware: " + lacks);
        }
        step("needs iommufd " + f.id() + ": kernel and IOMMU unit have it");
      }
      return null;
    }

    /** Why the device's IOMMU cannot give the feature, or null when it can. */
    private String unitLacks(Feature f) {
      if (p.bus().emulatedIommu()) {
        return "an emulated-IOMMU (mdev) device has no IOMMU " + f.id();
      }
      if (p.noIommu()) {
        return "no IOMMU, no " + f.id();
      }
      if (f == Feature.NESTING) {
        if (p.iommuType() == IommuType.ARM_SMMU_V3 && !p.enforceCacheCoherency()) {
          return "SMMUv3 nesting needs CANWBS"
              + " (arm_smmu_domain_alloc_nesting returns -EOPNOTSUPP without it)";
        }
        return p.nesting() ? null : "the IOMMU unit has no nested translation";
      }
      return p.dirtyTracking() ? null : "the IOMMU unit has no dirty tracking";
    }

    /** Why the kernel offers no cdev for this device, or null when it does. */
    private String kernelNoCdev() {
      if (!s.cdevInterface()) {
        return "kernel: CONFIG_VFIO_DEVICE_CDEV is not set";
      }
      if (p.iommuType() == IommuType.SPAPR_TCE) {
        return "kernel: no cdev on sPAPR (VFIO_DEVICE_CDEV depends on !SPAPR_TCE_IOMMU)";
      }
      if (p.noIommu()) {
        return "kernel: the cdev interface does not support no-IOMMU (VFIO_DEVICE_CDEV help)";
      }
      if (!s.cdevBuses().contains(p.bus())) {
        return "kernel: this kernel registers no cdev for " + p.bus().id() + " devices";
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
        if (!s.groupInterface()) {
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
          if (u.fallsBackToGroup() && s.groupInterface() && u.needs().isEmpty()) {
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
          if (s.kvmAcceptsDeviceFd()) {
            step("coherency flag says not enforced (" + by + "); kvm-vfio takes the device fd");
          } else if (s.groupInterface()) {
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
          if (!p.enforceCacheCoherency()) {
            step("but the unit cannot block no-snoop: the flag is wrong for this device");
          }
        } else {
          step("policy " + policy.id() + " gives userspace no coherency flag (" + by + ")");
        }
      }
      if (!u.kvm()) {
        if (p.noncoherentDma()) {
          step(
              "non-coherent DMA with no KVM involved: the same hazard on the group and cdev paths,"
                  + " which no policy changes (brief §5.3)");
        }
        return done(path, "no KVM involved");
      }
      boolean kvmSees = u.registersWithKvm() && s.kvmAccepts(path);
      if (!u.registersWithKvm()) {
        step("the VMM creates no kvm-vfio device: KVM never learns about the device");
      } else if (!s.kvmAccepts(path)) {
        step("kvm-vfio in this kernel does not accept " + path.id() + " fds: KVM never sees it");
      } else {
        step("adds the " + path.id() + " fd to kvm-vfio (KVM_DEV_VFIO_FILE_ADD)");
      }
      if (!p.noncoherentDma()) {
        return done(path, "DMA is coherent");
      }
      if (!p.arch().kvmHasNoncoherentDmaRemedy()) {
        return end(
            Outcome.UNSAFE,
            "non-coherent DMA on " + p.arch().id()
                + ": KVM has no remedy (kvm_arch_register_noncoherent_dma is x86-only)");
      }
      if (!kvmSees) {
        return end(
            Outcome.UNSAFE,
            "non-coherent DMA unknown to KVM ("
                + (!u.registersWithKvm()
                    ? "no kvm-vfio device"
                    : "kvm-vfio takes no " + path.id() + " fd")
                + "): guest WBINVD is a no-op");
      }
      step("KVM registers non-coherent DMA: WBINVD emulated, guest memory types honoured");
      return done(path, "KVM told of non-coherent DMA via the " + path.id() + " fd");
    }

    private Evaluation done(Interface path, String detail) {
      if (fallbackCause != null) {
        return end(Outcome.FALLBACK, fallbackCause + "; falls back to the group, " + detail);
      }
      return end(Outcome.WORKS, path.id() + " path: " + detail);
    }
  }
}
