package dev.vfiopolicy.report;

import dev.vfiopolicy.engine.Cell;
import dev.vfiopolicy.engine.Engine;
import dev.vfiopolicy.engine.Evaluation;
import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.Profile;
import java.util.List;

/**
 * devices.csv, streamed host by host: one row per (scenario, policy, use case, device). The
 * first seven columns are the contract ({@code device} is the address, or the name where there is
 * none); name, class, vendor and iommu follow so a reviewer can find the device.
 */
public final class DevicesCsv implements AutoCloseable {
  private final Csv csv;
  private final Engine engine;

  public DevicesCsv(Appendable out, Engine engine) {
    this.engine = engine;
    this.csv =
        new Csv(
            out,
            List.of("scenario", "policy", "use_case", "host", "device", "outcome", "reason",
                "name", "class", "vendor", "iommu"));
  }

  public void host(Host h) {
    List<Cell> cells = engine.cells();
    for (Device d : h.devices()) {
      Evaluation[] ev = engine.evaluate(Profile.of(h, d));
      for (int i = 0; i < ev.length; i++) {
        Cell c = cells.get(i);
        csv.row(c.scenario().id(), c.policy().id(), c.useCase().id(), h.name(), d.id(),
            ev[i].outcome().id(), ev[i].reason(), d.name(), d.deviceClass().id(), d.vendor(),
            d.iommu().name());
      }
    }
  }

  @Override
  public void close() {
    csv.close();
  }
}
