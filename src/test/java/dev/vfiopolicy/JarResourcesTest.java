package dev.vfiopolicy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarResourcesTest {
  @TempDir Path dir;

  private Path jar(String name, String text) throws IOException {
    Path jar = dir.resolve("tool.jar");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new ZipEntry(name));
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  private static String read(InputStream in) throws IOException {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsTheJarItselfAndAsksTheClassLoaderForWhatItLacks() throws IOException {
    Path jar = jar("vfiopolicy/x.txt", "from the jar");
    Path folder = Files.createDirectories(dir.resolve("cp/vfiopolicy"));
    Files.writeString(folder.resolve("y.txt"), "from the class path");
    Files.writeString(folder.resolve("x.txt"), "shadowed");
    try (ZipFile zip = JarResources.jarAt(jar.toUri().toURL());
        URLClassLoader loader = new URLClassLoader(
            new URL[] {dir.resolve("cp").toUri().toURL()}, null)) {
      assertThat(zip).isNotNull();
      assertThat(read(JarResources.open(zip, loader, "vfiopolicy/x.txt")))
          .isEqualTo("from the jar");
      assertThat(read(JarResources.open(zip, loader, "vfiopolicy/y.txt")))
          .isEqualTo("from the class path");
      assertThat(JarResources.open(zip, loader, "vfiopolicy/none.txt")).isNull();
      // No jar (a classes folder): the class loader answers everything.
      assertThat(read(JarResources.open(null, loader, "vfiopolicy/x.txt")))
          .isEqualTo("shadowed");
    }
  }

  @Test
  void onlyAnExistingFileIsAJar() throws IOException {
    assertThat(JarResources.jarAt(null)).isNull();
    assertThat(JarResources.jarAt(dir.toUri().toURL())).isNull();
    assertThat(JarResources.jarAt(dir.resolve("missing.jar").toUri().toURL())).isNull();
    assertThat(JarResources.jarAt(new URL("http://example.org/tool.jar"))).isNull();
    Path notZip = Files.writeString(dir.resolve("bad.jar"), "not a zip");
    assertThat(JarResources.jarAt(notZip.toUri().toURL())).isNull();
  }

  @Test
  void theToolsOwnResourcesAreFound() throws IOException {
    try (InputStream in = JarResources.open("vfiopolicy/version.properties")) {
      assertThat(in).isNotNull();
    }
    assertThat(JarResources.open("vfiopolicy/no-such-file")).isNull();
  }
}
