package dev.vfiopolicy.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.app.ClaimsJob;
import dev.vfiopolicy.app.ReportJob;
import dev.vfiopolicy.app.ReportRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every format of the report, byte for byte, over a small population with one host per kind of
 * machine and VMs of several devices (fixtures/golden.yaml). A missing golden file is written and
 * the test fails, to be reviewed; the HTML's chart is left out of the comparison (its pixels are
 * JFreeChart's, tested by its data in ReadableFormatsTest).
 */
class ReportGoldenTest {
  private static ReportData data;

  @BeforeAll
  static void run() {
    data = new ReportJob(Fixtures.library(), new ReportRequest(
        "src/test/resources/fixtures/golden.yaml", 1, 1, List.of(), List.of(), List.of(),
        List.of(), ReportRequest.Format.TEXT, null, false, false, 1)).run();
  }

  private static String render(String name) {
    Function<ReportData, String> f = switch (name) {
      case "report.txt" -> d -> TextReport.render(d, false);
      case "report-by-vm.txt" -> d -> TextReport.render(d, false, TextReport.By.VM);
      case "report-by-kind.txt" -> d -> TextReport.render(d, false, TextReport.By.KIND);
      case "report.md" -> MarkdownReport::render;
      case "report-by-vm.md" -> d -> MarkdownReport.render(d, TextReport.By.VM);
      case "summary.csv" -> SummaryCsv::render;
      case "summary-vms.csv" -> SummaryCsv::renderVms;
      case "summary-kinds.csv" -> SummaryCsv::renderKinds;
      case "report.json" -> JsonReport::render;
      case "report.email.txt" -> EmailReport::render;
      case "report-detail.email.txt" -> d -> EmailReport.render(d, TextReport.By.DEVICE, true);
      case "report.html" -> d -> HtmlReport.render(d,
          ClaimsJob.verdictsIfComplete(Fixtures.library(), d))
          .replaceAll("data:image/png;base64,[A-Za-z0-9+/=]+", "data:image/png;base64,...");
      case "claims.txt" -> d -> ClaimsJob.render(d,
          ClaimsJob.verdictsIfComplete(Fixtures.library(), d), 100);
      default -> throw new IllegalArgumentException(name);
    };
    return f.apply(data);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"report.txt", "report-by-vm.txt", "report-by-kind.txt", "report.md",
      "report-by-vm.md", "summary.csv", "summary-vms.csv", "summary-kinds.csv", "report.json",
      "report.email.txt", "report-detail.email.txt", "report.html", "claims.txt"})
  void matchesGolden(String name) throws IOException {
    // Digests change with any data file; the golden files are about the rendering.
    String text = render(name).replaceAll("sha256:[0-9a-f]{16}", "sha256:<digest>");
    Path golden = Path.of("src/test/resources/golden/report", name);
    if (!Files.exists(golden)) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, text, StandardCharsets.UTF_8);
      throw new AssertionError("wrote " + golden + "; review it and run again");
    }
    assertThat(text).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }
}
