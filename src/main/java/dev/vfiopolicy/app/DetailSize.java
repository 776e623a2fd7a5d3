package dev.vfiopolicy.app;

import dev.vfiopolicy.engine.Cell;
import dev.vfiopolicy.engine.Tally;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.report.ReportData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How big {@code devices.csv} will be, from the counts alone, before a byte of it is written: one
 * row per device and cell. The columns that come from the tally (scenario, policy, use case,
 * outcome, reason, class, vendor) are summed exactly; host, address, name and unit are not
 * kept by the scan and are taken at their typical length.
 */
public record DetailSize(long rows, long bytes) {
  /**
   * Host name, device address, device name and unit name together: about what the bundled
   * presets draw (measured on the 22,662 devices of 2,000 hosts of mixed: 48 bytes).
   */
  static final int TYPICAL_DEVICE_BYTES = 48;

  public static DetailSize of(ReportData data) {
    Tally tally = data.tally();
    List<Cell> cells = tally.cells();
    long bytes = 0;
    for (int i = 0; i < cells.size(); i++) {
      Cell c = cells.get(i);
      // Eleven fields: ten commas and CRLF.
      long fixed = c.scenario().id().length() + c.policy().id().length()
          + c.useCase().id().length() + 10 + 2;
      for (Tally.ReasonCount r : tally.reasons(i)) {
        bytes += r.devices() * (fixed + r.outcome().id().length() + csvLength(r.reason()));
      }
    }
    long perDevice = 0;
    for (Map.Entry<Profile, Long> e : data.profiles().entrySet()) {
      Profile p = e.getKey();
      perDevice += e.getValue()
          * (p.deviceClass().id().length() + csvLength(p.vendor()) + TYPICAL_DEVICE_BYTES);
    }
    long rows = data.devices() * cells.size();
    return new DetailSize(rows, bytes + perDevice * cells.size());
  }

  /** The bytes of one CSV field: quoted when it holds a comma, quote or line break. */
  static long csvLength(String s) {
    long n = s.getBytes(StandardCharsets.UTF_8).length;
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0) {
      n += 2 + s.chars().filter(ch -> ch == '"').count();
    }
    return n;
  }

  /** "1.4 GB", "820 MB", "12 kB": two significant figures are all an estimate has. */
  public static String bytes(long n) {
    String[] units = {"bytes", "kB", "MB", "GB", "TB", "PB"};
    double v = n;
    int u = 0;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return u == 0 ? n + " bytes"
        : String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
  }
}
