package dev.vfiopolicy.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.app.Library;
import dev.vfiopolicy.engine.Evaluation;
import dev.vfiopolicy.engine.Evaluator;
import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.Kernel;
import dev.vfiopolicy.model.KernelConfig;
import dev.vfiopolicy.model.KernelFact;
import dev.vfiopolicy.model.KernelView;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.model.Release;
import dev.vfiopolicy.model.Timeline;
import dev.vfiopolicy.model.UseCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every fact of catalog/kernels.yaml that has an effect changes an outcome: evaluated on a kernel
 * that has the fact, and on the same kernel with the fact taken out of the timeline (as if it
 * had not arrived yet), one device of fixtures/timeline.yaml moves. A second table shows the
 * flips between consecutive releases of the real timeline.
 */
class TimelineTest {
  private static final Library LIB = Fixtures.library();
  private static final List<Host> HOSTS = Fixtures.hosts("timeline.yaml");
  private static final Release NEVER = new Release(99, 0);

  @ParameterizedTest(name = "{0}: {2}/{3} {4} {5} on {1}: {6} without, {7} with")
  @CsvSource(
      delimiter = ' ',
      textBlock =
          """
          rfc-cdev-pci 5.15+rfc intel-desktop nvme upstream-merged driver-cdev unsupported works
          intel-global-coherency 5.18 intel-desktop dgpu upstream-merged vmm-no-kvm-vfio works unsafe
          vfio-refuses-non-coherent 5.19 arm-soc eth upstream-merged driver-legacy works unsupported
          iommufd 6.6 intel-desktop nvme upstream-merged driver-cdev unsupported works
          vfio-device-cdev 6.6 intel-desktop nvme upstream-merged driver-cdev unsupported works
          kvm-vfio-device-fds 6.6 intel-desktop igpu upstream-merged vm-iommufd unsupported works
          kvm-vfio-device-fds 6.6 intel-desktop igpu upstream-merged vm-iommufd-fallback unsafe works
          cdev-emulated-devices 6.6 s390 dasd upstream-merged driver-cdev unsupported works
          vfio-ap-needs-kvm 6.6 s390 crypto upstream-merged driver-legacy works unsupported
          vf-token-cdev 6.17 intel-desktop vf upstream-merged driver-cdev unsupported works
          iommufd-dirty-tracking 6.7 xeon-sm nic upstream-merged vm-dirty-tracking unsupported works
          iommufd-hwpt-invalidate 6.8 xeon-sm nic upstream-merged vm-nested-viommu unsupported works
          vtd-cache-coherency 6.6 intel-desktop nvme upstream-merged vm-legacy unsupported works
          amd-cache-coherency 6.6 epyc nvme upstream-merged vm-legacy unsupported works
          smmuv3-cache-coherency 6.6 arm-canwbs nic upstream-merged driver-legacy unsupported works
          smmuv2-cache-coherency 6.6 arm-soc dma upstream-merged driver-legacy unsupported works
          s390-cache-coherency 6.6 s390 nic upstream-merged driver-legacy unsupported works
          virtio-iommu-cache-coherency 6.0 guest-virtio nic upstream-merged vm-legacy unsupported works
          spapr-cache-coherency 6.0 power nic upstream-merged vm-legacy unsupported works
          vtd-enforce-sm-or-sc 5.15+rfc intel-desktop-sm igpu hide-non-snoop driver-cdev broken works
          vtd-enforce-sc 6.6 intel-desktop nvme hide-non-snoop vm-iommufd broken works
          amd-enforce 6.6 epyc nvme hide-non-snoop vm-iommufd broken works
          smmuv3-enforce-canwbs 6.13 arm-canwbs nic hide-non-snoop vm-iommufd broken works
          vtd-dirty-tracking 6.7 xeon-sm nic upstream-merged vm-dirty-tracking unsupported works
          amd-dirty-tracking 6.7 epyc nvme upstream-merged vm-dirty-tracking unsupported works
          smmuv3-dirty-tracking 6.11 arm-canwbs nic upstream-merged vm-dirty-tracking unsupported works
          vtd-nesting 6.8 xeon-sm nic upstream-merged vm-nested-viommu unsupported works
          smmuv3-nesting 6.13 arm-canwbs nic upstream-merged vm-nested-viommu unsupported works
          amd-nesting 7.0 epyc nvme upstream-merged vm-nested-viommu unsupported works
          """)
  void factDecidesAnOutcome(String fact, String kernel, String host, String device,
      String policy, String useCase, String without, String with) {
    Timeline real = LIB.timeline();
    assertThat(outcome(real, kernel, host, device, policy, useCase)).as("with %s", fact)
        .isEqualTo(with);
    assertThat(outcome(ablate(real, fact), kernel, host, device, policy, useCase))
        .as("without %s", fact).isEqualTo(without);
  }

  @Test
  void everyFactWithAnEffectIsShownToDecideAnOutcome() throws Exception {
    Set<String> tested = new TreeSet<>();
    Matcher m = Pattern.compile("([a-z0-9-]+) [0-9.]+(\\+rfc)? ").matcher(testTable());
    while (m.find()) {
      tested.add(m.group(1));
    }
    Set<String> withEffect = new TreeSet<>();
    for (KernelFact f : LIB.timeline().facts()) {
      if (!(f.effect() instanceof KernelFact.None)) {
        withEffect.add(f.id());
      }
    }
    assertThat(tested).containsAll(withEffect);
  }

  /** The first table's text, read back from the annotation, so a new fact needs a new row. */
  private static String testTable() throws NoSuchMethodException {
    return TimelineTest.class
        .getDeclaredMethod("factDecidesAnOutcome", String.class, String.class, String.class,
            String.class, String.class, String.class, String.class, String.class)
        .getAnnotation(CsvSource.class).textBlock();
  }

  @ParameterizedTest(name = "{0}/{1} {2} {3}: {5} on {4}, {7} on {6}")
  @CsvSource(
      delimiter = ' ',
      textBlock =
          """
          arm-canwbs nic hide-non-snoop vm-iommufd 6.12 broken 6.13 works
          arm-canwbs nic hide-non-snoop vm-iommufd-fallback 6.12 fallback 6.13 works
          intel-desktop dgpu upstream-merged vmm-no-kvm-vfio 5.18 unsafe 5.19 works
          arm-soc eth upstream-merged driver-legacy 5.18 works 5.19 unsupported
          guest-virtio nic upstream-merged vm-legacy 5.19 unsupported 6.0 works
          power nic upstream-merged vm-legacy 5.19 unsupported 6.0 works
          intel-desktop nvme upstream-merged driver-cdev 6.5 unsupported 6.6 works
          intel-desktop igpu upstream-merged vm-iommufd 6.5 unsupported 6.6 works
          xeon-sm nic upstream-merged vm-dirty-tracking 6.6 unsupported 6.7 works
          xeon-sm nic upstream-merged vm-nested-viommu 6.7 unsupported 6.8 works
          arm-canwbs nic upstream-merged vm-dirty-tracking 6.10 unsupported 6.11 works
          arm-canwbs nic upstream-merged vm-nested-viommu 6.12 unsupported 6.13 works
          intel-desktop vf upstream-merged driver-cdev 6.16 unsupported 6.17 works
          epyc nvme upstream-merged vm-nested-viommu 6.19 unsupported 7.0 works
          """)
  void outcomeFlipsAtTheRelease(String host, String device, String policy, String useCase,
      String before, String expectedBefore, String at, String expectedAt) {
    Timeline t = LIB.timeline();
    assertThat(outcome(t, before, host, device, policy, useCase)).isEqualTo(expectedBefore);
    assertThat(outcome(t, at, host, device, policy, useCase)).isEqualTo(expectedAt);
  }

  @Test
  void reasonsNameTheFactAndItsRelease() {
    Evaluation e = evaluate(LIB.timeline(), "6.12", "arm-canwbs", "nic", "hide-non-snoop",
        "vm-nested-viommu");
    assertThat(e.reason()).contains("arm-smmu-v3 reports nesting only from 6.13")
        .contains("smmuv3-nesting");
    Evaluation hw = evaluate(LIB.timeline(), "6.18", "intel-desktop", "nvme", "upstream-merged",
        "vm-nested-viommu");
    assertThat(hw.reason()).startsWith("hardware: the intel-vtd unit lacks")
        .contains("scalable mode");
  }

  @Test
  void releasesOutsideTheTimelineAreRefused() {
    Timeline t = LIB.timeline();
    assertThat(t.knows(Release.parse("5.15"))).isTrue();
    assertThat(t.knows(Release.parse("5.14"))).isFalse();
    assertThat(t.knows(Release.parse("7.3"))).isTrue();
    assertThat(t.knows(Release.parse("7.4"))).isFalse();
  }

  private static String outcome(Timeline t, String kernel, String host, String device,
      String policy, String useCase) {
    return evaluate(t, kernel, host, device, policy, useCase).outcome().id();
  }

  private static Evaluation evaluate(Timeline t, String kernel, String host, String device,
      String policyId, String useCaseId) {
    boolean rfc = kernel.endsWith("+rfc");
    Kernel k = t.kernel(Release.parse(kernel.replace("+rfc", "")), rfc,
        new KernelConfig(true, true, true));
    Host h = HOSTS.stream().filter(x -> x.name().equals(host)).findFirst().orElseThrow();
    Device d = h.devices().stream().filter(x -> x.name().equals(device)).findFirst()
        .orElseThrow();
    KernelView v = KernelView.of(Profile.of(h, d), k);
    Policy p = LIB.policies().get(policyId);
    UseCase u = LIB.useCases().stream().filter(x -> x.id().equals(useCaseId)).findFirst()
        .orElseThrow();
    return Evaluator.evaluate(v, p, p.decide(v), u, false);
  }

  /** The timeline as if the fact had not happened (yet). */
  private static Timeline ablate(Timeline t, String id) {
    List<KernelFact> facts = new ArrayList<>();
    boolean found = false;
    for (KernelFact f : t.facts()) {
      if (f.id().equals(id)) {
        found = true;
        f = f.until() != null && f.from() == null
            ? new KernelFact(f.id(), null, new Release(0, 0), false, f.fact(), f.effect(),
                f.hardware(), f.whyNoEffect(), f.source(), f.confidence())
            : new KernelFact(f.id(), NEVER, null, false, f.fact(), f.effect(), f.hardware(),
                f.whyNoEffect(), f.source(), f.confidence());
      }
      facts.add(f);
    }
    assertThat(found).as("fact %s in the timeline", id).isTrue();
    return new Timeline(t.known(), t.longTerm(), facts, t.source());
  }
}
