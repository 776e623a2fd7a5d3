package dev.vfiopolicy.app;

import dev.vfiopolicy.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of inputs, so a report names exactly what it was computed from. */
public final class Digests {
  private Digests() {}

  /**
   * Readies the SHA-256 for a population file, on a thread start-up leaves idle. HotSpot hashes
   * with the CPU's SHA instructions only in code C2 has compiled; until then a file is hashed in
   * Java, several times slower. Hashing 64 KB asks for that compile (the launcher lowers its
   * threshold) before the file's first bytes arrive, where the request waited behind the
   * parsers' and tens of MB went through the Java code.
   */
  public static void warm() {
    sha256().update(new byte[1 << 16]);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** "sha256:" and the first 16 hex digits: enough to tell inputs apart, short enough to read. */
  static String show(MessageDigest d) {
    return "sha256:" + HexFormat.of().formatHex(d.digest()).substring(0, 16);
  }

  static String of(Path file) {
    MessageDigest d = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such file");
    } catch (IOException e) {
      throw new InputException(file + ": cannot read: " + e.getMessage());
    }
    return show(d);
  }

  static void add(MessageDigest d, String name, InputStream in) {
    try (in) {
      d.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      d.update((byte) 0);
      d.update(in.readAllBytes());
      d.update((byte) 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
