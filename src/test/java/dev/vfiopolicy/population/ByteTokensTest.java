package dev.vfiopolicy.population;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vfiopolicy.Fixtures;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ByteTokens} gives Jackson's tokens or gives up: driven the same way as Jackson's parser
 * over the same line (next token, or the next key expected by name), every answer it gives is
 * the parser's, and it gives up on whatever the parser refuses. It reads every line the writer
 * makes.
 */
class ByteTokensTest {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String[] KEYS = {"name", "bdf", "group", "devices", "a", "nam", "names"};

  /** The generator's lines: every preset's hosts. */
  private static List<String> generatedLines() {
    Map<String, Preset> presets = Fixtures.library().presets();
    List<String> lines = new ArrayList<>();
    for (String preset : presets.keySet()) {
      StringWriter out = new StringWriter();
      new Generator(presets.get(preset), presets, 3).generate(20, FleetWriters.jsonl(out));
      lines.addAll(List.of(out.toString().split("\n")));
    }
    return lines;
  }

  /**
   * What one source answers, step after step, until the object closes or it fails: each token
   * with its text or number, and each nextName's answer. The steps are chosen by {@code seed}
   * (next token, or a key by name), the same for both sources.
   */
  private static List<String> drive(Tokens t, long seed) {
    List<String> out = new ArrayList<>();
    Random r = new Random(seed);
    int depth = 1;
    try {
      while (depth > 0 && out.size() < 10_000) {
        JsonToken tok;
        if (r.nextInt(3) == 0) {
          String key = KEYS[r.nextInt(KEYS.length)];
          boolean is = t.nextName(new Tokens.Key(key));
          tok = t.current();
          out.add("nextName " + key + " " + is);
        } else {
          tok = t.next();
        }
        if (tok == null) {
          out.add("end of input");
          return out;
        }
        switch (tok) {
          case START_OBJECT, START_ARRAY -> depth++;
          case END_OBJECT, END_ARRAY -> depth--;
          default -> { }
        }
        String value = switch (tok) {
          case FIELD_NAME -> " " + t.name();
          case VALUE_STRING -> " " + t.text() + " "
              + new String(t.chars(), t.offset(), t.length());
          case VALUE_NUMBER_INT -> " " + t.longValue();
          default -> "";
        };
        out.add(tok + value);
      }
      return out;
    } catch (JsonlHost.Fallback e) {
      out.add("gave up");
      return out;
    } catch (java.io.IOException | RuntimeException e) {
      out.add("failed");
      return out;
    }
  }

  /** Checks one line both ways; true where the byte reader read its object. */
  private static boolean check(String line, long seed) throws Exception {
    return check(line.getBytes(StandardCharsets.UTF_8), seed);
  }

  private static boolean check(byte[] b, long seed) throws Exception {
    String line = new String(b, StandardCharsets.ISO_8859_1);
    int k = 0;
    while (k < b.length && (b[k] == ' ' || b[k] == '\t')) {
      k++;
    }
    if (k == b.length || b[k] != '{') {
      return false;
    }
    ByteTokens bytes = new ByteTokens();
    bytes.start(b, k, b.length);
    List<String> mine = drive(bytes, seed);
    boolean read = !mine.isEmpty() && !mine.get(mine.size() - 1).equals("gave up");
    List<String> jackson;
    boolean nothingAfter;
    try (JsonParser p = JSON.createParser(b, k, b.length - k)) {
      p.nextToken();
      jackson = drive(new Tokens.Jackson(p), seed);
      boolean closed = p.currentToken() == JsonToken.END_OBJECT
          && p.getParsingContext().inRoot();
      nothingAfter = closed && nextOrFail(p) == null;
    }
    if (!read) {
      return false;
    }
    assertThat(mine).as(line).isEqualTo(jackson);
    // Its line ends where Jackson finds nothing after the object (on one line, no line ends).
    assertThat(bytes.lineEnd() >= 0).as(line).isEqualTo(nothingAfter);
    if (bytes.lineEnd() >= 0) {
      assertThat(bytes.lineEnd()).isEqualTo(b.length);
    }
    return true;
  }

  private static JsonToken nextOrFail(JsonParser p) {
    try {
      return p.nextToken();
    } catch (java.io.IOException e) {
      return JsonToken.NOT_AVAILABLE;
    }
  }

  @Test
  void readsEveryLineTheWriterMakesAsJacksonDoes() throws Exception {
    List<String> lines = generatedLines();
    long seed = 0;
    for (String line : lines) {
      assertThat(check(line, seed++)).as(line).isTrue();
      assertThat(check(line + " \t", seed++)).as(line).isTrue();
    }
    assertThat(lines).hasSizeGreaterThan(50);
  }

  @Test
  void edgesOfTheSubsetAreJacksonsOrGivenUp() throws Exception {
    String[] read = {
      "{}", "{ }", "{\t\"a\" :\t1 }", "{\"a\":0}", "{\"a\":123456789012345678}",
      "{\"a\":[]}", "{\"a\":[ ]}", "{\"a\":[1, 2 ,3]}", "{\"a\":{}}", "{\"a\":[{},[],\"x\"]}",
      "{\"a\":true,\"b\":false,\"c\":null}", "{\"a\":\"\"}", "{\"\":1}", "{\"a\":\" ~!#\"}",
      "{\"name\":\"x\",\"name\":\"y\"}", "{\"a\":[[[[[[[[[[[[1]]]]]]]]]]]]}",
      // Characters of two, three and four bytes, at the edges of each length and of the
      // surrogates' range, in values and keys.
      "{\"a\":\"\u00e9\"}", "{\"a\":\"\u0080\u07ff\u0800\ud7ff\ue000\uffff\"}",
      "{\"a\":\"Intel\u00ae \u4e2d\u20ac\"}", "{\"a\":\"\ud83d\ude00\udbff\udfff\"}",
      "{\"\u00e9\":1}", "{\"name\":\"\u00e9\",\"bdf\":\"x\"}"
    };
    for (String s : read) {
      assertThat(check(s, 1)).as(s).isTrue();
      assertThat(check(s, 2)).as(s).isTrue();
    }
    // Outside the subset (given up, whether Jackson reads them or not): a sign, fraction or
    // exponent, a leading zero, 19 digits, escapes, controls, DEL, multi-byte characters,
    // literals run on, trailing commas, missing colons, nesting past 16, unclosed objects.
    String[] givenUp = {
      "{\"a\":-1}", "{\"a\":1.0}", "{\"a\":1e5}", "{\"a\":01}", "{\"a\":1234567890123456789}",
      "{\"a\":\"\\n\"}", "{\"a\\u0062\":1}", "{\"a\":\"\t\"}", "{\"a\":\"\u007f\"}",
      "{\"a\":truex}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":[1,]}",
      "{\"a\":1,}", "{,\"a\":1}", "{\"a\" 1}", "{\"a\":}", "{\"a\":[1 2]}", "{\"a\":1 \"b\":2}",
      "{\"a\":[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]}", "{\"a\":1", "{\"a\":\"x", "{\"a\":[",
      "{'a':1}", "{a:1}", "{\"a\":NaN}", "{\"a\":+1}", "{\"a\":\"x\"\"y\"}", "{\"a\":1}}",
      "{\"a\":1}x", "{\"a\":1}\u000b", "{\"a\":1}{}"
    };
    for (String s : givenUp) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      ByteTokens bytes = new ByteTokens();
      bytes.start(b, 0, b.length);
      List<String> mine = drive(bytes, 3);
      boolean whole = !mine.get(mine.size() - 1).equals("gave up") && bytes.lineEnd() >= 0;
      assertThat(whole).as(s).isFalse();
    }
  }

  /**
   * Malformed UTF-8 is given up, whatever Jackson makes of it: overlong forms, surrogates,
   * past U+10FFFF, a lone or missing continuation byte, bytes that never start a character.
   */
  @Test
  void malformedSequencesAreGivenUp() {
    int[][] bad = {
      {0xc0, 0xaf}, {0xc1, 0xbf}, {0xe0, 0x80, 0x80}, {0xe0, 0x9f, 0xbf}, {0xed, 0xa0, 0x80},
      {0xed, 0xbf, 0xbf}, {0xf0, 0x8f, 0xbf, 0xbf}, {0xf4, 0x90, 0x80, 0x80},
      {0xf5, 0x80, 0x80, 0x80}, {0xff}, {0xfe}, {0x80}, {0xbf}, {0xc3}, {0xe2, 0x82},
      {0xf0, 0x9f, 0x98}, {0xc3, 0x28}, {0xe2, 0x28, 0xa1}, {0xe2, 0x82, 0x28}
    };
    for (int[] seq : bad) {
      // (The last: the line ends within the character.)
      for (String around : new String[] {"{\"a\":\"x%sy\"}", "{\"a\":\"%s\"}", "{\"%s\":1}",
          "{\"a\":\"%s"}) {
        byte[] bytes = utf8With(around, seq);
        ByteTokens t = new ByteTokens();
        t.start(bytes, 0, bytes.length);
        List<String> mine = drive(t, 5);
        assertThat(mine.get(mine.size() - 1)).as(Arrays.toString(seq) + " in " + around)
            .isEqualTo("gave up");
      }
    }
  }

  /** {@code around}'s bytes with the bytes {@code seq} where it says %s. */
  private static byte[] utf8With(String around, int[] seq) {
    String[] parts = around.split("%s", -1);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(parts[0].getBytes(StandardCharsets.UTF_8));
    for (int x : seq) {
      out.write(x);
    }
    out.writeBytes(parts[1].getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** Lines with bytes of multi-byte characters put in at random: Jackson's answers, or none. */
  @Test
  void bytesOfCharactersPutInAtRandomAreJacksonsOrGivenUp() throws Exception {
    List<String> lines = generatedLines();
    Random r = new Random(31);
    int[] bytes = {0x80, 0x9f, 0xa0, 0xbf, 0xc2, 0xc3, 0xa9, 0xdf, 0xe0, 0xe2, 0x82, 0xac, 0xed,
      0xef, 0xf0, 0x9f, 0x98, 0xf4, 0x8f, 0xf5, 0xc0, 0xff};
    int read = 0;
    for (int i = 0; i < 4000; i++) {
      byte[] line = lines.get(r.nextInt(lines.size())).getBytes(StandardCharsets.UTF_8);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      int at = r.nextInt(line.length);
      out.write(line, 0, at);
      for (int n = 1 + r.nextInt(4); n > 0; n--) {
        out.write(bytes[r.nextInt(bytes.length)]);
      }
      out.write(line, at, line.length - at);
      if (check(out.toByteArray(), i)) {
        read++;
      }
    }
    assertThat(read).as("lines still read").isBetween(50, 3999);
  }

  /** Lines changed at random, with every kind of byte the grammar turns on. */
  @Test
  void linesChangedAtRandomAreJacksonsOrGivenUp() throws Exception {
    List<String> lines = generatedLines();
    Random r = new Random(17);
    String alphabet = "{}[]\":, \t\\0159-+.eEtrufalsn\u00e9\u4e2d\u007f\u0001\n";
    int read = 0;
    for (int i = 0; i < 6000; i++) {
      if (check(JsonlReaderTest.changed(lines.get(r.nextInt(lines.size())), r, alphabet), i)) {
        read++;
      }
    }
    assertThat(read).as("changed lines still read").isBetween(500, 5999);
  }
}
