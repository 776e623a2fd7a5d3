package dev.vfiopolicy.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged dumps (bytes flipped, lines cut, dropped or repeated) either import or fail with an
 * {@link InputException}: never another exception, which the command would report as a bug.
 */
class MutatedDumpsTest {
  private static final List<String> LSPCI = List.of("lspci-nnvvv-laptop.txt",
      "lspci-vvv-old-devctl.txt", "lspci-vxxx.txt", "lspci-probe-amd-apu.txt", "lspci-nn.txt");
  private static final List<String> DMESG = List.of("dmesg-intel-laptop.txt",
      "dmesg-xeon-server.txt", "dmesg-amd-desktop.txt", "dmesg-arm-journal.txt");

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void damagedDumpsEndInAnInputExceptionOrAHost(long seed, @TempDir Path dir)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 60; i++) {
      boolean lspci = random.nextBoolean();
      List<String> pool = lspci ? LSPCI : DMESG;
      String name = pool.get(random.nextInt(pool.size()));
      byte[] bytes = mutate(Files.readAllBytes(Dumps.path(name)), random);
      Path file = Files.write(dir.resolve("m" + i + ".txt"), bytes);
      ImportJob.Request req = new ImportJob.Request(lspci ? List.of(file) : List.of(),
          lspci ? List.of() : List.of(file), null, null, null, false, dir.resolve("p.yaml"),
          List.of());
      try {
        assertThat(ImportJob.run(req).host().devices()).isNotEmpty();
      } catch (InputException expected) {
        assertThat(expected.getMessage()).as(name + " seed " + seed + " #" + i)
            .startsWith(file.toString());
      }
    }
  }

  private static byte[] mutate(byte[] in, SplittableRandom random) {
    String text = new String(in, java.nio.charset.StandardCharsets.ISO_8859_1);
    switch (random.nextInt(5)) {
      case 0 -> { // flip bytes
        byte[] out = in.clone();
        for (int k = 0; k < 1 + random.nextInt(8); k++) {
          out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
      }
      case 1 -> text = text.substring(0, random.nextInt(text.length()));
      case 2 -> {
        String[] lines = text.split("\n", -1);
        int drop = random.nextInt(lines.length);
        lines[drop] = "";
        text = String.join("\n", lines);
      }
      case 3 -> {
        int at = random.nextInt(text.length());
        text = text.substring(0, at) + text.substring(at, Math.min(text.length(), at + 200))
            + text.substring(at);
      }
      default -> {
        int at = random.nextInt(text.length());
        text = text.substring(0, at) + "ffffffffffffffffffff 99999999999 0x" + text.substring(at);
      }
    }
    return text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** What a damaged or hostile sysfs attribute may be instead of its few bytes of text. */
  private static final List<String> ATTRIBUTE_VALUES = List.of("-1", "0x-1", "+8086", "",
      "0x", "ffffffffffffffffffff", "0x10000", "8086\0", "\u001b]0;x\u0007", "0x8086 0x8086",
      " 0x8086\n\n", "99999999999999999999", "-7", "1e3", "0x1234567");

  /**
   * sysfs trees damaged or made hostile: attribute contents replaced, attributes that are FIFOs,
   * links to /dev/null, folders or sparse files, group folders and links with bad numbers. Each
   * tree imports or fails with an InputException naming a path in the tree, and never blocks.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  @org.junit.jupiter.api.Timeout(value = 120)
  void damagedSysfsTreesEndInAnInputExceptionOrAHost(long seed, @TempDir Path dir)
      throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    List<Path> outside = new java.util.ArrayList<>();
    for (int i = 0; i < 25; i++) {
      Path root = dir.resolve("t" + i);
      FakeSysfs fs = new FakeSysfs(root)
          .device("0000:00:02.0", "0x8086", "0x9a49", "0x030000").group("0000:00:02.0", 0)
          .device("0000:00:14.0", "0x8086", "0xa0ed", "0x0c0330").group("0000:00:14.0", 1)
          .config("0000:00:02.0", FakeSysfs.pcieConfig("0x8086", "0x9a49", true))
          .intelUnit("dmar0", "19e2ff0505e", "0000:00:02.0");
      Path dev = root.resolve("sys/devices/pci0000:00/"
          + (random.nextBoolean() ? "0000:00:02.0" : "0000:00:14.0"));
      for (int k = 0; k < 1 + random.nextInt(3); k++) {
        String attr = List.of("vendor", "device", "class", "config").get(random.nextInt(4));
        Path f = dev.resolve(attr);
        Files.deleteIfExists(f);
        switch (random.nextInt(6)) {
          case 0 -> new ProcessBuilder("mkfifo", f.toString()).start().waitFor();
          case 1 -> outside.add(Files.createSymbolicLink(f, Path.of("/dev/null")));
          case 2 -> Files.createDirectories(f);
          case 3 -> {
            try (java.io.RandomAccessFile r = new java.io.RandomAccessFile(f.toFile(), "rw")) {
              r.setLength(1L << (17 + random.nextInt(12)));
            }
          }
          default -> Files.writeString(f,
              ATTRIBUTE_VALUES.get(random.nextInt(ATTRIBUTE_VALUES.size())) + "\n");
        }
      }
      if (random.nextInt(3) == 0) {
        String bad = List.of("-7", "+1", "x", "99999999999").get(random.nextInt(4));
        Files.createDirectories(root.resolve("sys/kernel/iommu_groups/" + bad + "/devices"));
        Files.delete(dev.resolve("iommu_group"));
        Files.createSymbolicLink(dev.resolve("iommu_group"),
            Path.of("../../../kernel/iommu_groups/" + bad));
      }
      ImportJob.Request req = new ImportJob.Request(List.of(), List.of(), root, "x86_64", null,
          false, dir.resolve("p" + i + ".yaml"), List.of());
      try {
        var host = ImportJob.run(req).host();
        assertThat(host.devices().toString()).doesNotContain("ffffffffffffffff");
        host.devices().forEach(d -> assertThat(d.group()).isGreaterThanOrEqualTo(0));
      } catch (InputException expected) {
        assertThat(expected.getMessage()).as("seed " + seed + " #" + i)
            .startsWith(root.toString());
      }
    }
    for (Path link : outside) {
      Files.delete(link); // the links only: nothing outside the temporary folder is touched
    }
  }
}
