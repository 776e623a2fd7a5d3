package dev.vfiopolicy.cli;

import java.util.Map;

/** Whether output goes to a person at a terminal who has not asked for no colour. */
final class Terminal {
  private Terminal() {}

  static boolean colour() {
    return colour(System.console() != null, System.getenv());
  }

  /** https://no-color.org: any non-empty NO_COLOR turns colour off; so does TERM=dumb. */
  static boolean colour(boolean terminal, Map<String, String> env) {
    String noColor = env.get("NO_COLOR");
    return terminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
  }
}
