package dev.vfiopolicy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.app.Library;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.Interface;
import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.model.Vm;
import dev.vfiopolicy.model.VmProfile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** VMs of several devices: who fails the VM, and KVM's coherency as the OR over its fds. */
class VmTest {
  private static final Library LIB = Fixtures.library();
  private static final List<Host> HOSTS = Fixtures.hosts("vms.yaml");

  private static Evaluation vm(String host, String vm, String scenario, String policy,
      String useCase) {
    Host h = HOSTS.stream().filter(x -> x.name().equals(host)).findFirst().orElseThrow();
    Vm v = h.allVms().stream().filter(x -> x.name().equals(vm)).findFirst().orElseThrow();
    Engine e = Engine.explaining(
        LIB.scenarios().stream().filter(s -> s.id().equals(scenario)).toList(),
        List.of(LIB.policies().get(policy)),
        LIB.useCases().stream().filter(u -> u.id().equals(useCase)).toList());
    return e.evaluateVm(VmProfile.of(h, v))[0];
  }

  @ParameterizedTest(name = "{0}/{1} {2} {3} {4} -> {5}")
  @CsvSource(
      delimiter = ' ',
      textBlock =
          """
          desktop igpu-nic linux-6.6 hide-non-snoop vm-cloud-hypervisor broken
          desktop igpu-nic linux-6.6 hide-non-snoop vm-iommufd-fallback fallback
          desktop igpu-nic linux-6.6 hide-non-snoop vm-iommufd broken
          desktop igpu-nic linux-6.6 upstream-merged vm-cloud-hypervisor works
          desktop igpu-nic linux-6.6 upstream-merged vm-iommufd works
          desktop igpu-nic rfc-2021 upstream-merged vm-cloud-hypervisor unsupported
          desktop igpu-nic rfc-2021 hide-non-snoop vm-iommufd unsupported
          desktop igpu-nic rfc-2021 expose-and-detect vm-iommufd-fallback unsafe
          desktop igpu-nic rfc-2021 hide-non-snoop vm-iommufd-fallback fallback
          desktop igpu-nic cdev-only hide-non-snoop vm-iommufd-fallback broken
          desktop 0000:00:1f.3 linux-6.6 hide-non-snoop vm-cloud-hypervisor works
          sm-mixed pair rfc-2021 hide-non-snoop vm-iommufd-fallback fallback
          sm-mixed pair rfc-2021 upstream-merged vm-iommufd-fallback unsafe
          arm pair linux-6.6 upstream-merged vm-legacy no-remedy
          arm pair linux-6.6 hide-non-snoop vm-iommufd-fallback no-remedy
          arm pair linux-6.6 hide-non-snoop vm-cloud-hypervisor broken
          """)
  void vmOutcome(String host, String vm, String scenario, String policy, String useCase,
      String expected) {
    Evaluation e = vm(host, vm, scenario, policy, useCase);
    assertThat(e.outcome().id()).as(e.reason()).isEqualTo(expected);
  }

  @Test
  void theVmWideSwitchFailsTheVmForItsHiddenIgpuAndSaysSo() {
    Evaluation e = vm("desktop", "igpu-nic", "linux-6.6", "hide-non-snoop",
        "vm-cloud-hypervisor");
    assertThat(e.reason()).startsWith("gpu-integrated: policy hide-non-snoop, rule"
        + " no-enforced-coherency: no cdev").endsWith("the VM-wide iommufd switch fails the"
        + " whole VM");
    Evaluation fb = vm("desktop", "igpu-nic", "linux-6.6", "hide-non-snoop",
        "vm-iommufd-fallback");
    assertThat(fb.reason()).startsWith("gpu-integrated: policy hide-non-snoop")
        .contains("falls back to the group");
  }

  @Test
  void oneFdThatToldKvmMakesTheWholeVmSafe() {
    // Alone, the SM iGPU is exposed (the pre-5.19 kernel takes scalable mode as force-snoop),
    // its cdev fd is refused by kvm-vfio and KVM never learns: unsafe.
    Host h = HOSTS.get(1);
    Engine e = new Engine(
        LIB.scenarios().stream().filter(s -> s.id().equals("rfc-2021")).toList(),
        List.of(LIB.policies().get("hide-non-snoop")),
        LIB.useCases().stream().filter(u -> u.id().equals("vm-iommufd-fallback")).toList());
    Evaluation igpu = e.evaluate(Profile.of(h, h.devices().get(0)))[0];
    assertThat(igpu.outcome()).isEqualTo(Outcome.UNSAFE);
    // The SATA controller is hidden and falls back to the group, whose fd tells KVM the VM is
    // non-coherent (one DMAR unit without SC or SM: the global pre-5.19 answer).
    Evaluation sata = e.evaluate(Profile.of(h, h.devices().get(1)))[0];
    assertThat(sata.path()).isEqualTo(Interface.GROUP);
    assertThat(sata.toldNoncoherent()).isTrue();
    Evaluation pair = vm("sm-mixed", "pair", "rfc-2021", "hide-non-snoop",
        "vm-iommufd-fallback");
    assertThat(pair.outcome()).isEqualTo(Outcome.FALLBACK);
    assertThat(pair.steps()).anyMatch(s -> s.startsWith("KVM handles non-coherent DMA for the"
        + " whole VM: the storage's fd told it"));
  }

  @Test
  void combineIsTheOrOverTheVmsFds() {
    var u = LIB.useCases().stream().filter(x -> x.id().equals("vm-iommufd-fallback"))
        .findFirst().orElseThrow();
    Host h = HOSTS.get(0);
    List<Profile> members = List.of(Profile.of(h, h.devices().get(0)),
        Profile.of(h, h.devices().get(1)));
    Evaluation unseen = new Evaluation(Outcome.UNSAFE, "unseen", List.of(), Interface.CDEV, true,
        false);
    Evaluation coherent = new Evaluation(Outcome.WORKS, "ok", List.of(), Interface.CDEV, false,
        false);
    Evaluation told = new Evaluation(Outcome.WORKS, "told", List.of(), Interface.GROUP, false,
        true);
    for (boolean explain : new boolean[] {false, true}) {
      assertThat(VmEvaluator.combine(members, new ArrayList<>(List.of(unseen, coherent)), u,
          explain).outcome()).isEqualTo(Outcome.UNSAFE);
      assertThat(VmEvaluator.combine(members, new ArrayList<>(List.of(unseen, told)), u,
          explain).outcome()).isEqualTo(Outcome.WORKS);
    }
  }

  @Test
  void devicesInNoListedVmAreVmsOfTheirOwn() {
    Host h = HOSTS.get(0);
    assertThat(h.allVms()).extracting(Vm::name).containsExactly("igpu-nic", "0000:00:1f.3");
    assertThat(h.kind()).isEqualTo("desktop-intel");
    assertThat(HOSTS.get(1).kind()).isEqualTo(Host.UNSPECIFIED);
  }
}
