package dev.vfiopolicy.report;

/** The terminal report: at most 100 columns, coloured only when asked. */
public final class TextReport {
  public static final int WIDTH = 100;

  private TextReport() {}

  /** What the tables count: devices (the default), VMs, or devices by kind of machine. */
  public enum By {
    DEVICE,
    VM,
    KIND
  }

  public static String render(ReportData d, boolean colour) {
    return render(d, colour, By.DEVICE);
  }

  public static String render(ReportData d, boolean colour, By by) {
    return PlainReport.render(d, new PlainReport.Options(WIDTH, colour, by, false, true));
  }
}
