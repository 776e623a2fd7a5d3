package dev.vfiopolicy.app;

import dev.vfiopolicy.JarResources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The tool's version, from the build. */
public final class Version {
  public static final String VERSION = load();

  private Version() {}

  private static String load() {
    try (InputStream in = JarResources.open("vfiopolicy/version.properties")) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
