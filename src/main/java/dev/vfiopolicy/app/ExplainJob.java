package dev.vfiopolicy.app;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.engine.Cell;
import dev.vfiopolicy.engine.Engine;
import dev.vfiopolicy.engine.Evaluation;
import dev.vfiopolicy.model.Capability;
import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.IommuUnit;
import dev.vfiopolicy.model.KernelView;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.model.Rule;
import dev.vfiopolicy.model.Scenario;
import dev.vfiopolicy.model.UseCase;
import dev.vfiopolicy.model.Vm;
import dev.vfiopolicy.model.VmProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code explain}: one device's outcomes with the chain of reasoning behind each. */
public final class ExplainJob {
  private ExplainJob() {}

  /** What to explain: one device, or one VM ({@code vm} not null); empty lists mean all. */
  public record Request(
      String population,
      long hosts,
      long seed,
      String host,
      String device,
      String vm,
      List<String> policies,
      List<String> scenarios,
      List<String> kernels,
      List<String> useCases) {}

  /** How many host names a message lists. */
  static final int HOSTS_LISTED = 10;

  public static String run(Library lib, Request req) {
    List<Policy> policies = ReportJob.policies(lib, req.policies());
    List<Scenario> scenarios = lib.scenarios(req.scenarios(), req.kernels());
    List<UseCase> useCases = lib.useCases(req.useCases());
    Population pop = Population.of(lib, req.population(), req.hosts(), req.seed(),
        "--population");
    Host[] found = {null};
    // For the message when the host is not there: the first hosts, and the closest name.
    List<String> some = new ArrayList<>();
    long[] hosts = {0};
    String[] closest = {null};
    int[] distance = {Integer.MAX_VALUE};
    pop.forEachHost(h -> {
      if (found[0] == null && h.name().equals(req.host())) {
        found[0] = h;
      }
      if (found[0] == null) {
        if (hosts[0]++ < HOSTS_LISTED) {
          some.add(h.name());
        }
        String c = Names.closest(req.host(), List.of(h.name()));
        int d = c == null ? Integer.MAX_VALUE : Names.distance(req.host(), c);
        if (d < distance[0]) {
          closest[0] = c;
          distance[0] = d;
        }
      }
    });
    if (found[0] == null) {
      throw new InputException("--host: no host '" + req.host() + "' in " + pop.label()
          + (closest[0] == null ? "" : " (did you mean '" + closest[0] + "'?)")
          + (some.isEmpty() ? "; it has no hosts" : "; hosts: " + String.join(", ", some)
              + (hosts[0] > some.size() ? ", ... (" + hosts[0] + " in all)" : "")));
    }
    Host host = found[0];
    if (req.vm() != null) {
      return vm(host, req.vm(), scenarios, policies, useCases);
    }
    List<Device> matches = new ArrayList<>();
    for (Device d : host.devices()) {
      if (d.id().equals(req.device()) || d.name().equals(req.device())
          || (!d.bdf().isEmpty() && d.bdf().endsWith(req.device()))) {
        matches.add(d);
      }
    }
    if (matches.size() != 1) {
      List<String> ids = host.devices().stream().map(d -> d.id() + " (" + d.name() + ")").toList();
      throw new InputException("--device: " + (matches.isEmpty() ? "no" : "more than one")
          + " device '" + req.device() + "' on host " + host.name() + "; devices: "
          + String.join(", ", ids) + (matches.isEmpty() ? Names.suggestion(req.device(),
              host.devices().stream().flatMap(d -> java.util.stream.Stream.of(d.id(), d.name(),
                  d.bdf().indexOf(':') > 0 ? d.bdf().substring(d.bdf().indexOf(':') + 1) : ""))
                  .filter(n -> !n.isEmpty()).toList()) : ""));
    }
    Device device = matches.get(0);
    Profile profile = Profile.of(host, device);
    StringBuilder out = new StringBuilder();
    IommuUnit u = device.iommu();
    out.append("host ").append(host.name()).append(" (").append(host.arch().id()).append(")\n");
    out.append("device ").append(device.id()).append(" '").append(device.name()).append("': ")
        .append("bus ").append(device.bus().id()).append(", class ")
        .append(device.deviceClass().id()).append(", vendor ").append(device.vendor())
        .append(", group ").append(device.group()).append(", no_snoop ")
        .append(device.noSnoop()).append(", nosnoop_enabled ").append(device.nosnoopEnabled())
        .append('\n');
    out.append("iommu ").append(u.name()).append(": type ").append(u.type().id())
        .append(", cache_coherency ").append(u.cacheCoherency())
        .append(", enforce_cache_coherency ").append(u.enforceCacheCoherency())
        .append(", scalable_mode ").append(u.scalableMode())
        .append(", nesting ").append(u.nesting())
        .append(", dirty_tracking ").append(u.dirtyTracking()).append('\n');
    for (String[] src : new String[][] {
        {"host", host.source()}, {"iommu", u.source()}, {"device", device.source()}}) {
      if (!src[1].isEmpty()) {
        out.append(src[0]).append(" source: ").append(src[1]).append('\n');
      }
    }
    Engine engine = Engine.explaining(scenarios, policies, useCases);
    Evaluation[] ev = engine.evaluate(profile);
    List<Cell> cells = engine.cells();
    Scenario shown = null;
    for (int i = 0; i < ev.length; i++) {
      Cell c = cells.get(i);
      if (c.scenario() != shown) {
        shown = c.scenario();
        kernelView(KernelView.of(profile, shown.kernel()), shown, policies, out);
      }
      out.append("\n").append(c.scenario().id()).append(" / ").append(c.policy().id())
          .append(" / ").append(c.useCase().id()).append(": ").append(ev[i].outcome().id())
          .append('\n');
      for (String step : ev[i].steps()) {
        out.append("  ").append(step).append('\n');
      }
    }
    return out.toString();
  }

  /** What the kernel reports of the unit's hardware, and each policy's decisions there. */
  private static void kernelView(
      KernelView v, Scenario s, List<Policy> policies, StringBuilder out) {
    out.append("\n== ").append(s.heading()).append(" ==\n");
    out.append(String.format(Locale.ROOT, "  %-24s %-9s %-9s %s%n", "capability", "hardware",
        "reported", "decided by"));
    for (Capability c : Capability.values()) {
      boolean hw = switch (c) {
        case CACHE_COHERENCY -> v.profile().cacheCoherency();
        case ENFORCE_CACHE_COHERENCY -> v.profile().enforceCacheCoherency();
        case NESTING -> v.profile().nesting();
        case DIRTY_TRACKING -> v.profile().dirtyTracking();
      };
      out.append(String.format(Locale.ROOT, "  %-24s %-9s %-9s %s%n", c.id(), hw,
          v.reports(c), v.kernel().decidedBy(v.profile(), c)));
    }
    for (Policy p : policies) {
      Policy.Verdict verdict = p.decide(v);
      out.append("policy ").append(p.id()).append(p.counterfactualOn(v.kernel())
          ? " [counterfactual on this kernel]" : "").append(":\n");
      out.append("  cdev: ").append(verdict.cdev()).append(" -- ")
          .append(why(verdict.cdevRule())).append('\n');
      out.append("  coherency-flag: ").append(verdict.flag()).append(" -- ")
          .append(why(verdict.flagRule())).append('\n');
    }
  }

  /**
   * One VM: its devices, then for each (scenario, policy, use case) how the VM fares and, below,
   * each device's own chain of steps.
   */
  private static String vm(Host host, String name, List<Scenario> scenarios,
      List<Policy> policies, List<UseCase> useCases) {
    List<Vm> vms = host.allVms();
    Vm vm = vms.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
    if (vm == null) {
      List<String> names = vms.stream().map(Vm::name).toList();
      throw new InputException("--vm: no VM '" + name + "' on host " + host.name() + "; VMs: "
          + String.join(", ", names) + Names.suggestion(name, names));
    }
    StringBuilder out = new StringBuilder();
    out.append("host ").append(host.name()).append(" (").append(host.arch().id()).append(", ")
        .append(host.kind()).append(")\n");
    out.append("vm ").append(vm.name()).append(": ").append(vm.devices().size())
        .append(vm.devices().size() == 1 ? " device" : " devices").append('\n');
    for (Device d : vm.devices()) {
      out.append("  device ").append(d.id()).append(" '").append(d.name()).append("': class ")
          .append(d.deviceClass().id()).append(", iommu ").append(d.iommu().name()).append(" (")
          .append(d.iommu().type().id()).append("), no_snoop ").append(d.noSnoop()).append('\n');
    }
    Engine engine = Engine.explaining(scenarios, policies, useCases);
    Evaluation[] ev = engine.evaluateVm(VmProfile.of(host, vm));
    List<Evaluation[]> members = new ArrayList<>();
    for (Device d : vm.devices()) {
      members.add(engine.evaluate(Profile.of(host, d)));
    }
    List<Cell> cells = engine.cells();
    for (int i = 0; i < ev.length; i++) {
      Cell c = cells.get(i);
      out.append("\n").append(c.scenario().id()).append(" / ").append(c.policy().id())
          .append(" / ").append(c.useCase().id()).append(": ").append(ev[i].outcome().id())
          .append('\n');
      if (vm.devices().size() > 1) {
        for (String step : ev[i].steps()) {
          out.append("  ").append(step).append('\n');
        }
      }
      for (int m = 0; m < vm.devices().size(); m++) {
        out.append("  device ").append(vm.devices().get(m).id()).append(":\n");
        for (String step : members.get(m)[i].steps()) {
          out.append("    ").append(step).append('\n');
        }
      }
    }
    return out.toString();
  }

  private static String why(Rule r) {
    return r == null ? "default" : "rule " + r.id() + " (" + r.when() + "): " + r.reason();
  }
}
