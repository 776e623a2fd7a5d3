package dev.vfiopolicy.app;

import dev.vfiopolicy.report.TextReport;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code report} was asked to do, as parsed by the command layer.
 *
 * @param population a preset id or a population file
 * @param outDir where to write the report files too, or null
 * @param colour colour the text table (the command layer decides: a terminal, no NO_COLOR)
 * @param threads threads that draw a generated population; the output does not depend on it
 * @param by what the tables count: devices, VMs, or devices by kind of machine
 */
public record ReportRequest(
    String population,
    long hosts,
    long seed,
    List<String> policies,
    List<String> scenarios,
    List<String> kernels,
    List<String> useCases,
    Format format,
    Path outDir,
    boolean detail,
    boolean colour,
    int threads,
    TextReport.By by) {
  public static final long DEFAULT_HOSTS = 1000;
  /** The day the thread's argument was had, 22 Sep 2021. */
  public static final long DEFAULT_SEED = 20210922;
  public static final String DEFAULT_POPULATION = "mixed";

  /** A request whose tables count devices. */
  public ReportRequest(String population, long hosts, long seed, List<String> policies,
      List<String> scenarios, List<String> kernels, List<String> useCases, Format format,
      Path outDir, boolean detail, boolean colour, int threads) {
    this(population, hosts, seed, policies, scenarios, kernels, useCases, format, outDir, detail,
        colour, threads, TextReport.By.DEVICE);
  }

  public ReportRequest {
    policies = List.copyOf(policies);
    scenarios = List.copyOf(scenarios);
    kernels = List.copyOf(kernels);
    useCases = List.copyOf(useCases);
  }

  public enum Format {
    TEXT,
    MARKDOWN,
    CSV,
    JSON,
    EMAIL,
    HTML
  }
}
