package dev.vfiopolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The class-data archive's extra reading (vfio-policy.archive-readers) leaves nothing behind. */
class ArchiveReadersTest {
  private static List<Path> leftovers() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("vfio-policy-archive"))
          .sorted().toList();
    }
  }

  @Test
  void readsGeneratedFilesAndRemovesThem() throws IOException {
    List<Path> before = leftovers();
    assertTrue(Main.loadFileReaders(), "generate and report, for .jsonl and .csv, exit 0");
    assertEquals(before, leftovers());
  }
}
