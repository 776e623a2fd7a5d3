package dev.vfiopolicy.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Printable}: what is escaped, how, and that clean text comes back as it was. */
class PrintableTest {
  private static final String ESC = "\u001b";

  @Test
  void cleanTextIsReturnedAsTheSameInstance() {
    String plain = "Intel Corporation UHD Graphics 630 [8086:3e92] ~ \u00a0\u00ff\u0100";
    assertThat(Printable.field(plain)).isSameAs(plain);
    assertThat(Printable.lines(plain)).isSameAs(plain);
    assertThat(Printable.colouredLines(plain)).isSameAs(plain);
    String empty = "";
    assertThat(Printable.field(empty)).isSameAs(empty);
  }

  @Test
  void nullStaysNull() {
    assertThat(Printable.field(null)).isNull();
    assertThat(Printable.lines(null)).isNull();
    assertThat(Printable.colouredLines(null)).isNull();
  }

  @Test
  void surrogatePairsAreKept() {
    String s = "GPU \uD83D\uDE00 \uD835\uDC00 ok";
    assertThat(Printable.field(s)).isSameAs(s);
    assertThat(Printable.field(s + "\u001b")).isEqualTo(s + "\\x1b");
    assertThat(Printable.field("\u001b" + s)).isEqualTo("\\x1b" + s);
  }

  @Test
  void escStartsNoSequence() {
    assertThat(Printable.field(ESC + "[31mred" + ESC + "[0m"))
        .isEqualTo("\\x1b[31mred\\x1b[0m");
    assertThat(Printable.lines("a" + ESC + "[2Jb")).isEqualTo("a\\x1b[2Jb");
  }

  @Test
  void anOscSequenceIsShownWithItsBell() {
    assertThat(Printable.field(ESC + "]0;owned\u0007title"))
        .isEqualTo("\\x1b]0;owned\\x07title");
    assertThat(Printable.field(ESC + "]8;;http://x/" + ESC + "\\link"))
        .isEqualTo("\\x1b]8;;http://x/\\x1b\\link");
  }

  @Test
  void c0ControlsAreEscapedAndSpaceIsNot() {
    assertThat(Printable.field("\u0000a\u0001\u001f b"))
        .isEqualTo("\\x00a\\x01\\x1f b");
  }

  @Test
  void delAndC1ControlsAreEscapedAndTheirNeighboursAreNot() {
    assertThat(Printable.field("~\u007f\u0080\u009b\u009f\u00a0"))
        .isEqualTo("~\\x7f\\x80\\x9b\\x9f\u00a0");
  }

  @Test
  void tabCarriageReturnAndNewlineHaveTheirShortForms() {
    assertThat(Printable.field("a\tb\rc\nd")).isEqualTo("a\\tb\\rc\\nd");
    assertThat(Printable.lines("a\tb\rc\nd")).isEqualTo("a\\tb\\rc\nd");
    assertThat(Printable.colouredLines("a\tb\rc\nd")).isEqualTo("a\\tb\\rc\nd");
  }

  @Test
  void linesKeepsNewlinesOnly() {
    String twoLines = "one\ntwo\n";
    assertThat(Printable.lines(twoLines)).isSameAs(twoLines);
    assertThat(Printable.colouredLines(twoLines)).isSameAs(twoLines);
    assertThat(Printable.field(twoLines)).isEqualTo("one\\ntwo\\n");
    assertThat(Printable.lines("one\ntwo" + ESC + "x\n")).isEqualTo("one\ntwo\\x1bx\n");
  }

  @Test
  void bidirectionalControlsAndLineSeparatorsAreEscapedAsUnicode() {
    assertThat(Printable.field("\u202a\u202b\u202c\u202d\u202e"))
        .isEqualTo("\\u202a\\u202b\\u202c\\u202d\\u202e");
    assertThat(Printable.field("\u2066\u2067\u2068\u2069"))
        .isEqualTo("\\u2066\\u2067\\u2068\\u2069");
    assertThat(Printable.field("\u2028\u2029\u200e\u200f\u061c"))
        .isEqualTo("\\u2028\\u2029\\u200e\\u200f\\u061c");
    assertThat(Printable.lines("a\u2028b")).isEqualTo("a\\u2028b");
  }

  @Test
  void theNeighboursOfTheBidiRangesAreKept() {
    String s = "\u0619\u061b\u061d\u200d\u2010\u2027\u2029x\u202f\u2065\u206a";
    assertThat(Printable.field(s))
        .isEqualTo("\u0619\u061b\u061d\u200d\u2010\u2027\\u2029x\u202f\u2065\u206a");
    String kept = "\u061b\u061d\u200d\u2027\u2065\u202f\u206a\u2030";
    assertThat(Printable.field(kept)).isSameAs(kept);
  }

  @Test
  void colouredLinesKeepsPlainSgrSequences() {
    String red = ESC + "[1;31mred" + ESC + "[0m" + ESC + "[m\n";
    assertThat(Printable.colouredLines(red)).isEqualTo(red);
    assertThat(Printable.lines(red)).isEqualTo("\\x1b[1;31mred\\x1b[0m\\x1b[m\n");
  }

  @Test
  void colouredLinesEscapesEveryOtherEscapeSequence() {
    assertThat(Printable.colouredLines(ESC + "[2J" + ESC + "]0;t\u0007" + ESC + "[31m"))
        .isEqualTo("\\x1b[2J\\x1b]0;t\\x07" + ESC + "[31m");
    assertThat(Printable.colouredLines(ESC + "(B" + ESC + "[1;2H"))
        .isEqualTo("\\x1b(B\\x1b[1;2H");
    assertThat(Printable.colouredLines("a\tb" + ESC + "[0m")).isEqualTo("a\\tb" + ESC + "[0m");
  }

  @Test
  void anUnfinishedSgrSequenceIsEscaped() {
    assertThat(Printable.colouredLines("x" + ESC)).isEqualTo("x\\x1b");
    assertThat(Printable.colouredLines("x" + ESC + "[")).isEqualTo("x\\x1b[");
    assertThat(Printable.colouredLines("x" + ESC + "[3")).isEqualTo("x\\x1b[3");
    assertThat(Printable.colouredLines(ESC + "[31")).isEqualTo("\\x1b[31");
    assertThat(Printable.colouredLines(ESC + "m")).isEqualTo("\\x1bm");
    assertThat(Printable.colouredLines(ESC + "[m")).isEqualTo(ESC + "[m");
  }

  @Test
  void anSgrSequenceOfMoreThanTenParameterCharactersIsEscaped() {
    String ten = ESC + "[" + "1;".repeat(5) + "m";
    assertThat(Printable.colouredLines(ten)).isEqualTo(ten);
    String eleven = ESC + "[" + "1;".repeat(5) + "1m";
    assertThat(Printable.colouredLines(eleven)).isEqualTo("\\x1b[1;1;1;1;1;1m");
  }

  @Test
  void anSgrSequenceIsKeptWhereverItIsAndTheTextAfterItIsStillChecked() {
    assertThat(Printable.colouredLines("a" + ESC + "[1mb" + ESC + "[0mc\u0007"))
        .isEqualTo("a" + ESC + "[1mb" + ESC + "[0mc\\x07");
    assertThat(Printable.colouredLines("\u0007" + ESC + "[1m" + ESC + "[0m"))
        .isEqualTo("\\x07" + ESC + "[1m" + ESC + "[0m");
  }

  // ---- shellWord ----

  @Test
  void aPlainWordIsKeptAsItIs() {
    String w = "reports/a_b-1.2:x@y%z+w=v,u";
    assertThat(Printable.shellWord(w)).isSameAs(w);
  }

  @Test
  void aWordWithShellCharactersIsSingleQuoted() {
    assertThat(Printable.shellWord("a*b")).isEqualTo("'a*b'");
    assertThat(Printable.shellWord("$HOME;rm")).isEqualTo("'$HOME;rm'");
    assertThat(Printable.shellWord("")).isEqualTo("''");
    assertThat(Printable.shellWord("caf\u00e9")).isEqualTo("'caf\u00e9'");
  }

  @Test
  void aWordWithASpaceQuoteBackslashOrControlIsDollarQuoted() {
    assertThat(Printable.shellWord("my file")).isEqualTo("$'my\\x20file'");
    assertThat(Printable.shellWord(" lead")).isEqualTo("$'\\x20lead'");
    assertThat(Printable.shellWord("it's")).isEqualTo("$'it\\'s'");
    assertThat(Printable.shellWord("a\\b")).isEqualTo("$'a\\\\b'");
    assertThat(Printable.shellWord("a\nb")).isEqualTo("$'a\\x0ab'");
    assertThat(Printable.shellWord("a\tb" + ESC)).isEqualTo("$'a\\x09b\\x1b'");
    assertThat(Printable.shellWord("\u009b\u007f")).isEqualTo("$'\\x9b\\x7f'");
    assertThat(Printable.shellWord("x\u202ey")).isEqualTo("$'x\\u202ey'");
    assertThat(Printable.shellWord("'")).isEqualTo("$'\\''");
    assertThat(Printable.shellWord("a b*c\u00e9")).isEqualTo("$'a\\x20b*c\u00e9'");
  }
}
