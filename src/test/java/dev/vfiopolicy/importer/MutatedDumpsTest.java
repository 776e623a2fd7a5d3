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
}
