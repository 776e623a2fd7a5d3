package dev.vfiopolicy.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The tool in a process of its own: for kills, pipes, locks held by another process, ulimit. */
final class Child {
  private Child() {}

  static List<String> java(String mainClass, String... args) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
        "-Duser.language=en", "-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(List.of(args));
    return cmd;
  }

  static List<String> tool(String... args) {
    return java("dev.vfiopolicy.cli.Main", args);
  }

  /** The command under bash with {@code ulimit -f KIB}: writes past it fail with EFBIG. */
  static List<String> withFileLimit(int kib, List<String> cmd) {
    StringBuilder sb = new StringBuilder("ulimit -f " + kib + "; exec");
    for (String c : cmd) {
      sb.append(" '").append(c.replace("'", "'\\''")).append('\'');
    }
    return List.of("bash", "-c", sb.toString());
  }

  static Process start(List<String> cmd) throws IOException {
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
  }
}
