package dev.vfiopolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12 item 6: only report showed progress; claims, diff, sweep and report --detail --out ran
 * silently for seconds on large populations. Here stderr counts as a terminal and the quiet
 * first second is zero, so every update shows.
 */
class ProgressTest {
  record Run(int code, String out, String err) {}

  static Run onTerminal(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, out, err, false, new Progress.Policy(true, 0));
    return new Run(code, out.toString(), err.toString());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "report --hosts 9000",
      "claims --hosts 9000",
      "diff hide-non-snoop upstream-merged --hosts 9000",
      "sweep --vary nosnoop-share=0..0.1:0.1 --hosts 9000"})
  void longCommandsShowProgressOnATerminal(String command) {
    Run r = onTerminal(command.split(" "));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("\rvfio-policy: [").contains("hosts");
    String total = command.startsWith("sweep") ? "18,000" : "9,000";
    assertThat(r.err()).containsPattern("\\] +\\d+% [0-9,]+/" + total + " hosts");
    // The bar is wiped at the end, so the terminal is left clean.
    assertThat(r.err()).endsWith("\r");
    assertThat(r.out()).doesNotContain("\r");
  }

  @Test
  void offATerminalThereIsNoBar() {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"claims", "--hosts", "9000"}, new StringWriter(), err,
        false, new Progress.Policy(false, 0));
    assertThat(code).isZero();
    assertThat(err.toString()).isEmpty();
  }

  /** --detail says how big devices.csv will be before writing it, and shows its progress. */
  @Test
  void detailStatesTheSizeUpFront(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("r");
    Run r = onTerminal("report", "--hosts", "200", "--scenario", "linux-6.6", "--detail",
        "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    long rows;
    try (var lines = Files.lines(out.resolve("devices.csv"))) {
      rows = lines.count() - 1;
    }
    long bytes = Files.size(out.resolve("devices.csv"));
    String stated = r.err().lines().filter(l -> l.contains("--detail")).findFirst().orElse("");
    assertThat(stated).isEqualTo(String.format(Locale.ROOT, "vfio-policy: --detail: devices.csv"
        + " will have %,d rows, about %s", rows, stated.replaceAll(".*about ", "")));
    double estimate = parse(stated.replaceAll(".*about ", ""));
    assertThat(estimate / bytes).as("estimate " + stated + " of " + bytes + " bytes")
        .isBetween(0.8, 1.2);
    assertThat(r.err()).contains("hosts written to devices.csv");
  }

  /** Off a terminal, only a large devices.csv is announced. */
  @Test
  void aSmallDetailOffATerminalSaysNothing(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"report", "--hosts", "5", "--detail", "--out",
        dir.resolve("r").toString()}, new StringWriter(), err, false,
        new Progress.Policy(false, 0));
    assertThat(code).isZero();
    assertThat(err.toString()).isEmpty();
  }

  static double parse(String size) {
    String[] p = size.split(" ");
    double v = Double.parseDouble(p[0]);
    return switch (p[1]) {
      case "kB" -> v * 1e3;
      case "MB" -> v * 1e6;
      case "GB" -> v * 1e9;
      default -> v;
    };
  }
}
