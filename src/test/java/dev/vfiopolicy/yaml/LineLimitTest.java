package dev.vfiopolicy.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Block reads check bytes in runs; single-byte reads one at a time. Both must refuse the same
 * byte with the same message (line, column), or read everything.
 */
class LineLimitTest {
  /** What reading {@code bytes} through a LineLimit gives: the message, or "ok". */
  private static String outcome(byte[] bytes, int chunk) {
    try (InputStream in = new LineLimit(new ByteArrayInputStream(bytes), "f")) {
      if (chunk == 1) {
        while (in.read() >= 0) {
          // reading is the check
        }
      } else {
        byte[] buf = new byte[chunk];
        while (in.read(buf, 0, buf.length) >= 0) {
          // reading is the check
        }
      }
      return "ok";
    } catch (dev.vfiopolicy.InputException e) {
      return e.getMessage();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void blockReadsRefuseWhatByteReadsRefuse() {
    Random r = new Random(7);
    byte[] alphabet = "ab{}\":,\n\r\t \u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] hostile = {0x1B, 0x00, 0x7F, 0x0C, (byte) 0xFE, (byte) 0xFF};
    for (int round = 0; round < 400; round++) {
      byte[] bytes = new byte[1 + r.nextInt(300)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = r.nextInt(40) == 0 ? hostile[r.nextInt(hostile.length)]
            : alphabet[r.nextInt(alphabet.length)];
      }
      String expected = outcome(bytes, 1);
      for (int chunk : new int[] {2, 7, 64, 4096}) {
        assertThat(outcome(bytes, chunk)).as("round %d, chunk %d", round, chunk)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void aLongLineIsRefusedAtItsLineByEitherRead() {
    byte[] bytes = new byte[LineLimit.MAX_LINE + 10];
    java.util.Arrays.fill(bytes, (byte) 'x');
    bytes[3] = '\n';
    bytes[bytes.length - 2] = 0x1B; // after the limit: the length is what is said
    String expected = outcome(bytes, 1);
    assertThat(expected).contains("f:2:").contains("line 2 is longer than 1 MiB");
    assertThat(outcome(bytes, 1 << 16)).isEqualTo(expected);
    assertThat(outcome(bytes, bytes.length)).isEqualTo(expected);
  }

  @Test
  void aUtf16StartTurnsTheControlCheckOffForBlockReadsToo() {
    byte[] bytes = {(byte) 0xFF, (byte) 0xFE, 'a', 0x00, 0x1B, 0x00};
    assertThat(outcome(bytes, 1)).isEqualTo("ok");
    assertThat(outcome(bytes, 64)).isEqualTo("ok");
  }

  /**
   * The word-at-a-time search finds the first control or DEL, as a byte-by-byte loop does, for
   * every byte value (the borders 0x1f, 0x20, 0x7e, 0x7f, 0x80 and 0xff among them) at every
   * offset in and across words.
   */
  @Test
  void nextControlFindsWhatAByteLoopFinds() {
    Random r = new Random(11);
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[1 + r.nextInt(40)];
      for (int i = 0; i < b.length; i++) {
        // Mostly printable ASCII and UTF-8 bytes, sometimes any byte at all.
        b[i] = (byte) (r.nextInt(8) == 0 ? r.nextInt(256) : 0x20 + r.nextInt(0x5f)
            + (r.nextBoolean() ? 0 : 0x60 + r.nextInt(0x20)));
      }
      int from = r.nextInt(b.length + 1);
      int to = from + r.nextInt(b.length - from + 1);
      int expected = from;
      while (expected < to && !((b[expected] >= 0 && b[expected] < 0x20) || b[expected] == 0x7F)) {
        expected++;
      }
      assertThat(LineLimit.nextControl(b, from, to)).as(java.util.Arrays.toString(b) + " from "
          + from + " to " + to).isEqualTo(expected);
    }
    for (int v = 0; v < 256; v++) {
      for (int at = 0; at < 16; at++) {
        byte[] b = new byte[16];
        java.util.Arrays.fill(b, (byte) 'a');
        b[at] = (byte) v;
        boolean control = (v < 0x20) || v == 0x7F;
        assertThat(LineLimit.nextControl(b, 0, 16)).as("0x%02x at %d", v, at)
            .isEqualTo(control ? at : 16);
      }
    }
  }
}
