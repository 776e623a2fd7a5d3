package dev.vfiopolicy.report;

import dev.vfiopolicy.engine.Cell;
import dev.vfiopolicy.engine.Engine;
import dev.vfiopolicy.engine.Evaluation;
import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.Vm;
import dev.vfiopolicy.model.VmProfile;
import java.util.List;

/**
 * vms.csv, streamed host by host: one row per (scenario, policy, use case, VM), a device in no
 * listed VM being a VM alone. {@code devices} lists the VM's device addresses (or names).
 */
public final class VmsCsv implements AutoCloseable {
  private final Csv csv;
  private final Engine engine;

  public VmsCsv(Appendable out, Engine engine) {
    this.engine = engine;
    this.csv = new Csv(out, List.of("scenario", "policy", "use_case", "host", "vm", "outcome",
        "reason", "devices", "kind"));
  }

  public void host(Host h) {
    List<Cell> cells = engine.cells();
    for (Vm vm : h.allVms()) {
      Evaluation[] ev = engine.evaluateVm(VmProfile.of(h, vm));
      String devices = String.join(" ", vm.devices().stream().map(Device::id).toList());
      for (int i = 0; i < ev.length; i++) {
        Cell c = cells.get(i);
        csv.row(c.scenario().id(), c.policy().id(), c.useCase().id(), h.name(), vm.name(),
            ev[i].outcome().id(), ev[i].reason(), devices, h.kind());
      }
    }
  }

  @Override
  public void close() {
    csv.close();
  }
}
