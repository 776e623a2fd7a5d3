package dev.vfiopolicy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a default report loads, in a JVM of its own: its bundled conditions are tables made at
 * build time, so CEL's runtime, planner and protobuf stay out. Outside the mutation tests, which
 * cannot reach a child JVM.
 */
class DefaultReportLoadsTest {
  /**
   * Structural, not a timing: the default report's conditions are tables, so no CEL runtime;
   * and picocli registers no converter it would load java.sql or java.time for.
   */
  @Test
  void theDefaultReportLoadsNoCelRuntime() throws Exception {
    Path log = Files.createTempFile("classes", ".txt");
    try {
      Process p = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-XX:TieredStopAtLevel=1", "-Xshare:off", "-Djava.awt.headless=true",
              "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
              "dev.vfiopolicy.cli.Main", "report", "--hosts", "200")
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
      List<String> loaded = Files.readAllLines(log);
      assertThat(loaded).anyMatch(l -> l.contains("dev.vfiopolicy.policy.ConditionTable"));
      assertThat(loaded).noneMatch(l -> l.contains(" dev.cel.runtime.CelRuntime ")
          || l.contains(" com.google.protobuf.") || l.contains(" dev.cel.runtime.planner."));
      // picocli's converters for these types are left out (Main.UNUSED_CONVERTERS).
      assertThat(loaded).noneMatch(l -> l.contains(" java.sql.DriverManager ")
          || l.contains(" java.time.format.DateTimeFormatter "));
    } finally {
      Files.deleteIfExists(log);
    }
  }}
