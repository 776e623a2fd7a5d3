package dev.vfiopolicy.app;

import dev.vfiopolicy.JarResources;
import dev.vfiopolicy.yaml.Node;
import dev.vfiopolicy.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;

/** The data files bundled in the jar (policies/, catalog/, presets/, claims/ of the source tree). */
final class Resources {
  private static final String ROOT = "vfiopolicy/";
  private static volatile BundledIndex index;
  private static volatile byte[] parsed;

  private Resources() {}

  static InputStream open(String path) {
    InputStream in = JarResources.open(ROOT + path);
    if (in == null) {
      throw new IllegalStateException("bundled file missing: " + path);
    }
    return in;
  }

  /** Names of the .yaml files in a bundled folder, sorted. */
  static List<String> list(String folder) {
    return index().list(folder);
  }

  /**
   * A bundled YAML file as a tree: the one the build parsed ({@link BundledIndex#PARSED}) when
   * there is one, else parsed now.
   */
  static Node node(String path) {
    try {
      byte[] all = parsed();
      Node n = all == null ? null : BundledIndex.parsedFile(all, path);
      if (n != null) {
        return n;
      }
      try (InputStream in = open(path)) {
        return YamlReader.read(in, path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] parsed() throws IOException {
    byte[] p = parsed;
    if (p == null) {
      try (InputStream in = JarResources.open(BundledIndex.PARSED)) {
        p = in == null ? new byte[0] : in.readAllBytes();
      }
      parsed = p;
    }
    return p.length == 0 ? null : p;
  }

  /** "sha256:..." of the bundled data files. */
  static String digest() {
    return index().digest();
  }

  /**
   * The build's index of the bundled files ({@link BundledIndex}); in a classes folder that has
   * none (compiled by an IDE, not Maven) the folder itself is indexed.
   */
  static BundledIndex index() {
    BundledIndex i = index;
    if (i == null) {
      ClassLoader loader = Resources.class.getClassLoader();
      try (InputStream in = JarResources.open(BundledIndex.RESOURCE)) {
        if (in != null) {
          i = BundledIndex.read(in);
        } else {
          URL root = loader.getResource(ROOT);
          if (root == null || !root.getProtocol().equals("file")) {
            throw new IllegalStateException("bundled index missing: " + BundledIndex.RESOURCE);
          }
          i = BundledIndex.of(Path.of(root.toURI()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
      index = i;
    }
    return i;
  }
}
