package dev.vfiopolicy.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * reports/ holds the output of the default run. When the model, a policy, a preset or a format
 * changes, this fails until reports/ is regenerated with: ./vfio-policy report --out reports
 */
class ReportsUpToDateTest {
  static final List<String> FILES =
      List.of("report.txt", "report.md", "report.json", "summary.csv", "report.email.txt",
          "report.html", "claims.txt");

  /**
   * The charts' PNG bytes depend on the machine's fonts, so they are compared through their data
   * (ReadableFormatsTest), not their pixels; everything else byte for byte.
   */
  static String comparable(String file, String text) {
    return file.endsWith(".html")
        ? text.replaceAll("data:image/png;base64,[A-Za-z0-9+/=]+", "data:image/png;base64,...")
        : text;
  }

  @Test
  void committedReportsAreTheDefaultRun(@TempDir Path dir) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(new String[] {"report", "--out", dir.toString()}, new PrintWriter(out),
            new PrintWriter(err));
    assertThat(code).as(err.toString()).isZero();
    for (String f : FILES) {
      Path committed = Path.of("reports", f);
      assertThat(committed).as("reports/%s is missing; run ./vfio-policy report --out reports", f)
          .exists();
      assertThat(comparable(f, Files.readString(committed)))
          .as("reports/%s is stale; run ./vfio-policy report --out reports", f)
          .isEqualTo(comparable(f, Files.readString(dir.resolve(f))));
    }
  }
}
