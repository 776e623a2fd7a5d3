package dev.vfiopolicy.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vfiopolicy.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The one place that parses YAML. It builds {@link Node} trees that keep their locations, refuses
 * duplicate keys, and limits depth, size and aliases so a hostile file cannot exhaust memory.
 * Nothing is bound to Java types by name: no tags, no polymorphic typing.
 */
public final class YamlReader {
  private static final int MAX_DEPTH = 64;

  /** Limits shared by the YAML and JSON parsers. */
  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxStringLength(1_000_000).build();

  private static final YAMLFactory FACTORY = newFactory();

  private YamlReader() {}

  private static YAMLFactory newFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(20);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(Integer.MAX_VALUE);
    return YAMLFactory.builder().loaderOptions(options).streamReadConstraints(LIMITS).build();
  }

  /** Parses a whole document. {@code name} is what messages call the file. */
  public static Node read(InputStream in, String name) {
    try (JsonParser p = FACTORY.createParser(new LineLimit(in, name))) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw InputException.at(name, 0, 0, "the file is empty; expected a YAML mapping");
      }
      Node root = readValue(p, name);
      if (p.nextToken() != null) {
        throw at(p, name, "expected one YAML document, found more");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw translate(e, name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a top-level mapping whose {@code listKey} holds a long list, handing each item to
   * {@code item} as it is parsed, so the list is never held whole. Other top-level keys are
   * collected and returned.
   */
  public static Node.MapNode stream(
      InputStream in, String name, String listKey, Consumer<Node> item) {
    try (ItemBudget p = new ItemBudget(FACTORY.createParser(new LineLimit(in, name)), name)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw InputException.at(name, 0, 0, "the file is empty; expected a YAML mapping");
      }
      if (t != JsonToken.START_OBJECT) {
        throw at(p, name, "expected a mapping at the top of the file");
      }
      Location loc = loc(p, name);
      Map<String, Node.Entry> entries = new LinkedHashMap<>();
      boolean seen = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        Location keyLoc = loc(p, name);
        if (entries.containsKey(key) || (seen && key.equals(listKey))) {
          throw keyLoc.error("duplicate key '" + key + "'");
        }
        JsonToken v = p.nextToken();
        if (key.equals(listKey)) {
          seen = true;
          if (v != JsonToken.START_ARRAY) {
            throw at(p, name, "'" + listKey + "' must be a list");
          }
          while (p.nextToken() != JsonToken.END_ARRAY) {
            p.startItem();
            item.accept(readValue(p, name));
          }
          entries.put(key, new Node.Entry(keyLoc, new Node.ListNode(keyLoc, List.of())));
        } else {
          entries.put(key, new Node.Entry(keyLoc, readValue(p, name)));
        }
      }
      if (p.nextToken() != null) {
        throw at(p, name, "expected one YAML document, found more");
      }
      return new Node.MapNode(loc, entries);
    } catch (JsonProcessingException e) {
      throw translate(e, name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final com.fasterxml.jackson.core.JsonFactory JSON =
      com.fasterxml.jackson.core.JsonFactory.builder().streamReadConstraints(LIMITS).build();

  /**
   * Parses one JSON value written on line {@code line} of a JSON Lines file; locations name that
   * line and the column within it.
   */
  public static Node readJsonLine(String text, String name, int line) {
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() == null) {
        throw InputException.at(name, line, 0, "empty line; expected a JSON object");
      }
      Node n = shift(readValue(p, name), line);
      if (p.nextToken() != null) {
        throw InputException.at(name, line, 0, "expected one JSON value on the line");
      }
      return n;
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      throw InputException.at(name, line, l == null ? 0 : l.getColumnNr(),
          "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Moves a tree parsed from a single line to that line of the file. */
  private static Node shift(Node n, int line) {
    Location at = new Location(n.loc().file(), line, n.loc().column());
    if (n instanceof Node.MapNode m) {
      Map<String, Node.Entry> entries = new LinkedHashMap<>();
      m.entries().forEach((k, e) -> entries.put(k, new Node.Entry(
          new Location(e.keyLoc().file(), line, e.keyLoc().column()), shift(e.value(), line))));
      return new Node.MapNode(at, entries);
    }
    if (n instanceof Node.ListNode l) {
      return new Node.ListNode(at, l.items().stream().map(i -> shift(i, line)).toList());
    }
    Node.Scalar s = (Node.Scalar) n;
    return new Node.Scalar(at, s.text(), s.type());
  }

  private static Node readValue(JsonParser p, String name) throws IOException {
    Location loc = loc(p, name);
    JsonToken t = p.currentToken();
    // A tag asks the loader to build a type (!!java.lang.Runtime ...): nothing here honours
    // tags, and a file that uses one is refused rather than read as if it had not.
    if (p.canReadTypeId() && p.getTypeId() != null) {
      throw loc.error("YAML tags such as '" + Nodes.abbreviate(String.valueOf(p.getTypeId()))
          + "' are not allowed");
    }
    switch (t) {
      case START_OBJECT -> {
        Map<String, Node.Entry> entries = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          Location keyLoc = loc(p, name);
          if (entries.containsKey(key)) {
            throw keyLoc.error("duplicate key '" + Nodes.abbreviate(key) + "'");
          }
          p.nextToken();
          entries.put(key, new Node.Entry(keyLoc, readValue(p, name)));
        }
        return new Node.MapNode(loc, entries);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(readValue(p, name));
        }
        return new Node.ListNode(loc, items);
      }
      case VALUE_STRING -> {
        return new Node.Scalar(loc, p.getText(), Node.Type.STRING);
      }
      case VALUE_NUMBER_INT -> {
        return new Node.Scalar(loc, p.getText(), Node.Type.INT);
      }
      case VALUE_NUMBER_FLOAT -> {
        return new Node.Scalar(loc, p.getText(), Node.Type.FLOAT);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new Node.Scalar(loc, p.getText(), Node.Type.BOOL);
      }
      case VALUE_NULL -> {
        return new Node.Scalar(loc, "", Node.Type.NULL);
      }
      default -> throw at(p, name, "unexpected YAML content (" + t + ")");
    }
  }

  private static Location loc(JsonParser p, String name) {
    JsonLocation l = p.currentTokenLocation();
    return new Location(name, l.getLineNr(), l.getColumnNr());
  }

  private static InputException at(JsonParser p, String name, String message) {
    return loc(p, name).error(message);
  }

  private static InputException translate(JsonProcessingException e, String name) {
    // An I/O error under the parser (a truncated or corrupt .gz) is no YAML error.
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c instanceof IOException io && !(c instanceof JsonProcessingException)) {
        return InputException.unreadable(name, io);
      }
    }
    JsonLocation l = e.getLocation();
    String msg = e.getOriginalMessage();
    // SnakeYAML's messages span lines and quote the source; keep the first line.
    msg = msg == null ? "not valid YAML" : msg.strip().lines().findFirst().orElse(msg);
    String what = "not valid YAML: ";
    if (msg.contains("CharConversionException") || msg.contains("Invalid UTF-8")) {
      what = "not UTF-8 text: ";
      msg = msg.replaceFirst("^.*CharConversionException: ", "");
    }
    msg = msg.replaceAll("\\b[a-z]+(\\.[a-zA-Z]+)+Exception: ", "");
    return InputException.at(
        name, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(), what + msg);
  }
}
