package dev.vfiopolicy.yaml;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML tree as bytes and back, locations included, so that the build can ship the
 * bundled files already parsed: a run then loads neither SnakeYAML nor Jackson for them, and the
 * loaders see the very tree {@link YamlReader#read} gives.
 */
public final class NodeCodec {
  private static final int MAP = 0;
  private static final int LIST = 1;
  /** Scalars are {@code SCALAR + type.ordinal()}. */
  private static final int SCALAR = 2;

  private NodeCodec() {}

  public static void write(Node node, DataOutput out) throws IOException {
    out.writeInt(node.loc().line());
    out.writeInt(node.loc().column());
    if (node instanceof Node.MapNode m) {
      out.writeByte(MAP);
      out.writeInt(m.entries().size());
      for (Map.Entry<String, Node.Entry> e : m.entries().entrySet()) {
        text(e.getKey(), out);
        out.writeInt(e.getValue().keyLoc().line());
        out.writeInt(e.getValue().keyLoc().column());
        write(e.getValue().value(), out);
      }
    } else if (node instanceof Node.ListNode l) {
      out.writeByte(LIST);
      out.writeInt(l.items().size());
      for (Node item : l.items()) {
        write(item, out);
      }
    } else {
      Node.Scalar s = (Node.Scalar) node;
      out.writeByte(SCALAR + s.type().ordinal());
      text(s.text(), out);
    }
  }

  /** The tree {@link #write} wrote, its locations in the file named {@code file}. */
  public static Node read(DataInput in, String file) throws IOException {
    Location loc = new Location(file, in.readInt(), in.readInt());
    int tag = in.readUnsignedByte();
    if (tag == MAP) {
      int n = count(in);
      Map<String, Node.Entry> entries = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        String key = text(in);
        Location keyLoc = new Location(file, in.readInt(), in.readInt());
        entries.put(key, new Node.Entry(keyLoc, read(in, file)));
      }
      return new Node.MapNode(loc, entries);
    }
    if (tag == LIST) {
      int n = count(in);
      List<Node> items = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        items.add(read(in, file));
      }
      return new Node.ListNode(loc, items);
    }
    Node.Type[] types = Node.Type.values();
    if (tag - SCALAR >= types.length) {
      throw new IOException("not a parsed tree: tag " + tag);
    }
    return new Node.Scalar(loc, text(in), types[tag - SCALAR]);
  }

  private static int count(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("not a parsed tree: count " + n);
    }
    return n;
  }

  /** Length-prefixed UTF-8: writeUTF stops at 64 KiB and bends some characters. */
  private static void text(String s, DataOutput out) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String text(DataInput in) throws IOException {
    byte[] b = new byte[count(in)];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
