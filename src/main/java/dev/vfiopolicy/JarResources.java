package dev.vfiopolicy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The tool's own resources (the bundled files, the build's tables, the version), read straight
 * from the jar it runs from. {@code ClassLoader.getResourceAsStream} first asks the JDK's boot
 * and platform loaders, which look for a name that no module has in every module of the runtime
 * image, and then opens a {@code jar:} URL connection: for the four files a default report
 * reads, some 10 ms of start-up against 2 ms here. The jar is the one the class loader has open
 * already, so its directory is not read again. From a classes folder (tests, an IDE), and for a
 * name the jar lacks, the class loader is asked, as before.
 */
public final class JarResources {
  private JarResources() {}

  private static final class Holder {
    static final ZipFile JAR = jarAt(location());
  }

  /** The resource called {@code name}, or null where there is none. */
  public static InputStream open(String name) {
    return open(Holder.JAR, JarResources.class.getClassLoader(), name);
  }

  static InputStream open(ZipFile jar, ClassLoader fallback, String name) {
    ZipEntry e = jar == null ? null : jar.getEntry(name);
    if (e == null) {
      return fallback.getResourceAsStream(name);
    }
    try {
      return jar.getInputStream(e);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  private static URL location() {
    CodeSource cs = JarResources.class.getProtectionDomain().getCodeSource();
    return cs == null ? null : cs.getLocation();
  }

  /** The jar file at {@code location}; null for a folder, another scheme, or no such file. */
  static ZipFile jarAt(URL location) {
    if (location == null || !"file".equals(location.getProtocol())) {
      return null;
    }
    try {
      Path p = Path.of(location.toURI());
      return Files.isRegularFile(p) ? new ZipFile(p.toFile()) : null;
    } catch (IOException | URISyntaxException | IllegalArgumentException e) {
      return null; // the class loader reads it, or says why not
    }
  }
}
