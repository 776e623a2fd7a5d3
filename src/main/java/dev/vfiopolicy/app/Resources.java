package dev.vfiopolicy.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The data files bundled in the jar (policies/, catalog/, presets/ of the source tree). */
final class Resources {
  private static final String ROOT = "vfiopolicy/";

  private Resources() {}

  static InputStream open(String path) {
    InputStream in = Resources.class.getClassLoader().getResourceAsStream(ROOT + path);
    if (in == null) {
      throw new IllegalStateException("bundled file missing: " + path);
    }
    return in;
  }

  /** Names of the .yaml files in a bundled folder, sorted. */
  static List<String> list(String folder) {
    URL url = Resources.class.getClassLoader().getResource(ROOT + folder);
    if (url == null) {
      throw new IllegalStateException("bundled folder missing: " + folder);
    }
    try {
      if (url.openConnection() instanceof java.net.JarURLConnection jar) {
        // The jar the class loader already has open: listing its entries needs no zip file
        // system (whose set-up cost more start-up time than the rest of a listing command).
        jar.setUseCaches(true);
        String prefix = ROOT + folder + "/";
        List<String> out = new java.util.ArrayList<>();
        for (var e = jar.getJarFile().entries(); e.hasMoreElements(); ) {
          String n = e.nextElement().getName();
          if (n.startsWith(prefix) && n.indexOf('/', prefix.length()) < 0
              && n.endsWith(".yaml")) {
            out.add(n.substring(prefix.length()));
          }
        }
        java.util.Collections.sort(out);
        return List.copyOf(out);
      }
      URI uri = url.toURI();
      if (uri.getScheme().equals("jar")) {
        FileSystem fs;
        try {
          fs = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        return names(fs.getPath(ROOT + folder));
      }
      return names(Path.of(uri));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }
}
