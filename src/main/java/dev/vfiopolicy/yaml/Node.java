package dev.vfiopolicy.yaml;

import dev.vfiopolicy.InputException;
import java.util.List;
import java.util.Map;

/**
 * A YAML value that remembers where it was written, so that every error, including the semantic
 * ones found after parsing, can name the file, line and column.
 */
public sealed interface Node permits Node.MapNode, Node.ListNode, Node.Scalar {
  Location loc();

  String kind();

  default InputException error(String message) {
    return loc().error(message);
  }

  /** Keys in file order; each entry remembers the key's own location. */
  record MapNode(Location loc, Map<String, Entry> entries) implements Node {
    public String kind() {
      return "a mapping";
    }
  }

  record Entry(Location keyLoc, Node value) {}

  record ListNode(Location loc, List<Node> items) implements Node {
    public String kind() {
      return "a list";
    }
  }

  /** A scalar with the text as written and the type the YAML parser gave it. */
  record Scalar(Location loc, String text, Type type) implements Node {
    public String kind() {
      return switch (type) {
        case STRING -> "the string '" + Nodes.abbreviate(text) + "'";
        case INT, FLOAT -> "the number " + Nodes.abbreviate(text);
        case BOOL -> "the boolean " + text;
        case NULL -> "an empty value";
      };
    }
  }

  enum Type {
    STRING,
    INT,
    FLOAT,
    BOOL,
    NULL
  }
}
