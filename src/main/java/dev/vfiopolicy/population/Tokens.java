package dev.vfiopolicy.population;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;

/**
 * The JSON tokens {@link JsonlHost} reads a host from: Jackson's parser ({@link Jackson}), or
 * {@link ByteTokens}, which reads only a plain subset of JSON and gives up on anything else.
 * The operations are the parser's, with its meaning; a source that gives up throws
 * {@link JsonlHost.Fallback}.
 */
interface Tokens {
  /** The next token ({@link JsonParser#nextToken}). */
  JsonToken next() throws IOException;

  /** The token last returned. */
  JsonToken current();

  /**
   * Moves to the next token; true if it is the key {@code name}
   * ({@link JsonParser#nextFieldName(com.fasterxml.jackson.core.SerializableString)}).
   */
  boolean nextName(Key name) throws IOException;

  /** A key as each source compares it: Jackson's serialised form, and its UTF-8 bytes. */
  final class Key {
    final String text;
    final SerializedString jackson;
    final byte[] bytes;

    Key(String text) {
      this.text = text;
      this.jackson = new SerializedString(text);
      this.bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** The current key (on a FIELD_NAME). */
  String name() throws IOException;

  /**
   * The current string's characters are chars()[offset(), offset() + length()); valid until
   * the next token.
   */
  char[] chars() throws IOException;

  int offset() throws IOException;

  int length() throws IOException;

  /** Copies the current string's characters to the start of {@code into}, which has room. */
  void copy(char[] into) throws IOException;

  /** The current string as a String. */
  String text() throws IOException;

  /** The current integer (on a VALUE_NUMBER_INT). */
  long longValue() throws IOException;

  /** Jackson's parser as tokens. */
  final class Jackson implements Tokens {
    private final JsonParser p;

    Jackson(JsonParser p) {
      this.p = p;
    }

    public JsonToken next() throws IOException {
      return p.nextToken();
    }

    public JsonToken current() {
      return p.currentToken();
    }

    public boolean nextName(Key name) throws IOException {
      return p.nextFieldName(name.jackson);
    }

    public String name() throws IOException {
      return p.currentName();
    }

    public char[] chars() throws IOException {
      return p.getTextCharacters();
    }

    public int offset() throws IOException {
      return p.getTextOffset();
    }

    public int length() throws IOException {
      return p.getTextLength();
    }

    public void copy(char[] into) throws IOException {
      System.arraycopy(p.getTextCharacters(), p.getTextOffset(), into, 0, p.getTextLength());
    }

    public String text() throws IOException {
      return p.getText();
    }

    public long longValue() throws IOException {
      return p.getLongValue();
    }
  }
}
