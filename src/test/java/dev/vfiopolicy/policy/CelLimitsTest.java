package dev.vfiopolicy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationResult;
import dev.cel.common.exceptions.CelIterationLimitExceededException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The limits of {@link CelLimits} in process, each at its boundary: just under is accepted, just
 * over is refused with its message. Claims' compiler is stood in for by one with the same options
 * and macros and a few typed variables ({@code xs}, {@code ys} lists of ints, {@code s} a string,
 * {@code d} a dyn), its result type dyn so that {@link CelLimits#check} sees every type.
 */
class CelLimitsTest {
  private static final CelCompiler LOOPS =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setOptions(CelConditions.options())
          .setStandardMacros(CelStandardMacro.ALL, CelStandardMacro.EXISTS)
          .addVar("xs", ListType.create(SimpleType.INT))
          .addVar("ys", ListType.create(SimpleType.INT))
          .addVar("s", SimpleType.STRING)
          .addVar("d", SimpleType.DYN)
          .setResultType(SimpleType.DYN)
          .build();

  /** The interpreter claims use. */
  private static final CelRuntime INTERPRETER =
      CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(CelConditions.options()).build();

  private static final String DYN_REFUSED =
      "dyn() is not allowed: it hides the types these files are checked by";

  private static CelAbstractSyntaxTree ast(String expression) throws Exception {
    CelValidationResult r = LOOPS.compile(expression, "test");
    assertThat(r.hasError()).as("%s compiles", expression).isFalse();
    return r.getAst();
  }

  /** The reason the expression is refused as a bool condition, or empty. */
  private static Optional<String> asBool(String expression) throws Exception {
    return CelLimits.check(ast(expression), SimpleType.BOOL);
  }

  /** The reason the expression is refused as a number (a claim's evidence value), or empty. */
  private static Optional<String> asNumber(String expression) throws Exception {
    return CelLimits.check(ast(expression), null);
  }

  /** The first error of compiling with the shared options, or empty. */
  private static Optional<String> parseError(String expression) {
    CelValidationResult r = LOOPS.compile(expression, "test");
    return r.hasError() ? Optional.of(r.getErrors().get(0).getMessage()) : Optional.empty();
  }

  private static String literalList(int size) {
    return IntStream.range(0, size).mapToObj(Integer::toString)
        .collect(Collectors.joining(",", "[", "]"));
  }

  private static String literalMap(int size) {
    return IntStream.range(0, size).mapToObj(i -> i + ":" + i)
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static String tooManyLoops(long n) {
    return "its loops over literal lists run " + n + " times, more than the limit of 10000"
        + " iterations in one evaluation";
  }

  // ---- parse-time limits (CelConditions.options(), values in CelLimits) ----

  @Test
  void anExpressionOf4096CodePointsIsAcceptedAndOf4097Refused() {
    String q4096 = "'" + "a".repeat(4094) + "'";
    assertThat(q4096.codePointCount(0, q4096.length())).isEqualTo(CelLimits.MAX_EXPRESSION_CODE_POINTS);
    assertThat(parseError(q4096)).isEmpty();
    assertThat(parseError("'" + "a".repeat(4095) + "'"))
        .contains("expression code point size exceeds limit: size: 4097, limit 4096");
  }

  @Test
  void theSizeLimitCountsCodePointsNotCharsSoSurrogatePairsCountOnce() {
    String smile = "\uD83D\uDE00";
    String pairs4096 = "'" + smile.repeat(4094) + "'";
    assertThat(pairs4096.length()).isEqualTo(8190);
    assertThat(parseError(pairs4096)).isEmpty();
    assertThat(parseError("'" + smile.repeat(4095) + "'"))
        .contains("expression code point size exceeds limit: size: 4097, limit 4096");
  }

  @Test
  void aPolicyConditionOverTheSizeLimitIsACompileError() {
    String over = "device.vendor == '" + "a".repeat(4096 - 19 + 1) + "'";
    assertThat(over.length()).isEqualTo(4097);
    assertThatThrownBy(() -> CelConditions.compile(over, "p.yaml:1:1: rule 'r'"))
        .isInstanceOf(CelConditions.CompileError.class)
        .hasMessageStartingWith(
            "expression code point size exceeds limit: size: 4097, limit 4096");
  }

  @Test
  void sixtyThreeNestedParenthesesAreAcceptedAndSixtyFourRefused() {
    assertThat(parseError("(".repeat(63) + "1" + ")".repeat(63))).isEmpty();
    assertThat(parseError("(".repeat(64) + "1" + ")".repeat(64)))
        .contains("Expression recursion limit exceeded. limit: 64");
  }

  @Test
  void anExpressionOf2048NodesIsAcceptedAndOf2049Refused() {
    // A list (1 node) of 1023 negations of d (2 nodes each) and one constant: 2048 nodes.
    String n2048 = "[" + "-d,".repeat(1023) + "1]";
    String n2049 = "[" + "-d,".repeat(1023) + "d,1]";
    assertThat(n2049.length()).isLessThan(CelLimits.MAX_EXPRESSION_CODE_POINTS);
    assertThat(parseError(n2048)).isEmpty();
    assertThat(parseError(n2049)).contains("expression node limit (2048) exceeded");
  }

  // ---- the result type ----

  @Test
  void aConditionMustBeBoolAsWritten() throws Exception {
    assertThat(asBool("s == 'a'")).isEmpty();
    assertThat(asBool("1")).contains(
        "its type is int, not bool (a condition must be bool as written: without dyn())");
    assertThat(asBool("d")).contains(
        "its type is dyn, not bool (a condition must be bool as written: without dyn())");
    assertThat(asBool("{'a': true, 'b': 1}['a']")).contains(
        "its type is dyn, not bool (a condition must be bool as written: without dyn())");
  }

  @Test
  void aValueMustBeANumberIntUintDoubleOrAnUntypedValue() throws Exception {
    assertThat(asNumber("1")).isEmpty();
    assertThat(asNumber("1u")).isEmpty();
    assertThat(asNumber("1.5")).isEmpty();
    assertThat(asNumber("{'a': 1, 'b': 'x'}['a']")).isEmpty();
    assertThat(asNumber("'1'"))
        .contains("its type is string, not a number (int, uint or double)");
    assertThat(asNumber("true"))
        .contains("its type is bool, not a number (int, uint or double)");
    assertThat(asNumber("[1]"))
        .contains("its type is list, not a number (int, uint or double)");
  }

  @Test
  void theTypeIsCheckedBeforeTheOperations() throws Exception {
    // Both wrong: the type is named, not dyn().
    assertThat(asNumber("dyn(1) > 0"))
        .contains("its type is bool, not a number (int, uint or double)");
    assertThat(asNumber("dyn(1) + 1")).contains(DYN_REFUSED);
  }

  // ---- refused operations ----

  @Test
  void dynIsRefusedWhereverItIs() throws Exception {
    assertThat(asBool("dyn(1) > 0")).contains(DYN_REFUSED);
    // as the target of a call
    assertThat(asBool("(dyn(1) > 0 ? 'a' : 'b').startsWith('a')")).contains(DYN_REFUSED);
    // as an argument
    assertThat(asBool("size(dyn([1])) > 0")).contains(DYN_REFUSED);
    // in a list, a map's key or value, under a select
    assertThat(asBool("size([dyn(1)]) > 0")).contains(DYN_REFUSED);
    assertThat(asBool("size({dyn('a'): 1}) > 0")).contains(DYN_REFUSED);
    assertThat(asBool("size({'a': 1, 'b': dyn(1)}) > 0")).contains(DYN_REFUSED);
    assertThat(asNumber("{'a': {'b': dyn(1)}}.a.b")).contains(DYN_REFUSED);
    // in a loop's range and in its body
    assertThat(asBool("[dyn(1)].all(x, true)")).contains(DYN_REFUSED);
    assertThat(asBool("xs.all(x, dyn(x) > 0)")).contains(DYN_REFUSED);
  }

  @Test
  void aMapListSelectAndLoopWithoutRefusedOperationsPass() throws Exception {
    assertThat(asBool("(s > 'a' ? 'a' : 'b').startsWith('a')")).isEmpty();
    assertThat(asBool("size([s, 'b']) > 0")).isEmpty();
    assertThat(asBool("size({'a': 1, s: 2}) > 0")).isEmpty();
    assertThat(asNumber("{'a': {'b': 1}}.a.b")).isEmpty();
    assertThat(asBool("xs.all(x, x > 0) && xs.exists(x, x < 0)")).isEmpty();
  }

  @Test
  void comparingWholeMapsListsOrUntypedValuesIsRefused() throws Exception {
    assertThat(asBool("{'a': 1} == {'a': 1}"))
        .contains("it compares whole maps; compare the counts or ids in them");
    assertThat(asBool("xs != [1]"))
        .contains("it compares whole lists; compare the counts or ids in them");
    assertThat(asBool("d == 1"))
        .contains("it compares whole values of mixed type; compare the counts or ids in them");
    // either operand
    assertThat(asBool("1 != d"))
        .contains("it compares whole values of mixed type; compare the counts or ids in them");
    assertThat(asBool("1 == size(xs) && [1] == xs"))
        .contains("it compares whole lists; compare the counts or ids in them");
  }

  @Test
  void comparingCountsAndIdsIsAllowed() throws Exception {
    assertThat(asBool("size(xs) == 1 && s != 'a' && 1u == 1u && 1.0 == 1.0")).isEmpty();
  }

  @Test
  void membershipIsRefusedOnlyForAWholeMapListOrUntypedElement() throws Exception {
    assertThat(asBool("s in ['a', 'b']")).isEmpty();
    assertThat(asBool("1 in xs")).isEmpty();
    assertThat(asBool("1 in d")).isEmpty();
    assertThat(asBool("[1] in [[1]]"))
        .contains("it compares whole lists; compare the counts or ids in them");
    assertThat(asBool("{'a': 1} in [{'a': 1}]"))
        .contains("it compares whole maps; compare the counts or ids in them");
    assertThat(asBool("d in [1]"))
        .contains("it compares whole values of mixed type; compare the counts or ids in them");
  }

  @Test
  void joiningListsIsRefusedAnywhere() throws Exception {
    assertThat(asBool("size(xs + xs) > 0"))
        .contains("it joins lists, whose cost grows with each join");
    // an untyped join may be a list join
    assertThat(asNumber("d + d")).contains("it joins lists, whose cost grows with each join");
  }

  @Test
  void joiningStringsIsRefusedOnlyInsideALoop() throws Exception {
    assertThat(asBool("size(s + s) > 0")).isEmpty();
    assertThat(asBool("size(b'a' + b'b') > 0")).isEmpty();
    assertThat(asBool("['a'].all(k, size(k + k) > 0)"))
        .contains("it joins strings inside all()/exists(), whose cost grows with each join");
    assertThat(asBool("[b'a'].exists(k, size(k + k) > 0)"))
        .contains("it joins strings inside all()/exists(), whose cost grows with each join");
    // nested under a list, a map and a call inside the loop
    assertThat(asBool("['a'].all(k, size([k + k]) > 0)"))
        .contains("it joins strings inside all()/exists(), whose cost grows with each join");
    assertThat(asBool("['a'].all(k, size({'x': k + 'y'}) > 0)"))
        .contains("it joins strings inside all()/exists(), whose cost grows with each join");
  }

  @Test
  void addingNumbersInsideALoopIsAllowed() throws Exception {
    assertThat(asBool("xs.all(k, k + k > 0 && 1.0 + 2.0 > 0.0)")).isEmpty();
    assertThat(asNumber("d + 1")).isEmpty();
  }

  // ---- matches() ----

  @Test
  void aPatternMustBeAStringLiteral() throws Exception {
    assertThat(asBool("s.matches('^a')")).isEmpty();
    assertThat(asBool("matches(s, '^a')")).isEmpty();
    assertThat(asBool("s.matches(s)"))
        .contains("the pattern of matches() must be a string literal");
    assertThat(asBool("matches('^a', s)"))
        .contains("the pattern of matches() must be a string literal");
    assertThat(asBool("s.matches('^' + 'a')"))
        .contains("the pattern of matches() must be a string literal");
  }

  @Test
  void anInvalidRegexIsRefusedWithRe2jsReason() throws Exception {
    assertThat(asBool("s.matches('(')"))
        .contains("the regex of matches() is not valid: missing closing )");
  }

  @Test
  void theRegexEstimateIsCheckedAtItsLimit() throws Exception {
    assertThat(CelLimits.regexEstimate("a{999}")).isEqualTo(2000);
    assertThat(asBool("s.matches('a{999}')")).isEmpty();
    assertThat(asBool("s.matches('a{999}b')")).contains("the regex of matches() is too large"
        + " (about 2001 instructions, the limit is 2000; nested counted repetitions such as"
        + " (a{100}){100} multiply)");
  }

  @Test
  void re2jsOwnProgramSizeIsCheckedWhenTheEstimatePasses() throws Exception {
    // 1,999 literal characters estimate 1,999 but compile to 2,001 instructions.
    assertThat(CelLimits.regexEstimate("a".repeat(1999))).isEqualTo(1999);
    assertThat(asBool("s.matches('" + "a".repeat(1998) + "')")).isEmpty();
    assertThat(asBool("s.matches('" + "a".repeat(1999) + "')"))
        .contains("the regex of matches() is too large (2001 instructions, the limit is 2000)");
  }

  @Test
  void aRegexInsideALoopOrAnArgumentIsCheckedToo() throws Exception {
    assertThat(asBool("['a'].all(k, k.matches('(a{100}){100}'))"))
        .hasValueSatisfying(m -> assertThat(m).startsWith(
            "the regex of matches() is too large (about 20705 instructions"));
    assertThat(asBool("s.matches('a') && s.matches('[')"))
        .contains("the regex of matches() is not valid: missing closing ]");
  }

  // ---- the regex estimate ----

  @Test
  void eachAtomCountsOneAndAGroupTwoMore() {
    assertThat(CelLimits.regexEstimate("")).isZero();
    assertThat(CelLimits.regexEstimate("abc")).isEqualTo(3);
    assertThat(CelLimits.regexEstimate("(ab)")).isEqualTo(4);
    assertThat(CelLimits.regexEstimate("((a))")).isEqualTo(5);
    assertThat(CelLimits.regexEstimate("(a")).isEqualTo(3);
    assertThat(CelLimits.regexEstimate(".")).isEqualTo(1);
  }

  @Test
  void branchesAddUpWithOneForEachBar() {
    assertThat(CelLimits.regexEstimate("a|b")).isEqualTo(3);
    assertThat(CelLimits.regexEstimate("ab|cd|e")).isEqualTo(7);
    assertThat(CelLimits.regexEstimate("|")).isEqualTo(1);
    assertThat(CelLimits.regexEstimate("(a|bc)d")).isEqualTo(7);
  }

  @Test
  void anUnbalancedClosingParenthesisIsCountedOnAndNotAnEndlessLoop() {
    assertThat(CelLimits.regexEstimate("a)b")).isEqualTo(3);
    assertThat(CelLimits.regexEstimate("a))bc")).isEqualTo(5);
    assertThat(CelLimits.regexEstimate(")")).isEqualTo(1);
  }

  @Test
  void simpleRepetitionsAddTwo() {
    assertThat(CelLimits.regexEstimate("a*")).isEqualTo(3);
    assertThat(CelLimits.regexEstimate("a+")).isEqualTo(3);
    assertThat(CelLimits.regexEstimate("a?")).isEqualTo(3);
    assertThat(CelLimits.regexEstimate("a+?")).isEqualTo(5);
    assertThat(CelLimits.regexEstimate("(ab)*c")).isEqualTo(7);
  }

  @Test
  void aCountedRepetitionMultipliesByItsLargestBoundPlusOne() {
    assertThat(CelLimits.regexEstimate("a{3}")).isEqualTo(8);
    assertThat(CelLimits.regexEstimate("a{2,5}")).isEqualTo(12);
    assertThat(CelLimits.regexEstimate("a{5,2}")).isEqualTo(12);
    assertThat(CelLimits.regexEstimate("a{5,}")).isEqualTo(12);
    assertThat(CelLimits.regexEstimate("a{0}")).isEqualTo(2);
    assertThat(CelLimits.regexEstimate("a{0,}")).isEqualTo(4);
    assertThat(CelLimits.regexEstimate("a{3}{2}")).isEqualTo(27);
    assertThat(CelLimits.regexEstimate("a{3}*")).isEqualTo(10);
    assertThat(CelLimits.regexEstimate("a{999999999}")).isEqualTo(2_000_000_000L);
  }

  @Test
  void nestedCountedRepetitionsMultiply() {
    assertThat(CelLimits.regexEstimate("(a{10}){10}")).isEqualTo(275);
    assertThat(CelLimits.regexEstimate("(a{100}){100}")).isEqualTo(20705);
    assertThat(CelLimits.regexEstimate("((a{1000}){1000}){1000}")).isEqualTo(2_009_015_008L);
  }

  @Test
  void theEstimateIsCappedAtTwoToTheFortieth() {
    long cap = 1L << 40;
    assertThat(CelLimits.regexEstimate("(((a{1000}){1000}){1000}){1000}")).isEqualTo(cap);
    assertThat(CelLimits.regexEstimate("a{999999999}{999999999}")).isEqualTo(cap);
    // each kind of sum stays at the cap
    assertThat(CelLimits.regexEstimate("a{999999999}{999999999}b")).isEqualTo(cap);
    assertThat(CelLimits.regexEstimate("a{999999999}{999999999}|b")).isEqualTo(cap);
    assertThat(CelLimits.regexEstimate("a{999999999}{999999999})b")).isEqualTo(cap);
    assertThat(CelLimits.regexEstimate("(a{999999999}{999999999})")).isEqualTo(cap);
    assertThat(CelLimits.regexEstimate("a{999999999}{999999999}*")).isEqualTo(cap);
  }

  @Test
  void aBraceThatIsNotACountIsLiteral() {
    // "{", ",", "5", "}" are four more atoms
    assertThat(CelLimits.regexEstimate("a{,5}")).isEqualTo(5);
    assertThat(CelLimits.regexEstimate("a{1,2")).isEqualTo(5);
    assertThat(CelLimits.regexEstimate("a{x}")).isEqualTo(4);
    assertThat(CelLimits.regexEstimate("a{1000000000}")).isEqualTo(13);
    assertThat(CelLimits.regexEstimate("a{}")).isEqualTo(3);
  }

  @Test
  void aCharacterClassCountsOne() {
    assertThat(CelLimits.regexEstimate("[abc]")).isEqualTo(1);
    assertThat(CelLimits.regexEstimate("[^abc]d")).isEqualTo(2);
    assertThat(CelLimits.regexEstimate("[]a]b")).isEqualTo(2);
    assertThat(CelLimits.regexEstimate("[^]a]b")).isEqualTo(2);
    assertThat(CelLimits.regexEstimate("[\\]a]b")).isEqualTo(2);
    assertThat(CelLimits.regexEstimate("[[:alpha:]]b")).isEqualTo(2);
    assertThat(CelLimits.regexEstimate("[[:alpha:]x]b")).isEqualTo(2);
    assertThat(CelLimits.regexEstimate("[x[:digit:]]{3}")).isEqualTo(8);
    assertThat(CelLimits.regexEstimate("[(|)]b")).isEqualTo(2);
    assertThat(CelLimits.regexEstimate("[a")).isEqualTo(1);
    assertThat(CelLimits.regexEstimate("[^")).isEqualTo(1);
    assertThat(CelLimits.regexEstimate("[")).isEqualTo(1);
    assertThat(CelLimits.regexEstimate("[[:x]b")).isEqualTo(2);
    // a colon and bracket that do not open a named class do not skip ahead
    assertThat(CelLimits.regexEstimate("[ab:]c]d")).isEqualTo(4);
    // the ":]" is looked for after the "[:", not inside it
    assertThat(CelLimits.regexEstimate("[[:]b")).isEqualTo(2);
  }

  @Test
  void anEscapeCountsOneWithItsBracedArgument() {
    assertThat(CelLimits.regexEstimate("\\d")).isEqualTo(1);
    assertThat(CelLimits.regexEstimate("\\(\\|\\)")).isEqualTo(3);
    assertThat(CelLimits.regexEstimate("\\p{Greek}b")).isEqualTo(2);
    assertThat(CelLimits.regexEstimate("\\P{Greek}b")).isEqualTo(2);
    assertThat(CelLimits.regexEstimate("\\pLb")).isEqualTo(3);
    assertThat(CelLimits.regexEstimate("\\x{41}b")).isEqualTo(2);
    assertThat(CelLimits.regexEstimate("\\x41")).isEqualTo(3);
    assertThat(CelLimits.regexEstimate("\\p{Greek")).isEqualTo(1);
    assertThat(CelLimits.regexEstimate("\\x{41")).isEqualTo(1);
    assertThat(CelLimits.regexEstimate("\\p")).isEqualTo(1);
    assertThat(CelLimits.regexEstimate("\\x")).isEqualTo(1);
    assertThat(CelLimits.regexEstimate("\\")).isEqualTo(1);
    assertThat(CelLimits.regexEstimate("\\q{1}")).isEqualTo(4);
    assertThat(CelLimits.regexEstimate("\\p{L}{3}")).isEqualTo(8);
  }

  // ---- loops over literal lists, when the file loads ----

  @Test
  void nestedLoopsOverLiteralListsAddUpAsTheRuntimeCounts() throws Exception {
    // 100 + 100 * 99 = 10,000: at the limit
    assertThat(asBool(literalList(100) + ".all(a, " + literalList(99) + ".all(b, true))"))
        .isEmpty();
    // 73 + 73 * 136 = 10,001: one over
    assertThat(asBool(literalList(73) + ".all(a, " + literalList(136) + ".all(b, true))"))
        .contains(tooManyLoops(10_001));
  }

  @Test
  void loopsOneAfterTheOtherAddUp() throws Exception {
    String l = literalList(50);
    String nested = l + ".all(a, " + l + ".exists(b, true))";
    // 3 * (50 + 50 * 50) = 7,650
    assertThat(asBool(nested + " && " + nested + " && " + nested)).isEmpty();
    // 4 * 2,550 = 10,200
    assertThat(asBool(nested + " && " + nested + " && " + nested + " || " + nested))
        .contains(tooManyLoops(4 * 2550));
  }

  @Test
  void loopsOverLiteralMapsCountTheirEntries() throws Exception {
    // 100 + 100 * 99 = 10,000
    assertThat(asBool(literalMap(100) + ".all(a, " + literalList(99) + ".all(b, true))"))
        .isEmpty();
    assertThat(asBool(literalMap(100) + ".all(a, " + literalMap(100) + ".all(b, true))"))
        .contains(tooManyLoops(10_100));
  }

  @Test
  void aLoopOverAVariableCountsOnceAsItsSizeIsNotKnown() throws Exception {
    // 1 + 99 + 99 * 100 = 10,000: the variable's loop multiplies nothing
    assertThat(asBool("xs.all(a, " + literalList(99) + ".all(b, " + literalList(100)
        + ".all(c, true)))")).isEmpty();
    assertThat(asBool("xs.all(a, " + literalList(100) + ".all(b, " + literalList(99)
        + ".all(c, true)))")).contains(tooManyLoops(1 + 100 + 9900));
  }

  @Test
  void theLoopsInALoopsRangeAreCountedOnce() throws Exception {
    // 100 + 100 * 98 in the range, then 1 for the range's one element
    assertThat(asBool("[" + literalList(100) + ".all(a, " + literalList(98)
        + ".all(c, true))].all(b, b)")).isEmpty();
    // 100 + 100 * 99 + 1
    assertThat(asBool("[" + literalList(100) + ".all(a, " + literalList(99)
        + ".all(c, true))].all(b, b)")).contains(tooManyLoops(10_001));
  }

  @Test
  void anEmptyLiteralRangeStillCountsTheLoopsInsideItOnce() throws Exception {
    // conservative: the body is counted as if the range had one element
    assertThat(asBool("[].all(x, " + literalList(73) + ".all(a, " + literalList(136)
        + ".all(b, true)))")).contains(tooManyLoops(10_001));
    assertThat(asBool("[].all(x, " + literalList(100) + ".all(a, " + literalList(99)
        + ".all(b, true)))")).isEmpty();
  }

  @Test
  void deeplyNestedLoopsAreCountedWithoutOverflowAtTheCap() throws Exception {
    String e = "true";
    for (String v : List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")) {
      e = literalList(60) + ".all(" + v + ", " + e + ")";
    }
    assertThat(asBool(e)).contains(tooManyLoops(1L << 40));
  }

  @Test
  void aRefusedOperationIsReportedBeforeTheLoopCount() throws Exception {
    String l = literalList(100);
    assertThat(asBool(l + ".all(a, " + l + ".all(b, dyn(b) > 0))")).contains(DYN_REFUSED);
  }

  // ---- the iteration budget at run time ----

  private static List<Long> longs(int n) {
    return LongStream.range(0, n).boxed().toList();
  }

  private static Object run(CelRuntime runtime, String expression, int xs, int ys)
      throws Exception {
    return runtime.createProgram(ast(expression)).eval(Map.of("xs", longs(xs), "ys", longs(ys)));
  }

  @Test
  @Timeout(60)
  void theInterpreterStopsAtTheIterationBudgetAndDescribeNamesIt() throws Exception {
    String e = "xs.all(a, ys.all(b, true))";
    assertThat(asBool(e)).isEmpty();
    // 100 + 100 * 99 = 10,000 iterations: at the budget
    assertThat(run(INTERPRETER, e, 100, 99)).isEqualTo(true);
    // 73 + 73 * 136 = 10,001
    assertThatThrownBy(() -> run(INTERPRETER, e, 73, 136))
        .isInstanceOf(CelEvaluationException.class)
        .satisfies(x -> assertThat(CelLimits.describe((Exception) x)).isEqualTo(
            "it loops more than 10000 times in one evaluation (the limit of iterations over"
                + " all its all() and exists() together)"));
  }

  @Test
  @Timeout(60)
  void thePlannerStopsAtTheIterationBudgetAndDescribeNamesIt() throws Exception {
    String e = "xs.all(a, ys.all(b, true))";
    assertThat(run(CelConditions.runtime(), e, 100, 99)).isEqualTo(true);
    assertThatThrownBy(() -> run(CelConditions.runtime(), e, 73, 136))
        .isInstanceOf(CelEvaluationException.class)
        .satisfies(x -> assertThat(CelLimits.describe((Exception) x)).isEqualTo(
            "it loops more than 10000 times in one evaluation (the limit of iterations over"
                + " all its all() and exists() together)"));
  }

  @Test
  void describeNamesTheBudgetByMessageOrByCause() {
    String budget = "it loops more than 10000 times in one evaluation (the limit of iterations"
        + " over all its all() and exists() together)";
    assertThat(CelLimits.describe(new Exception("x: Iteration budget exceeded: 10000")))
        .isEqualTo(budget);
    assertThat(CelLimits.describe(new Exception("Iteration limit reached"))).isEqualTo(budget);
    assertThat(CelLimits.describe(new Exception("wrapped",
        new CelIterationLimitExceededException(10_000)))).isEqualTo(budget);
  }

  @Test
  void describeKeepsAnyOtherMessage() throws Exception {
    assertThat(CelLimits.describe(new Exception("division by zero")))
        .isEqualTo("division by zero");
    assertThat(CelLimits.describe(new Exception("other", new IllegalStateException("x"))))
        .isEqualTo("other");
    assertThat(CelLimits.describe(new Exception((String) null))).isEqualTo("null");
    assertThatThrownBy(() -> run(INTERPRETER, "xs.all(a, a / 0 == 0)", 1, 0))
        .isInstanceOf(CelEvaluationException.class)
        .satisfies(x -> assertThat(CelLimits.describe((Exception) x))
            .isEqualTo("evaluation error at test:12: / by zero"));
  }
}
