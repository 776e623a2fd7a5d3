package dev.vfiopolicy.app;

import dev.vfiopolicy.yaml.Node;
import dev.vfiopolicy.yaml.NodeCodec;
import dev.vfiopolicy.yaml.YamlReader;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The bundled data files by name, and their digest, written by the build ({@link #main}, at
 * process-classes) into {@value #RESOURCE}; beside it, in {@value #PARSED}, each file as the
 * tree {@link YamlReader} makes of it. A jar cannot list a folder: without the index every
 * listing walked all of the shaded jar's entries (thousands, 13 MB of garbage per report), the
 * digest read every file, claims included, on every run, and every run parsed the YAML it
 * needed, loading SnakeYAML and Jackson to do so.
 *
 * @param digest "sha256:..." of the data files, as {@link #digest(List, Opener)} computes it
 * @param files paths under the bundle root ("policies/hide-non-snoop.yaml"), sorted
 */
public record BundledIndex(String digest, List<String> files) {
  static final String RESOURCE = "vfiopolicy/index.txt";
  static final String PARSED = "vfiopolicy/parsed.bin";
  /** Names this layout of {@value #PARSED}; another (an older build's) is not read. */
  static final int MAGIC = 0x56505031;

  /** The folders of reviewer-editable data, in digest order. */
  static final List<String> FOLDERS = List.of("catalog", "claims", "policies", "presets");

  /** Opens a bundled file by its path under the bundle root. */
  interface Opener {
    InputStream open(String path) throws IOException;
  }

  /** Names of the .yaml files directly in the folder, sorted. */
  List<String> list(String folder) {
    String prefix = folder + "/";
    List<String> out = new ArrayList<>();
    for (String f : files) {
      if (f.startsWith(prefix) && f.indexOf('/', prefix.length()) < 0) {
        out.add(f.substring(prefix.length()));
      }
    }
    return List.copyOf(out);
  }

  /** Digest of the files, each with its path, in the order given. */
  static String digest(List<String> files, Opener opener) {
    MessageDigest d = Digests.sha256();
    for (String f : files) {
      try {
        Digests.add(d, f, opener.open(f));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Digests.show(d);
  }

  static BundledIndex read(InputStream in) throws IOException {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String digest = null;
      List<String> files = new ArrayList<>();
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("digest ")) {
          digest = line.substring("digest ".length());
        } else if (!line.isEmpty() && !line.startsWith("#")) {
          files.add(line);
        }
      }
      if (digest == null) {
        throw new IOException(RESOURCE + " has no digest line");
      }
      return new BundledIndex(digest, List.copyOf(files));
    }
  }

  /** The index of a bundle root folder (target/classes/vfiopolicy), as the build writes it. */
  static BundledIndex of(Path root) throws IOException {
    List<String> files = new ArrayList<>();
    for (String folder : FOLDERS) {
      Path dir = root.resolve(folder);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> s = Files.list(dir)) {
        s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted()
            .forEach(n -> files.add(folder + "/" + n));
      }
    }
    return new BundledIndex(digest(files, f -> Files.newInputStream(root.resolve(f))), files);
  }

  String text() {
    StringBuilder sb = new StringBuilder("# The bundled data files, written by the build"
        + " (dev.vfiopolicy.app.BundledIndex)\n");
    sb.append("digest ").append(digest).append('\n');
    files.forEach(f -> sb.append(f).append('\n'));
    return sb.toString();
  }

  /**
   * The files parsed: a table of (path, offset, length) and then each tree, so that a run
   * decodes only the files it reads.
   */
  byte[] parsed(Opener opener) throws IOException {
    ByteArrayOutputStream trees = new ByteArrayOutputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    DataOutputStream h = new DataOutputStream(head);
    h.writeInt(MAGIC);
    h.writeInt(files.size());
    for (String f : files) {
      int start = trees.size();
      try (InputStream in = opener.open(f)) {
        NodeCodec.write(YamlReader.read(in, f), new DataOutputStream(trees));
      }
      h.writeUTF(f);
      h.writeInt(start);
      h.writeInt(trees.size() - start);
    }
    trees.writeTo(h);
    h.flush();
    return head.toByteArray();
  }

  /** The tree of one file from {@link #parsed}'s bytes; null when it is not there. */
  static Node parsedFile(byte[] parsed, String path) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(parsed));
    if (in.readInt() != MAGIC) {
      return null;
    }
    int n = in.readInt();
    int found = -1;
    int length = 0;
    for (int i = 0; i < n; i++) {
      String f = in.readUTF();
      int offset = in.readInt();
      int len = in.readInt();
      if (f.equals(path)) {
        found = offset;
        length = len;
      }
    }
    if (found < 0) {
      return null;
    }
    int base = parsed.length - in.available();
    return NodeCodec.read(new DataInputStream(
        new ByteArrayInputStream(parsed, base + found, length)), path);
  }

  /** Writes {@value #RESOURCE} and {@value #PARSED} under the classes folder given. */
  public static void main(String[] args) throws IOException {
    Path classes = Path.of(args[0]);
    Path root = classes.resolve("vfiopolicy");
    BundledIndex index = of(root);
    Files.writeString(classes.resolve(RESOURCE), index.text(), StandardCharsets.UTF_8);
    Files.write(classes.resolve(PARSED), index.parsed(f -> Files.newInputStream(root.resolve(f))));
  }
}
