package dev.vfiopolicy.population;

import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.IommuUnit;
import dev.vfiopolicy.model.Vm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes population files host by host, in the flow style one device per line, so that a
 * reviewer can read and diff them. Strings are always quoted: no value is left for YAML to guess.
 */
public final class PopulationWriter {
  private final Writer out;

  public PopulationWriter(Writer out, String name, String description) {
    this.out = out;
    write("# vfio-policy population file: hosts, their IOMMU units and devices.\n");
    write("name: " + quote(name) + "\n");
    write("description: " + quote(description) + "\n");
    write("hosts:\n");
  }

  public void host(Host h) {
    write("  - name: " + quote(h.name()) + "\n");
    write("    arch: " + h.arch().id() + "\n");
    if (!h.kind().equals(Host.UNSPECIFIED)) {
      write("    kind: " + quote(h.kind()) + "\n");
    }
    if (!h.source().isEmpty()) {
      write("    source: " + quote(h.source()) + "\n");
    }
    write("    iommus:\n");
    if (h.iommus().isEmpty()) {
      write("      []\n");
    }
    for (IommuUnit u : h.iommus()) {
      write("      - {name: " + quote(u.name()) + ", type: " + u.type().id()
          + ", cache_coherency: " + u.cacheCoherency()
          + ", enforce_cache_coherency: " + u.enforceCacheCoherency()
          + ", scalable_mode: " + u.scalableMode()
          + ", nesting: " + u.nesting()
          + ", dirty_tracking: " + u.dirtyTracking()
          + (u.source().isEmpty() ? "" : ", source: " + quote(u.source())) + "}\n");
    }
    write("    devices:\n");
    if (h.devices().isEmpty()) {
      write("      []\n");
    }
    for (Device d : h.devices()) {
      write("      - {name: " + quote(d.name()) + ", bdf: " + quote(d.bdf())
          + ", bus: " + d.bus().id() + ", class: " + d.deviceClass().id()
          + ", vendor: " + quote(d.vendor()) + ", iommu: " + quote(d.iommu().name())
          + ", group: " + d.group() + ", no_snoop: " + d.noSnoop()
          + (d.nosnoopEnabled() ? ", nosnoop_enabled: true" : "")
          + (d.vfToken() ? ", vf_token: true" : "")
          + (d.source().isEmpty() ? "" : ", source: " + quote(d.source())) + "}\n");
    }
    if (!h.vms().isEmpty()) {
      write("    vms:\n");
      for (Vm vm : h.vms()) {
        write("      - {name: " + quote(vm.name()) + ", devices: ["
            + String.join(", ", vm.devices().stream().map(d -> quote(d.id())).toList())
            + "]}\n");
      }
    }
  }

  /** Double-quoted YAML scalar with every character outside printable ASCII escaped. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  private void write(String s) {
    try {
      out.write(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
