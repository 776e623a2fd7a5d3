package dev.vfiopolicy.policy;

import dev.vfiopolicy.JarResources;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Rule;
import dev.vfiopolicy.yaml.YamlReader;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The bundled policies' conditions, parsed and type-checked at build time: the build runs
 * {@link #main} after compiling (process-classes), which writes each condition's checked AST
 * (a CEL CheckedExpr) and, where it has one, its {@link ConditionTable} into {@value #RESOURCE},
 * keyed by the condition's text. At run time a bundled condition with a table needs no CEL at
 * all, and one without becomes a program straight from its AST, so that a report starts without
 * CEL's parser and checker; a text the build did not see (an edited policy, a user's file) is
 * compiled as before.
 */
public final class PrecompiledAsts {
  static final String RESOURCE = "vfiopolicy/cel/policies.bin";
  /** Names this layout of the resource; another (an older build's) is not read. */
  private static final int MAGIC = 0x56504332;
  private static volatile Map<String, Entry> bundled;

  /** One condition as the build left it; {@code table} is null when it has none. */
  record Entry(byte[] ast, ConditionTable table) {}

  private PrecompiledAsts() {}

  /** Expression text to what the build made of it; empty when it made nothing. */
  static Map<String, Entry> bundled() {
    Map<String, Entry> m = bundled;
    if (m == null) {
      m = load();
      bundled = m;
    }
    return m;
  }

  private static Map<String, Entry> load() {
    InputStream raw = JarResources.open(RESOURCE);
    return raw == null ? Map.of() : read(raw);
  }

  /** What {@link #write} wrote; empty for anything else (another layout, cut short). */
  static Map<String, Entry> read(InputStream raw) {
    Map<String, Entry> out = new LinkedHashMap<>();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
      if (in.readInt() != MAGIC) {
        return Map.of();
      }
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        String text = in.readUTF();
        byte[] ast = new byte[in.readInt()];
        in.readFully(ast);
        out.put(text, new Entry(ast, in.readBoolean() ? ConditionTable.read(in) : null));
      }
    } catch (IOException e) {
      return Map.of();
    }
    return out;
  }

  static void write(Map<String, Entry> entries, OutputStream os) throws IOException {
    DataOutputStream d = new DataOutputStream(os);
    d.writeInt(MAGIC);
    d.writeInt(entries.size());
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      d.writeUTF(e.getKey());
      d.writeInt(e.getValue().ast().length);
      d.write(e.getValue().ast());
      d.writeBoolean(e.getValue().table() != null);
      if (e.getValue().table() != null) {
        e.getValue().table().write(d);
      }
    }
    d.flush();
  }

  /** Writes {@value #RESOURCE} under the classes folder given, for its bundled policies. */
  public static void main(String[] args) throws Exception {
    Path classes = Path.of(args[0]);
    Map<String, Entry> asts = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(classes.resolve("vfiopolicy/policies"))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path f : files) {
      Policy p;
      try (InputStream in = Files.newInputStream(f)) {
        p = PolicyLoader.fromNode(YamlReader.read(in, f.toString()));
      }
      for (Rule r : p.rules()) {
        if (!asts.containsKey(r.when())) {
          asts.put(r.when(), CelConditions.precompile(r.when()));
        }
      }
    }
    Path out = classes.resolve(RESOURCE);
    Files.createDirectories(out.getParent());
    try (OutputStream os = Files.newOutputStream(out)) {
      write(asts, os);
    }
  }
}
