package dev.vfiopolicy.app;

import java.util.Collection;
import java.util.Locale;

/** The closest of the names that exist, for messages about a name that does not. */
public final class Names {
  private Names() {}

  /** The known name closest to {@code given}, or null when none is close enough to suggest. */
  public static String closest(String given, Collection<String> known) {
    if (given.length() > 200) {
      return null;
    }
    String g = given.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(g, k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    // A third of the longer name, at least 2: 'reprot' finds 'report', 'xyz' finds nothing.
    int allowed = best == null ? -1 : Math.max(2, Math.max(g.length(), best.length()) / 3);
    return bestDistance <= allowed && bestDistance > 0 ? best : null;
  }

  /** " (did you mean 'x'?)" or "" when nothing is close. */
  public static String suggestion(String given, Collection<String> known) {
    String c = closest(given, known);
    return c == null ? "" : " (did you mean '" + c + "'?)";
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
