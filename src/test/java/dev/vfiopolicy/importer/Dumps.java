package dev.vfiopolicy.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Test inputs: the fixtures in src/test/resources/importer, or text written in a test. */
final class Dumps {
  private Dumps() {}

  static TextInput resource(String name, String kind) {
    try (InputStream in = Dumps.class.getResourceAsStream("/importer/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return TextInput.of(name, name, in.readAllBytes(), kind);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fixture as a file path (tests run from the project root). */
  static Path path(String name) {
    return Path.of("src/test/resources/importer", name);
  }

  static TextInput text(String name, String text, String kind) {
    return TextInput.of(name, name, text.getBytes(StandardCharsets.UTF_8), kind);
  }

  static LspciParser.Result lspci(String resource) {
    return LspciParser.parse(resource(resource, "lspci"));
  }

  static PciRecord find(List<PciRecord> records, String bdf) {
    return records.stream().filter(r -> r.address.toString().equals(bdf)).findFirst()
        .orElseThrow(() -> new AssertionError("no device " + bdf));
  }

  static PciIds pciIds() {
    return PciIds.parse(resource("pci.ids", "pci.ids"));
  }
}
