package dev.vfiopolicy.yaml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed access to a YAML mapping, with errors that say where and what was expected. {@code what}
 * names the object for messages ("host 'h1'", "rule 'x'").
 */
public final class Nodes {
  private final Node.MapNode map;
  private final String what;

  private Nodes(Node.MapNode map, String what) {
    this.map = map;
    this.what = what;
  }

  public static Nodes of(Node node, String what) {
    if (node instanceof Node.MapNode m) {
      return new Nodes(m, what);
    }
    throw node.error(what + ": expected a mapping (key: value lines), found " + node.kind());
  }

  public Location loc() {
    return map.loc();
  }

  public Nodes named(String newWhat) {
    return new Nodes(map, newWhat);
  }

  /** Refuses keys outside the allowed set, naming the first unknown one and the allowed ones. */
  public Nodes allowOnly(String... allowed) {
    Set<String> ok = new LinkedHashSet<>(Arrays.asList(allowed));
    for (Map.Entry<String, Node.Entry> e : map.entries().entrySet()) {
      if (!ok.contains(e.getKey())) {
        throw e.getValue()
            .keyLoc()
            .error(
                what + ": unknown key '" + abbreviate(e.getKey()) + "'; expected one of: "
                    + String.join(", ", ok));
      }
    }
    return this;
  }

  public boolean has(String key) {
    return map.entries().containsKey(key);
  }

  public Node node(String key) {
    Node.Entry e = map.entries().get(key);
    if (e == null) {
      throw map.error(what + ": missing key '" + key + "'");
    }
    return e.value();
  }

  public String string(String key) {
    return text(node(key), key);
  }

  public String string(String key, String fallback) {
    return has(key) && !isNull(node(key)) ? text(node(key), key) : fallback;
  }

  private String text(Node n, String key) {
    if (n instanceof Node.Scalar s && s.type() != Node.Type.NULL && s.type() != Node.Type.BOOL) {
      return s.text();
    }
    throw n.error(what + ": '" + key + "' must be a text, found " + n.kind());
  }

  public boolean bool(String key, boolean fallback) {
    if (!has(key)) {
      return fallback;
    }
    Node n = node(key);
    // Only true/false: YAML 1.1's yes/no/on/off are refused rather than guessed.
    if (n instanceof Node.Scalar s
        && s.type() == Node.Type.BOOL
        && (s.text().equals("true") || s.text().equals("false"))) {
      return Boolean.parseBoolean(s.text());
    }
    throw n.error(what + ": '" + key + "' must be true or false, found " + n.kind());
  }

  public long integer(String key, long min, long max) {
    Node n = node(key);
    if (n instanceof Node.Scalar s && s.type() == Node.Type.INT) {
      try {
        long v = Long.parseLong(s.text());
        if (v >= min && v <= max) {
          return v;
        }
      } catch (NumberFormatException e) {
        // falls through to the message below
      }
    }
    throw n.error(
        what + ": '" + key + "' must be a whole number from " + min + " to " + max + ", found "
            + n.kind());
  }

  public double number(String key, double min, double max) {
    Node n = node(key);
    if (n instanceof Node.Scalar s
        && (s.type() == Node.Type.INT || s.type() == Node.Type.FLOAT)) {
      try {
        double v = Double.parseDouble(s.text());
        if (v >= min && v <= max) {
          return v;
        }
      } catch (NumberFormatException e) {
        // falls through to the message below
      }
    }
    throw n.error(
        what + ": '" + key + "' must be a number from " + min + " to " + max + ", found "
            + n.kind());
  }

  /** An enum spelled as in the files; the error lists the accepted spellings. */
  public <E> E choice(String key, Function<String, E> parse) {
    String text = string(key);
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) {
      throw node(key).error(what + ": '" + key + "' is '" + abbreviate(text) + "'; "
          + e.getMessage());
    }
  }

  public List<Node> list(String key) {
    Node n = node(key);
    if (n instanceof Node.ListNode l) {
      return l.items();
    }
    throw n.error(what + ": '" + key + "' must be a list, found " + n.kind());
  }

  public List<Node> list(String key, List<Node> fallback) {
    return has(key) ? list(key) : fallback;
  }

  public List<String> strings(String key) {
    List<String> out = new ArrayList<>();
    for (Node n : list(key)) {
      if (n instanceof Node.Scalar s && s.type() != Node.Type.NULL && s.type() != Node.Type.BOOL) {
        out.add(s.text());
      } else {
        throw n.error(what + ": each item of '" + key + "' must be a text, found " + n.kind());
      }
    }
    return out;
  }

  public Node.MapNode raw() {
    return map;
  }

  private static boolean isNull(Node n) {
    return n instanceof Node.Scalar s && s.type() == Node.Type.NULL;
  }

  static String abbreviate(String s) {
    String oneLine = s.replaceAll("[\\p{Cntrl}]", "?");
    return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
  }
}
