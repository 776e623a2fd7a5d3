package dev.vfiopolicy.importer;

import dev.vfiopolicy.InputException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A text dump read whole, with the checks every parser needs first: the file exists, is not
 * empty, is text (no NUL byte), and, when gzip-compressed, is complete.
 *
 * @param display the path as the user gave it, for messages
 * @param name the file's base name, for {@code source:} fields (no machine-specific folders)
 * @param lines the lines without their line ends
 * @param endsWithNewline false when the last line is unterminated, a sign of truncation
 */
record TextInput(String display, String name, List<String> lines, boolean endsWithNewline) {
  /** Far above any line lspci or the kernel prints (a device name is under 200 characters). */
  static final int MAX_LINE = 64 << 10;

  static TextInput read(Path file, String kind) {
    String display = file.toString();
    if (Files.isDirectory(file)) {
      throw new InputException(display + ": is a folder; expected a file of " + kind
          + " output");
    }
    if (!Files.exists(file)) {
      throw new InputException(display + ": no such file");
    }
    if (!Files.isReadable(file)) {
      throw new InputException(display + ": permission denied");
    }
    byte[] bytes;
    try (InputStream in = open(file)) {
      bytes = readAll(in, display);

    } catch (IOException e) {
      throw InputException.unreadable(display, e);
    }
    return of(display, file.getFileName() == null ? display : file.getFileName().toString(),
        bytes, kind);
  }

  /** Checks and splits bytes already read; {@code name} appears in source fields. */
  static TextInput of(String display, String name, byte[] bytes, String kind) {
    int line = 1;
    int length = 0;
    boolean blank = true;
    int maxLines = ImportLimits.dumpLines();
    for (byte b : bytes) {
      if (b == 0) {
        throw InputException.at(display, line, 0,
            "binary file (NUL byte), not " + kind + " text output");
      }
      if (b == '\n') {
        if (++line > maxLines) {
          throw new InputException(display + ": more than " + maxLines + " lines, the limit for"
              + " one " + kind + " dump; " + ImportLimits.raise(ImportLimits.DUMP_LINES,
                  "LINES"));
        }
        length = 0;
      } else {
        if (++length > MAX_LINE) {
          throw InputException.at(display, line, 0, "a line longer than "
              + (MAX_LINE >> 10) + " KiB; not " + kind + " output");
        }
        if (b != ' ' && b != '\t' && b != '\r') {
          blank = false;
        }
      }
    }
    if (blank) {
      throw new InputException(display + ": empty file; expected " + kind + " output");
    }
    String text = decode(bytes);
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        lines.add(stripCr(text.substring(start, i)));
        start = i + 1;
      }
    }
    boolean terminated = start == text.length();
    if (!terminated) {
      lines.add(stripCr(text.substring(start)));
    }
    return new TextInput(display, name, List.copyOf(lines), terminated);
  }

  /** "name:line", how source fields cite a line. */
  String at(int line) {
    return name + ":" + line;
  }

  InputException error(int line, String message) {
    return InputException.at(display, line, 0, message);
  }

  /**
   * A FileInputStream, not Files.newInputStream: the latter's available() seeks, which fails on
   * pipes such as {@code --dmesg <(dmesg)}.
   */
  private static InputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(new FileInputStream(file.toFile()), 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    // Decided by the magic number, not the name: ".gz" files get renamed, plain ones get ".gz".
    if (b0 == 0x1f && b1 == 0x8b) {
      return new GZIPInputStream(in, 1 << 16);
    }
    return in;
  }

  private static byte[] readAll(InputStream in, String display) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    long total = 0;
    long max = ImportLimits.dumpBytes();
    for (int n; (n = in.read(buf)) > 0; ) {
      total += n;
      if (total > max) {
        throw new InputException(display + ": larger than " + (max >> 20) + " MiB"
            + (in instanceof GZIPInputStream ? " when uncompressed" : "")
            + ", the limit for one dump; " + ImportLimits.raise(ImportLimits.DUMP_MIB, "MIB"));
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /** UTF-8 where valid; otherwise Latin-1, which old dumps with vendor names in it use. */
  private static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  private static String stripCr(String s) {
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  /** Width of the leading white space, tabs to the next multiple of 8 as a terminal shows it. */
  static int indent(String line) {
    int col = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == ' ') {
        col++;
      } else if (c == '\t') {
        col = (col / 8 + 1) * 8;
      } else {
        break;
      }
    }
    return col;
  }
}
