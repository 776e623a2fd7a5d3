package dev.vfiopolicy.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.app.ClaimsJob;
import dev.vfiopolicy.app.ReportJob;
import dev.vfiopolicy.app.ReportRequest;
import dev.vfiopolicy.model.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.data.category.DefaultCategoryDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** email, html and the coloured text table: the formats people read. */
class ReadableFormatsTest {
  private static ReportData data;

  @BeforeAll
  static void run() {
    data = new ReportJob(Fixtures.library(), new ReportRequest("mixed", 300, 5, List.of(),
        List.of(), List.of(), List.of(), ReportRequest.Format.TEXT, null, false, false, 2)).run();
  }

  @Test
  void emailFitsSeventyTwoColumnsWithoutTabsOrColourAndSaysHowToReproduce() {
    String email = EmailReport.render(data);
    assertThat(email.lines()).allSatisfy(l -> {
      assertThat(l.codePointCount(0, l.length())).as(l).isLessThanOrEqualTo(72);
      assertThat(l).doesNotContain("\t").doesNotContain("\u001b");
    });
    // The command stays whole, cut only between words with shell continuations.
    assertThat(email.replace(" \\\n    ", " "))
        .contains("Reproduce:\n  vfio-policy report --population mixed --hosts 300 --seed 5"
            + " --format email\n")
        .contains("vfio-policy " + data.version());
    assertThat(email).doesNotContain("brief").doesNotContain("catalog/")
        .doesNotContain("\u00a7");
    assertThat(email.chars()).allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7f));
  }

  @Test
  void emailSplitsTablesWhenCountsGetWide() throws IOException {
    ReportData big = new ReportJob(Fixtures.library(), new ReportRequest("desktop-intel",
        40000, 5, List.of(), List.of(), List.of(), List.of(), ReportRequest.Format.TEXT, null, false,
        false, 2)).run();
    assertThat(EmailReport.render(big).lines())
        .allSatisfy(l -> assertThat(l.codePointCount(0, l.length())).isLessThanOrEqualTo(72));
  }

  @Test
  void htmlEscapesEverythingThatCameFromFiles(@TempDir Path dir) throws IOException {
    Path evil = dir.resolve("evil.yaml");
    Files.writeString(evil, """
        id: evil
        title: "<script>alert(1)</script> & \\"quotes\\""
        advocate: "<img src=x onerror=alert(2)>"
        source: "<m@x>"
        defaults: {cdev: expose, coherency-flag: absent}
        rules: []
        """);
    Path pop = dir.resolve("pop.yaml");
    Files.writeString(pop, """
        name: x
        hosts:
          - name: "<b>host</b>"
            arch: x86_64
            devices:
              - {name: "<i>dev</i>", class: nic, vendor: "8086", iommu: none, group: 0}
        """);
    ReportData d = new ReportJob(Fixtures.library(), new ReportRequest(pop.toString(), 1, 1,
        List.of(evil.toString()), List.of(), List.of(), List.of(), ReportRequest.Format.HTML, null, false,
        false, 1)).run();
    String html = HtmlReport.render(d, null);
    assertThat(html)
        .doesNotContain("<script>").doesNotContain("<img src=x").doesNotContain("<b>host")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;")
        .contains("&lt;img src=x onerror=alert(2)&gt;")
        .contains("<a href=\"https://lore.kernel.org/r/m@x\">&lt;m@x&gt;</a>")
        .doesNotContain("src=\"http")
        .contains("Not evaluated");
    assertThat(html.split("<img ", -1)).hasSize(1 + d.scenarios().size());
  }

  @Test
  void htmlIsSelfContainedAndCarriesClaims() {
    String html = HtmlReport.render(data, ClaimsJob.verdictsIfComplete(Fixtures.library(), data));
    assertThat(html).contains("data:image/png;base64,").contains("Claims from the thread")
        .contains("kevin-qemu-falls-back").doesNotContain("<script").doesNotContain("src=\"http");
  }

  @Test
  void chartDataAreTheTableShares() {
    int s = 1;
    DefaultCategoryDataset ds = Charts.dataset(data, s);
    assertThat(ds.getColumnCount()).isEqualTo(data.useCases().size() * data.policies().size());
    for (int u = 0; u < data.useCases().size(); u++) {
      for (int p = 0; p < data.policies().size(); p++) {
        int cell = data.cell(s, p, u);
        String bar = data.useCases().get(u).id() + " · " + data.policies().get(p).id();
        long base = data.tally().devices(cell) - data.count(cell, Outcome.NOT_APPLICABLE);
        double sum = 0;
        for (Outcome o : Charts.SERIES) {
          double v = ds.getValue(o.id(), bar).doubleValue();
          assertThat(v).isCloseTo(100.0 * data.count(cell, o) / base,
              org.assertj.core.data.Offset.offset(1e-9));
          sum += v;
        }
        assertThat(sum).isCloseTo(100.0, org.assertj.core.data.Offset.offset(1e-6));
      }
    }
    assertThat(Charts.png(data, s)).startsWith("iVBORw0KGgo"); // the PNG signature
  }

  @Test
  void colourOnlyWhenAskedAndColumnsStayAligned() {
    String plain = TextReport.render(data, false);
    String coloured = TextReport.render(data, true);
    assertThat(plain).doesNotContain("\u001b");
    assertThat(coloured).contains("\u001b[31m").contains("\u001b[0m");
    assertThat(coloured.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(plain);
  }
}
