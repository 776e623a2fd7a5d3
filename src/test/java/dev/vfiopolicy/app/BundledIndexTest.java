package dev.vfiopolicy.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import dev.vfiopolicy.yaml.Node;
import dev.vfiopolicy.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's index of the bundled files: what a run lists and digests without reading them. */
class BundledIndexTest {
  @Test
  void theIndexARunReadsIsTheBundleAsItIs() throws Exception {
    Path root = Path.of(Resources.class.getClassLoader().getResource("vfiopolicy").toURI());
    BundledIndex now = BundledIndex.of(root);
    assertThat(Resources.index()).isEqualTo(now);
    assertThat(Resources.list("policies")).contains("hide-non-snoop.yaml", "rfc-literal-hide.yaml");
    assertThat(Resources.list("claims")).isNotEmpty();
  }

  @Test
  void everyBundledFileParsedByTheBuildIsTheTreeTheYamlReaderGives() throws Exception {
    BundledIndex index = Resources.index();
    assertThat(index.files()).hasSizeGreaterThan(20);
    for (String f : index.files()) {
      Node parsed = Resources.node(f);
      try (InputStream in = Resources.open(f)) {
        assertThat(parsed).as(f).isEqualTo(YamlReader.read(in, f));
      }
    }
  }

  @Test
  void aFileTheBuildDidNotParseIsNotFoundInItsBytes(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("catalog"));
    Files.writeString(dir.resolve("catalog/k.yaml"), "a: [1, two, {b: null}]\nc: true\n");
    BundledIndex i = BundledIndex.of(dir);
    byte[] parsed = i.parsed(f -> Files.newInputStream(dir.resolve(f)));
    assertThat(BundledIndex.parsedFile(parsed, "catalog/k.yaml"))
        .isEqualTo(YamlReader.read(Files.newInputStream(dir.resolve("catalog/k.yaml")),
            "catalog/k.yaml"));
    assertThat(BundledIndex.parsedFile(parsed, "catalog/other.yaml")).isNull();
    parsed[0] ^= 1;
    assertThat(BundledIndex.parsedFile(parsed, "catalog/k.yaml")).isNull();
  }

  @Test
  void itListsTheYamlFilesOfAFolderAndDigestsEveryFileWithItsName(@TempDir Path dir)
      throws IOException {
    Files.createDirectories(dir.resolve("policies/sub"));
    Files.createDirectories(dir.resolve("presets"));
    Files.writeString(dir.resolve("policies/b.yaml"), "b");
    Files.writeString(dir.resolve("policies/a.yaml"), "a");
    Files.writeString(dir.resolve("policies/notes.txt"), "n");
    Files.writeString(dir.resolve("policies/sub/c.yaml"), "c");
    Files.writeString(dir.resolve("presets/p.yaml"), "p");
    BundledIndex i = BundledIndex.of(dir);
    assertThat(i.files()).containsExactly("policies/a.yaml", "policies/b.yaml", "presets/p.yaml");
    assertThat(i.list("policies")).containsExactly("a.yaml", "b.yaml");
    assertThat(i.list("catalog")).isEmpty();
    // Each file's name goes into the digest: the same bytes under another name differ.
    Files.move(dir.resolve("presets/p.yaml"), dir.resolve("presets/q.yaml"));
    assertThat(BundledIndex.of(dir).digest()).startsWith("sha256:").isNotEqualTo(i.digest());
    Files.move(dir.resolve("presets/q.yaml"), dir.resolve("presets/p.yaml"));
    Files.writeString(dir.resolve("policies/a.yaml"), "A");
    assertThat(BundledIndex.of(dir).digest()).isNotEqualTo(i.digest());
  }

  @Test
  void itReadsBackWhatTheBuildWritesAndRefusesAnIndexWithoutADigest() throws IOException {
    BundledIndex i = new BundledIndex("sha256:0123456789abcdef",
        List.of("catalog/kernels.yaml", "policies/x.yaml"));
    assertThat(BundledIndex.read(stream(i.text()))).isEqualTo(i);
    assertThatThrownBy(() -> BundledIndex.read(stream("# nothing\npolicies/x.yaml\n")))
        .isInstanceOf(IOException.class).hasMessageContaining("no digest");
  }

  @Test
  void mainWritesTheIndexIntoTheClassesFolder(@TempDir Path classes) throws IOException {
    Files.createDirectories(classes.resolve("vfiopolicy/catalog"));
    Files.writeString(classes.resolve("vfiopolicy/catalog/k.yaml"), "k");
    BundledIndex.main(new String[] {classes.toString()});
    assertThat(BundledIndex.read(Files.newInputStream(classes.resolve(BundledIndex.RESOURCE))))
        .isEqualTo(BundledIndex.of(classes.resolve("vfiopolicy")));
  }

  private static ByteArrayInputStream stream(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }
}
