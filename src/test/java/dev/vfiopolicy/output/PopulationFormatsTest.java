package dev.vfiopolicy.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.CliRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 3: {@code -o pop.yaml.gz} wrote plain text that report refused, {@code .csv.gz}
 * wrote YAML, {@code .txt} silently YAML. The name chooses format and compression.
 */
class PopulationFormatsTest {
  /** The report of the preset itself, less its header line (which names the population). */
  static final String PRESET = body(CliRun.of("report", "--format", "csv", "--hosts", "40",
      "--seed", "4"));

  static String body(CliRun r) {
    assertThat(r.code()).as(r.err()).isZero();
    return r.out().substring(r.out().indexOf('\n'));
  }

  static String reportOf(String population) {
    return body(CliRun.of("report", "--format", "csv", "--population", population));
  }

  static String text(Path file) throws IOException {
    try (InputStream in = file.toString().endsWith(".gz")
        ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pop.yaml", "pop.yml", "pop.jsonl", "pop.csv", "pop.yaml.gz",
      "pop.yml.gz", "pop.jsonl.gz", "pop.csv.gz"})
  void theNameChoosesFormatAndCompression(String name, @TempDir Path dir) throws IOException {
    Path pop = dir.resolve(name);
    CliRun g = CliRun.of("population", "generate", "--preset", "mixed", "--hosts", "40",
        "--seed", "4", "-o", pop.toString());
    assertThat(g.code()).as(g.err()).isZero();
    byte[] head = Files.readAllBytes(pop);
    boolean gzipped = (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    assertThat(gzipped).as("gzipped").isEqualTo(name.endsWith(".gz"));
    String t = text(pop);
    String base = name.replace(".gz", "");
    if (base.endsWith(".csv")) {
      assertThat(t).startsWith("host,arch,iommu,");
    } else if (base.endsWith(".jsonl")) {
      assertThat(t).startsWith("{\"name\":");
    } else {
      assertThat(t).startsWith("# vfio-policy population file");
    }
    // Each reads back as the same hosts as the preset drew.
    assertThat(reportOf(pop.toString())).isEqualTo(PRESET);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pop.txt", "pop", "pop.gz", "pop.json", "pop.yaml.zip", "pop.CSV"})
  void otherNamesAreRefusedWithTheList(String name, @TempDir Path dir) {
    CliRun g = CliRun.of("population", "generate", "--preset", "mixed", "--hosts", "4", "-o",
        dir.resolve(name).toString());
    assertThat(g.code()).isEqualTo(2);
    assertThat(g.err()).isEqualTo("vfio-policy: -o " + dir.resolve(name) + ": the name chooses"
        + " the format; expected it to end in .yaml, .yml, .jsonl or .csv, each optionally"
        + " followed by .gz\n");
    assertThat(dir.resolve(name)).doesNotExist();
  }

  @Test
  void sweepCsvIsGzippedWhenItsNameSaysSo(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("s.csv.gz");
    assertThat(CliRun.of("sweep", "--vary", "nosnoop-share=0..0.1:0.1", "--hosts", "10",
        "--csv", csv.toString()).code()).isZero();
    assertThat(text(csv)).startsWith("parameter,value,measured,");
  }
}
