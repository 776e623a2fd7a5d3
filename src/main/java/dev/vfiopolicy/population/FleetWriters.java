package dev.vfiopolicy.population;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.IommuUnit;
import dev.vfiopolicy.model.Vm;
import dev.vfiopolicy.report.Csv;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.function.Consumer;

/** Writers for the JSON Lines and CSV population forms that {@link FleetReaders} reads. */
public final class FleetWriters {
  private static final JsonFactory JSON = new JsonFactory();

  private FleetWriters() {}

  /** One JSON object per host and line. */
  public static Consumer<Host> jsonl(Writer out) {
    return h -> {
      try {
        StringWriter line = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(line)) {
          g.writeStartObject();
          g.writeStringField("name", h.name());
          g.writeStringField("arch", h.arch().id());
          if (!h.kind().equals(Host.UNSPECIFIED)) {
            g.writeStringField("kind", h.kind());
          }
          g.writeArrayFieldStart("iommus");
          for (IommuUnit u : h.iommus()) {
            g.writeStartObject();
            g.writeStringField("name", u.name());
            g.writeStringField("type", u.type().id());
            g.writeBooleanField("cache_coherency", u.cacheCoherency());
            g.writeBooleanField("enforce_cache_coherency", u.enforceCacheCoherency());
            g.writeBooleanField("scalable_mode", u.scalableMode());
            g.writeBooleanField("nesting", u.nesting());
            g.writeBooleanField("dirty_tracking", u.dirtyTracking());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeArrayFieldStart("devices");
          for (Device d : h.devices()) {
            g.writeStartObject();
            g.writeStringField("name", d.name());
            g.writeStringField("bdf", d.bdf());
            g.writeStringField("bus", d.bus().id());
            g.writeStringField("class", d.deviceClass().id());
            g.writeStringField("vendor", d.vendor());
            g.writeStringField("iommu", d.iommu().name());
            g.writeNumberField("group", d.group());
            g.writeBooleanField("no_snoop", d.noSnoop());
            if (d.nosnoopEnabled()) {
              g.writeBooleanField("nosnoop_enabled", true);
            }
            if (d.vfToken()) {
              g.writeBooleanField("vf_token", true);
            }
            g.writeEndObject();
          }
          g.writeEndArray();
          if (!h.vms().isEmpty()) {
            g.writeArrayFieldStart("vms");
            for (Vm vm : h.vms()) {
              g.writeStartObject();
              g.writeStringField("name", vm.name());
              g.writeArrayFieldStart("devices");
              for (Device d : vm.devices()) {
                g.writeString(d.id());
              }
              g.writeEndArray();
              g.writeEndObject();
            }
            g.writeEndArray();
          }
          g.writeEndObject();
        }
        out.write(line.toString());
        out.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  /**
   * One row per device, in {@link FleetReaders#CSV_ALL_COLUMNS}; a unit no device is behind gets
   * a row of its own with an empty device (it still counts: before 5.19 one Intel unit without
   * snoop control made the coherency answer false for the whole host), written first; a host
   * with neither gets one row with an empty device.
   */
  public static Consumer<Host> csv(Csv csv) {
    return h -> {
      String kind = h.kind().equals(Host.UNSPECIFIED) ? "" : h.kind();
      java.util.Set<String> used = new java.util.HashSet<>();
      for (Device d : h.devices()) {
        used.add(d.iommu().name());
      }
      boolean any = false;
      for (IommuUnit u : h.iommus()) {
        if (u != IommuUnit.NONE && !used.contains(u.name())) {
          csv.row(h.name(), h.arch().id(), u.name(), u.type().id(),
              Boolean.toString(u.cacheCoherency()), Boolean.toString(u.enforceCacheCoherency()),
              Boolean.toString(u.scalableMode()), Boolean.toString(u.nesting()),
              Boolean.toString(u.dirtyTracking()), "", "", "", "", "", "", "", kind, "", "", "");
          any = true;
        }
      }
      if (h.devices().isEmpty() && !any) {
        csv.row(h.name(), h.arch().id(), "", "", "", "", "", "", "", "", "", "", "", "", "", "",
            kind, "", "", "");
      }
      java.util.Map<String, String> vmOf = new java.util.HashMap<>();
      for (Vm vm : h.vms()) {
        for (Device d : vm.devices()) {
          vmOf.put(d.id(), vm.name());
        }
      }
      for (Device d : h.devices()) {
        IommuUnit u = d.iommu();
        boolean none = u == IommuUnit.NONE;
        csv.row(h.name(), h.arch().id(), u.name(), none ? "" : u.type().id(),
            none ? "" : Boolean.toString(u.cacheCoherency()),
            none ? "" : Boolean.toString(u.enforceCacheCoherency()),
            none ? "" : Boolean.toString(u.scalableMode()),
            none ? "" : Boolean.toString(u.nesting()),
            none ? "" : Boolean.toString(u.dirtyTracking()),
            d.name(), d.bdf(), d.bus().id(), d.deviceClass().id(), d.vendor(),
            d.group(), Boolean.toString(d.noSnoop()), kind, vmOf.getOrDefault(d.id(), ""),
            d.vfToken() ? "true" : "", d.nosnoopEnabled() ? "true" : "");
      }
    };
  }
}
