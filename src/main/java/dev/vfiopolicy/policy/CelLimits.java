package dev.vfiopolicy.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import java.util.Locale;
import java.util.Optional;

/**
 * What an expression may cost, in one place: policy and claim files are passed around a mailing
 * list, so they are untrusted input. Parse-time limits (size, depth, node count) and the runtime's
 * iteration and regex budgets are in {@link CelConditions#options()}; {@link #check} rejects, when
 * the file loads, what those budgets would only catch late or not at all: a regex whose program
 * would be built before its size is checked (RE2J expands {@code (a{1000}){1000}} first), a
 * pattern that is not a literal, loops over literal lists that must exceed the iteration budget,
 * and a result whose type is only known at run time ({@code dyn(...)}).
 */
public final class CelLimits {
  /** Code points in one expression. */
  public static final int MAX_EXPRESSION_CODE_POINTS = 4096;
  /** Nesting of the parser's recursion. */
  public static final int MAX_PARSE_DEPTH = 64;
  /** Nodes of one parsed expression. */
  public static final int MAX_NODES = 2048;
  /** Loop iterations of one evaluation, over all its comprehensions together. */
  public static final int MAX_ITERATIONS = 10_000;
  /** Estimated instructions of one regex program (RE2J's own count is checked too). */
  public static final int MAX_REGEX_PROGRAM = 2000;

  private CelLimits() {}

  /**
   * Checks a compiled expression against the limits; empty when it passes, else the reason, a
   * sentence to follow "condition ...: ".
   *
   * @param expected the type the expression must have exactly (bool), or null for a number
   */
  public static Optional<String> check(CelAbstractSyntaxTree ast, CelType expected) {
    CelType type = ast.getResultType();
    if (expected != null && !type.equals(expected)) {
      return Optional.of("its type is " + typeName(type) + ", not " + typeName(expected)
          + " (a condition must be bool as written: without dyn())");
    }
    if (expected == null && !isNumeric(type)) {
      return Optional.of("its type is " + typeName(type) + ", not a number (int, uint or double)");
    }
    long[] iterations = new long[1];
    Optional<String> bad = walk(ast, ast.getExpr(), 1, iterations, false);
    if (bad.isEmpty() && iterations[0] > MAX_ITERATIONS) {
      return Optional.of("its loops over literal lists run " + iterations[0] + " times, more"
          + " than the limit of " + MAX_ITERATIONS + " iterations in one evaluation");
    }
    return bad;
  }

  /** An evaluation error's message, the budget named when one was exceeded. */
  public static String describe(Exception e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("Iteration budget exceeded") || m.contains("Iteration limit")
        || e.getCause() instanceof dev.cel.common.exceptions.CelIterationLimitExceededException) {
      return "it loops more than " + MAX_ITERATIONS + " times in one evaluation (the limit of"
          + " iterations over all its all() and exists() together)";
    }
    return m;
  }

  private static boolean isNumeric(CelType type) {
    String n = type.name().toLowerCase(Locale.ROOT);
    return n.equals("int") || n.equals("uint") || n.equals("double") || n.equals("dyn");
  }

  private static String typeName(CelType type) {
    return type.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Visits every node; {@code loops} is the product of the sizes of the literal lists the
   * enclosing comprehensions range over, {@code iterations} adds up the iterations these loops
   * make (as the runtime counts them: every comprehension's, nested ones included).
   */
  private static Optional<String> walk(
      CelAbstractSyntaxTree ast, CelExpr e, long loops, long[] iterations, boolean inLoop) {
    switch (e.getKind()) {
      case CALL -> {
        var call = e.call();
        Optional<String> costly = costly(ast, e, inLoop);
        if (costly.isPresent()) {
          return costly;
        }
        if (call.function().equals("matches")) {
          CelExpr pattern = call.args().get(call.args().size() - 1);
          if (pattern.getKind() != CelExpr.ExprKind.Kind.CONSTANT
              || pattern.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
            return Optional.of("the pattern of matches() must be a string literal");
          }
          Optional<String> bad = regex(pattern.constant().stringValue());
          if (bad.isPresent()) {
            return bad;
          }
        }
        if (call.target().isPresent()) {
          Optional<String> r = walk(ast, call.target().get(), loops, iterations, inLoop);
          if (r.isPresent()) {
            return r;
          }
        }
        for (CelExpr a : call.args()) {
          Optional<String> r = walk(ast, a, loops, iterations, inLoop);
          if (r.isPresent()) {
            return r;
          }
        }
        return Optional.empty();
      }
      case COMPREHENSION -> {
        var c = e.comprehension();
        long inner = loops;
        CelExpr range = c.iterRange();
        if (range.getKind() == CelExpr.ExprKind.Kind.LIST) {
          inner = loops * range.list().elements().size();
        } else if (range.getKind() == CelExpr.ExprKind.Kind.MAP) {
          inner = loops * range.map().entries().size();
        }
        iterations[0] = Math.min(1L << 40, iterations[0] + inner);
        inner = Math.max(1, Math.min(inner, 1L << 40));
        for (CelExpr x : new CelExpr[] {range, c.accuInit()}) {
          Optional<String> r = walk(ast, x, loops, iterations, inLoop);
          if (r.isPresent()) {
            return r;
          }
        }
        for (CelExpr x : new CelExpr[] {c.loopCondition(), c.loopStep(), c.result()}) {
          Optional<String> r = walk(ast, x, inner, iterations, true);
          if (r.isPresent()) {
            return r;
          }
        }
        return Optional.empty();
      }
      case LIST -> {
        for (CelExpr x : e.list().elements()) {
          Optional<String> r = walk(ast, x, loops, iterations, inLoop);
          if (r.isPresent()) {
            return r;
          }
        }
        return Optional.empty();
      }
      case MAP -> {
        for (var entry : e.map().entries()) {
          Optional<String> r = walk(ast, entry.key(), loops, iterations, inLoop)
              .or(() -> walk(ast, entry.value(), loops, iterations, inLoop));
          if (r.isPresent()) {
            return r;
          }
        }
        return Optional.empty();
      }
      case SELECT -> {
        return walk(ast, e.select().operand(), loops, iterations, inLoop);
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  /**
   * Operations whose cost grows with the size of a whole map, list or string rather than with the
   * expression: comparing or searching for whole maps and lists (a claim could compare
   * {@code by_kind == by_kind} in each of its 10,000 iterations), joining lists, joining strings
   * in a loop, and {@code dyn()}, which hides such types from these checks. Counts are compared
   * as numbers, ids as strings; nothing a claim or policy needs is refused.
   */
  private static Optional<String> costly(CelAbstractSyntaxTree ast, CelExpr e, boolean inLoop) {
    var call = e.call();
    String f = call.function();
    if (f.equals("dyn")) {
      return Optional.of("dyn() is not allowed: it hides the types these files are checked by");
    }
    if (f.equals("_==_") || f.equals("_!=_") || f.equals("@in")) {
      for (CelExpr operand : f.equals("@in") ? call.args().subList(0, 1) : call.args()) {
        CelKind k = kind(ast, operand);
        if (k == CelKind.MAP || k == CelKind.LIST || k == CelKind.DYN || k == CelKind.ANY) {
          return Optional.of("it compares whole " + (k == CelKind.MAP ? "maps" : k == CelKind.LIST
              ? "lists" : "values of mixed type") + "; compare the counts or ids in them");
        }
      }
    }
    if (f.equals("_+_")) {
      CelKind k = kind(ast, e);
      if (k == CelKind.LIST || k == CelKind.DYN || k == CelKind.ANY
          || (inLoop && (k == CelKind.STRING || k == CelKind.BYTES))) {
        return Optional.of("it joins " + (k == CelKind.STRING || k == CelKind.BYTES
            ? "strings inside all()/exists()" : "lists") + ", whose cost grows with each join");
      }
    }
    return Optional.empty();
  }

  private static CelKind kind(CelAbstractSyntaxTree ast, CelExpr e) {
    return ast.getType(e.id()).map(CelType::kind).orElse(CelKind.DYN);
  }

  /**
   * An upper estimate of the RE2 program a pattern compiles to, computed without building it:
   * each atom counts one, a group the sum of its branches, and a counted repetition
   * {@code x{n,m}} (max(n, m) + 1) times x plus one. Nested repetitions multiply, which is what
   * makes {@code ((a{1000}){1000}){1000}} a billion instructions.
   */
  static long regexEstimate(String re) {
    RegexScanner scanner = new RegexScanner(re);
    long total = scanner.alternation();
    while (scanner.i < re.length()) {
      scanner.i++;
      total = RegexScanner.cap(total + 1 + scanner.alternation());
    }
    return total;
  }

  private static Optional<String> regex(String re) {
    long estimate = regexEstimate(re);
    if (estimate > MAX_REGEX_PROGRAM) {
      return Optional.of("the regex of matches() is too large (about " + estimate
          + " instructions, the limit is " + MAX_REGEX_PROGRAM + "; nested counted repetitions"
          + " such as (a{100}){100} multiply)");
    }
    try {
      com.google.re2j.Pattern p = com.google.re2j.Pattern.compile(re);
      if (p.programSize() > MAX_REGEX_PROGRAM) {
        return Optional.of("the regex of matches() is too large (" + p.programSize()
            + " instructions, the limit is " + MAX_REGEX_PROGRAM + ")");
      }
    } catch (com.google.re2j.PatternSyntaxException ex) {
      return Optional.of("the regex of matches() is not valid: " + ex.getDescription());
    }
    return Optional.empty();
  }

  /** A recursive-descent walk over RE2 syntax that only counts. Never rejects: RE2J does. */
  private static final class RegexScanner {
    private static final long CAP = 1L << 40;
    private final String s;
    private int i;

    RegexScanner(String s) {
      this.s = s;
    }

    long alternation() {
      long sum = sequence();
      while (i < s.length() && s.charAt(i) == '|') {
        i++;
        sum = cap(sum + 1 + sequence());
      }
      return sum;
    }

    private long sequence() {
      long sum = 0;
      while (i < s.length() && s.charAt(i) != '|' && s.charAt(i) != ')') {
        long atom = atom();
        sum = cap(sum + repeat(atom));
      }
      return sum;
    }

    private long atom() {
      char c = s.charAt(i++);
      switch (c) {
        case '(' -> {
          long inner = alternation();
          if (i < s.length() && s.charAt(i) == ')') {
            i++;
          }
          return cap(inner + 2);
        }
        case '[' -> {
          if (i < s.length() && s.charAt(i) == '^') {
            i++;
          }
          if (i < s.length() && s.charAt(i) == ']') {
            i++;
          }
          while (i < s.length() && s.charAt(i) != ']') {
            if (s.charAt(i) == '\\') {
              i++;
            } else if (s.startsWith("[:", i)) {
              int end = s.indexOf(":]", i + 2);
              if (end > 0) {
                i = end + 1;
              }
            }
            i++;
          }
          i++;
          return 1;
        }
        case '\\' -> {
          if (i < s.length()) {
            char e = s.charAt(i++);
            if ((e == 'p' || e == 'P') && i < s.length() && s.charAt(i) == '{') {
              int end = s.indexOf('}', i);
              i = end < 0 ? s.length() : end + 1;
            } else if (e == 'x' && i < s.length() && s.charAt(i) == '{') {
              int end = s.indexOf('}', i);
              i = end < 0 ? s.length() : end + 1;
            }
          }
          return 1;
        }
        default -> {
          return 1;
        }
      }
    }

    private long repeat(long atom) {
      long total = atom;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '*' || c == '+' || c == '?') {
          i++;
          total = cap(total + 2);
        } else if (c == '{') {
          int end = s.indexOf('}', i);
          String body = end < 0 ? "" : s.substring(i + 1, end);
          if (!body.matches("\\d{1,9}(,\\d{0,9})?")) {
            return total;
          }
          i = end + 1;
          long max = 0;
          for (String part : body.split(",", -1)) {
            max = Math.max(max, part.isEmpty() ? 1 : Long.parseLong(part));
          }
          total = cap((max + 1) * (total + 1));
        } else {
          return total;
        }
      }
      return total;
    }

    private static long cap(long v) {
      return Math.min(v, CAP);
    }
  }
}
