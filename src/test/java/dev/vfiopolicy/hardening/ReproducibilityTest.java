package dev.vfiopolicy.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** The same bytes under any default locale and time zone (Turkish dotless i, German commas). */
class ReproducibilityTest {
  private static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    assertThat(code).as(err.toString()).isZero();
    return out.toString().replaceAll("data:image/png;base64,[A-Za-z0-9+/=]+", "PNG");
  }

  @Test
  void localeAndTimeZoneDoNotChangeABit() {
    Locale locale = Locale.getDefault();
    TimeZone zone = TimeZone.getDefault();
    List<String[]> commands = List.of(
        new String[] {"report", "--hosts", "200", "--format", "text"},
        new String[] {"report", "--hosts", "200", "--format", "json"},
        new String[] {"report", "--hosts", "200", "--format", "email"},
        new String[] {"report", "--hosts", "200", "--format", "html"},
        new String[] {"sweep", "--vary", "nosnoop-share=0..0.2:0.1", "--hosts", "100"},
        new String[] {"diff", "rfc-literal-hide", "upstream-merged", "--hosts", "100"},
        new String[] {"policies", "show", "hide-non-snoop"});
    try {
      Locale.setDefault(Locale.ROOT);
      TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
      List<String> expected = commands.stream().map(ReproducibilityTest::run).toList();
      for (String tag : List.of("tr-TR", "de-DE", "ar-EG", "hi-IN")) {
        Locale.setDefault(Locale.forLanguageTag(tag));
        TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham"));
        for (int i = 0; i < commands.size(); i++) {
          assertThat(run(commands.get(i))).as(tag + " " + String.join(" ", commands.get(i)))
              .isEqualTo(expected.get(i));
        }
      }
    } finally {
      Locale.setDefault(locale);
      TimeZone.setDefault(zone);
    }
  }

  /** The renderers themselves, called without the CLI's pinning, under hostile locales. */
  @Test
  void renderersNameTheirLocale() {
    Locale locale = Locale.getDefault();
    try {
      Locale.setDefault(Locale.ROOT);
      var data = new dev.vfiopolicy.app.ReportJob(dev.vfiopolicy.Fixtures.library(),
          new dev.vfiopolicy.app.ReportRequest("mixed", 300, 3, List.of(), List.of(), List.of(),
              List.of(),
              dev.vfiopolicy.app.ReportRequest.Format.TEXT, null, false, false, 1)).run();
      List<String> expected = List.of(dev.vfiopolicy.report.TextReport.render(data, true),
          dev.vfiopolicy.report.JsonReport.render(data),
          dev.vfiopolicy.report.MarkdownReport.render(data),
          dev.vfiopolicy.report.EmailReport.render(data),
          dev.vfiopolicy.report.SummaryCsv.render(data));
      for (String tag : List.of("tr-TR", "ar-EG", "de-DE")) {
        Locale.setDefault(Locale.forLanguageTag(tag));
        assertThat(List.of(dev.vfiopolicy.report.TextReport.render(data, true),
            dev.vfiopolicy.report.JsonReport.render(data),
            dev.vfiopolicy.report.MarkdownReport.render(data),
            dev.vfiopolicy.report.EmailReport.render(data),
            dev.vfiopolicy.report.SummaryCsv.render(data))).as(tag).isEqualTo(expected);
      }
    } finally {
      Locale.setDefault(locale);
    }
  }
}
