package dev.vfiopolicy.population;

import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A line's host read straight from its bytes, for the subset of JSON population files are
 * written in: strings without escapes or control characters (well-formed UTF-8, as a device's
 * name from a dump may have), integers from 0 to 18 digits without a sign, fraction or
 * exponent, {@code true}, {@code false} and {@code null}, and only spaces and tabs between
 * tokens, the whole object on one line. On anything else it gives up
 * ({@link JsonlHost.Fallback}) and the line goes to Jackson's parser. Within the subset the
 * tokens are Jackson's, so what {@link JsonlHost} reads from them is too; this is only quicker:
 * no symbol table, no decoding, keys compared as bytes, and little code for the JIT to compile
 * (Jackson's parser was most of the compilers' time on a file).
 *
 * <p>One per worker, reused line after line.
 */
final class ByteTokens implements Tokens {
  /** Deeper nesting than a plain host has (four) is Jackson's to judge. */
  private static final int MAX_DEPTH = 16;
  /** Longer strings are Jackson's to judge (its limit is 1,000,000 characters). */
  private static final int MAX_STRING = 1 << 16;
  /** Integers of up to 18 digits fit a long. */
  private static final int MAX_DIGITS = 18;
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private byte[] b;
  private int end;
  /** Just past the last token read. */
  private int pos;
  private JsonToken current;
  /** Objects and arrays open; arrays[d]: the one at depth d is an array. */
  private int depth;
  private final boolean[] arrays = new boolean[MAX_DEPTH + 1];
  /** The current key or string: b[start, start + length). */
  private int start;
  private int length;
  /** The current string decoded, where it is not all ASCII (else null: a byte is a char). */
  private String decoded;
  private long number;
  private char[] chars = new char[64];

  /**
   * Reads into {@code into} the host whose '{' is b[k], on a line that ends at or before
   * {@code end}: the index of the line's end (past spaces and tabs after the object) where the
   * object is in the subset and plain to {@code into}, else -1.
   */
  int read(JsonlHost into, byte[] b, int k, int end) {
    start(b, k, end);
    try {
      return into.read(this) ? lineEnd() : -1;
    } catch (JsonlHost.Fallback | java.io.IOException ex) {
      return -1;
    }
  }

  /** Stands on the '{' at b[k], the line ending at or before {@code end}. */
  void start(byte[] b, int k, int end) {
    this.b = b;
    this.end = end;
    pos = k + 1;
    depth = 1;
    arrays[1] = false;
    current = JsonToken.START_OBJECT;
  }

  /**
   * Once the object is read to its '}': the end of its line, past spaces and tabs; -1 where
   * the object is not read to its end or anything else follows it on the line.
   */
  int lineEnd() {
    if (current != JsonToken.END_OBJECT || depth != 0) {
      return -1;
    }
    int e = skip(pos);
    return e == end || b[e] == '\n' || b[e] == '\r' ? e : -1;
  }

  @Override
  public JsonToken next() {
    if (depth == 0) {
      // Nothing after the host's object is read as a token.
      throw JsonlHost.Fallback.INSTANCE;
    }
    int i = skip(pos);
    byte c = at(i);
    if (arrays[depth]) {
      if (c == ']') {
        return close(i, JsonToken.END_ARRAY);
      }
      if (current != JsonToken.START_ARRAY) {
        i = afterComma(c, i);
        c = b[i];
      }
      return value(i, c);
    }
    if (current == JsonToken.FIELD_NAME) {
      return value(i, c);
    }
    if (c == '}') {
      return close(i, JsonToken.END_OBJECT);
    }
    if (current != JsonToken.START_OBJECT) {
      i = afterComma(c, i);
      c = b[i];
    }
    if (c != '"') {
      throw JsonlHost.Fallback.INSTANCE;
    }
    i = skip(string(i));
    if (at(i) != ':') {
      throw JsonlHost.Fallback.INSTANCE;
    }
    pos = i + 1;
    return current = JsonToken.FIELD_NAME;
  }

  /** The index of the token after the comma at b[i] (and any spaces). */
  private int afterComma(byte c, int i) {
    if (c != ',') {
      throw JsonlHost.Fallback.INSTANCE;
    }
    int j = skip(i + 1);
    at(j);
    return j;
  }

  private JsonToken close(int i, JsonToken t) {
    depth--;
    pos = i + 1;
    return current = t;
  }

  private JsonToken value(int i, byte c) {
    switch (c) {
      case '{' -> {
        return open(i, false, JsonToken.START_OBJECT);
      }
      case '[' -> {
        return open(i, true, JsonToken.START_ARRAY);
      }
      case '"' -> {
        pos = string(i);
        return current = JsonToken.VALUE_STRING;
      }
      case 't' -> {
        return literal(i, TRUE, JsonToken.VALUE_TRUE);
      }
      case 'f' -> {
        return literal(i, FALSE, JsonToken.VALUE_FALSE);
      }
      case 'n' -> {
        return literal(i, NULL, JsonToken.VALUE_NULL);
      }
      default -> {
        return number(i, c);
      }
    }
  }

  private JsonToken open(int i, boolean array, JsonToken t) {
    if (depth == MAX_DEPTH) {
      throw JsonlHost.Fallback.INSTANCE;
    }
    arrays[++depth] = array;
    pos = i + 1;
    return current = t;
  }

  private JsonToken literal(int i, byte[] word, JsonToken t) {
    int j = i + word.length;
    if (j > end) {
      throw JsonlHost.Fallback.INSTANCE;
    }
    // The first byte chose the word; the rest compared here, not by Arrays.equals's stub call.
    for (int k = 1; k < word.length; k++) {
      if (b[i + k] != word[k]) {
        throw JsonlHost.Fallback.INSTANCE;
      }
    }
    pos = ended(j);
    return current = t;
  }

  /** 0, or 1 to 18 digits without a leading zero. */
  private JsonToken number(int i, byte c) {
    if (c < '0' || c > '9') {
      throw JsonlHost.Fallback.INSTANCE;
    }
    long v = 0;
    int j = i;
    if (c == '0') {
      j++;
    } else {
      while (j < end && j - i < MAX_DIGITS && b[j] >= '0' && b[j] <= '9') {
        v = v * 10 + (b[j++] - '0');
      }
    }
    number = v;
    pos = ended(j);
    return current = JsonToken.VALUE_NUMBER_INT;
  }

  /**
   * j, where b[j] ends a number or literal: a comma, a closing bracket, a space or tab, a line
   * end. Anything else (a letter, a digit after a leading zero or the 18th, a '.', an 'e') is
   * Jackson's to judge.
   */
  private int ended(int j) {
    if (j < end) {
      byte x = b[j];
      if (x != ',' && x != '}' && x != ']' && x != ' ' && x != '\t' && x != '\n'
          && x != '\r') {
        throw JsonlHost.Fallback.INSTANCE;
      }
    }
    return j;
  }

  /**
   * The string whose opening quote is b[i], up to the closing quote, which is returned past:
   * printable ASCII and well-formed UTF-8 sequences. Escapes, controls, DEL and malformed
   * sequences give up.
   */
  private int string(int i) {
    int j = i + 1;
    int limit = Math.min(end, j + MAX_STRING);
    boolean ascii = true;
    while (true) {
      if (j >= limit) {
        throw JsonlHost.Fallback.INSTANCE;
      }
      byte x = b[j];
      if (x == '"') {
        break;
      }
      if (x < 0) {
        // From 0x80 up: a character of two to four bytes.
        j = sequence(b, j, limit);
        ascii = false;
        continue;
      }
      if (x < 0x20 || x == '\\' || x == 0x7f) {
        throw JsonlHost.Fallback.INSTANCE;
      }
      j++;
    }
    start = i + 1;
    length = j - start;
    // As Jackson decodes a well-formed sequence, so does String (a pair of surrogates for four).
    decoded = ascii ? null : new String(b, start, length, StandardCharsets.UTF_8);
    return j + 1;
  }

  /**
   * The index after the well-formed UTF-8 sequence that starts at b[j] (a byte from 0x80 up)
   * and ends before {@code limit}: no overlong forms, no surrogates, nothing past U+10FFFF
   * (RFC 3629). Any other gives up.
   */
  static int sequence(byte[] b, int j, int limit) {
    int x = b[j] & 0xff;
    int more;
    int lo = 0x80;
    int hi = 0xbf;
    if (x >= 0xc2 && x <= 0xdf) {
      more = 1;
    } else if (x >= 0xe0 && x <= 0xef) {
      more = 2;
      lo = x == 0xe0 ? 0xa0 : lo;
      hi = x == 0xed ? 0x9f : hi;
    } else if (x >= 0xf0 && x <= 0xf4) {
      more = 3;
      lo = x == 0xf0 ? 0x90 : lo;
      hi = x == 0xf4 ? 0x8f : hi;
    } else {
      throw JsonlHost.Fallback.INSTANCE;
    }
    if (j + more >= limit) {
      throw JsonlHost.Fallback.INSTANCE;
    }
    int second = b[j + 1] & 0xff;
    if (second < lo || second > hi) {
      throw JsonlHost.Fallback.INSTANCE;
    }
    for (int k = 2; k <= more; k++) {
      int c = b[j + k] & 0xff;
      if (c < 0x80 || c > 0xbf) {
        throw JsonlHost.Fallback.INSTANCE;
      }
    }
    return j + more + 1;
  }

  private int skip(int i) {
    while (i < end && (b[i] == ' ' || b[i] == '\t')) {
      i++;
    }
    return i;
  }

  private byte at(int i) {
    if (i >= end) {
      throw JsonlHost.Fallback.INSTANCE;
    }
    return b[i];
  }

  @Override
  public JsonToken current() {
    return current;
  }

  @Override
  public boolean nextName(Key name) {
    byte[] want = name.bytes;
    if (expected(want)) {
      return true;
    }
    if (next() != JsonToken.FIELD_NAME) {
      return false;
    }
    return Arrays.equals(b, start, start + length, want, 0, want.length);
  }

  /**
   * The common case of {@link #nextName}, without scanning the key as a string: in an object,
   * after its '{' or a value, the key {@code want} (printable ASCII without quote or backslash)
   * between quotes, then its colon. False, and nothing read, for anything else.
   */
  private boolean expected(byte[] want) {
    if (depth == 0 || arrays[depth] || current == JsonToken.FIELD_NAME) {
      return false;
    }
    int i = skip(pos);
    if (current != JsonToken.START_OBJECT) {
      if (i >= end || b[i] != ',') {
        return false;
      }
      i = skip(i + 1);
    }
    int close = i + 1 + want.length;
    if (close >= end || b[i] != '"' || b[close] != '"') {
      return false;
    }
    for (int k = 0; k < want.length; k++) {
      if (b[i + 1 + k] != want[k]) {
        return false;
      }
    }
    int colon = skip(close + 1);
    if (colon >= end || b[colon] != ':') {
      return false;
    }
    start = i + 1;
    length = want.length;
    decoded = null;
    pos = colon + 1;
    current = JsonToken.FIELD_NAME;
    return true;
  }

  @Override
  public void copy(char[] into) {
    if (decoded != null) {
      decoded.getChars(0, decoded.length(), into, 0);
      return;
    }
    for (int k = 0; k < length; k++) {
      into[k] = (char) b[start + k];
    }
  }

  @Override
  public String name() {
    return text();
  }

  @Override
  public char[] chars() {
    // Copied on each call: JsonlHost asks once a token.
    int n = length();
    if (n > chars.length) {
      chars = new char[Math.max(n, chars.length * 2)];
    }
    copy(chars);
    return chars;
  }

  @Override
  public int offset() {
    return 0;
  }

  @Override
  public int length() {
    return decoded == null ? length : decoded.length();
  }

  @Override
  public String text() {
    // ASCII: the same String as UTF-8 would make, without the decoder.
    return decoded != null ? decoded : new String(b, start, length, StandardCharsets.ISO_8859_1);
  }

  @Override
  public long longValue() {
    if (current != JsonToken.VALUE_NUMBER_INT) {
      throw JsonlHost.Fallback.INSTANCE;
    }
    return number;
  }
}
