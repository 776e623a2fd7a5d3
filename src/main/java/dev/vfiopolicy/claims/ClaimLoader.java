package dev.vfiopolicy.claims;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.vfiopolicy.InputException;
import dev.vfiopolicy.policy.CelConditions;
import dev.vfiopolicy.policy.CelLimits;
import dev.vfiopolicy.yaml.Node;
import dev.vfiopolicy.yaml.Nodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads claim files. Conditions are CEL over {@code counts} (scenario -> policy -> use case ->
 * outcome -> devices), {@code by_kind} (kind of machine -> the same), and the lists
 * {@code scenarios}, {@code policies}, {@code use_cases}, {@code kinds}. The macros all/exists
 * are allowed: they range over those short lists only.
 */
public final class ClaimLoader {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  private static final CelType COUNTS =
      MapType.create(SimpleType.STRING,
          MapType.create(SimpleType.STRING,
              MapType.create(SimpleType.STRING,
                  MapType.create(SimpleType.STRING, SimpleType.INT))));

  private static final CelOptions OPTIONS = CelConditions.options();
  /**
   * The interpreter, not the planner of {@link CelConditions#runtime()}: the planner converts a
   * nested map variable in full on every access (counts[s][p][u][o] walked the whole of counts
   * each time, about a millisecond per access on the default population), the interpreter reads
   * the maps as they are. Same options, same results.
   */
  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

  private ClaimLoader() {}

  private static CelCompiler compiler(CelType result) {
    return CelCompilerFactory.standardCelCompilerBuilder()
        .setOptions(OPTIONS)
        .setStandardMacros(CelStandardMacro.ALL, CelStandardMacro.EXISTS)
        .addVar("counts", COUNTS)
        .addVar("by_kind", MapType.create(SimpleType.STRING, COUNTS))
        .addVar("kinds", ListType.create(SimpleType.STRING))
        .addVar("scenarios", ListType.create(SimpleType.STRING))
        .addVar("policies", ListType.create(SimpleType.STRING))
        .addVar("use_cases", ListType.create(SimpleType.STRING))
        .setResultType(result)
        .build();
  }

  private static final CelCompiler BOOL = compiler(SimpleType.BOOL);
  private static final CelCompiler NUMBER = compiler(SimpleType.DYN);

  public static Claim fromNode(Node root) {
    Nodes c = Nodes.of(root, "claim");
    String id = c.string("id");
    if (!ID.matcher(id).matches()) {
      throw c.node("id").error("claim: 'id' must be lower-case letters, digits and dashes");
    }
    c = c.named("claim '" + id + "'")
        .allowOnly("id", "author", "date", "message_id", "context", "quote", "verified",
            "claim", "kind", "modelling_note", "applies_when", "holds_when", "evidence");
    Claim.Kind kind;
    try {
      kind = Claim.Kind.fromId(c.string("kind"));
    } catch (IllegalArgumentException e) {
      throw c.node("kind").error("claim '" + id + "': 'kind' is '" + c.string("kind") + "'; "
          + e.getMessage());
    }
    if ((kind == Claim.Kind.DEFINITIONAL) != c.has("modelling_note")) {
      throw c.loc().error("claim '" + id + "': a definitional claim names the modelling note"
          + " that makes it true (modelling_note), and only such a claim does");
    }
    String verified = c.string("verified");
    if (!verified.equals("seed") && !verified.equals("brief")) {
      throw c.node("verified").error("claim '" + id + "': 'verified' is seed (the quote is in"
          + " the archived thread) or brief (quoted with its Message-ID only)");
    }
    String holdsWhen = c.string("holds_when");
    CelRuntime.Program holds = compile(BOOL, holdsWhen, c.node("holds_when"), id, "holds_when");
    Claim.Check holdsCheck =
        check(holds, c.node("holds_when").loc() + ": claim '" + id + "'", "holds_when");
    String appliesWhen = c.string("applies_when", null);
    Claim.Check applies = null;
    if (appliesWhen != null) {
      CelRuntime.Program p =
          compile(BOOL, appliesWhen, c.node("applies_when"), id, "applies_when");
      applies = check(p, c.node("applies_when").loc() + ": claim '" + id + "'", "applies_when");
    }
    List<Claim.Evidence> evidence = new ArrayList<>();
    for (Node n : c.list("evidence", List.of())) {
      Nodes e = Nodes.of(n, "claim '" + id + "' evidence").allowOnly("label", "value");
      String expr = e.string("value");
      CelRuntime.Program p = compile(NUMBER, expr, e.node("value"), id, "evidence value");
      String at = e.node("value").loc() + ": claim '" + id + "' evidence";
      evidence.add(new Claim.Evidence(e.string("label"), expr, counts -> {
        Object v = eval(p, counts, at);
        if (v instanceof Number num) {
          return num;
        }
        throw new InputException(at + ": the value is not a number: " + v);
      }));
    }
    return new Claim(id, c.string("author"), c.string("date"), c.string("message_id"),
        c.string("context"), c.string("quote"), verified, c.string("claim"), kind,
        c.string("modelling_note", ""), appliesWhen, applies, holdsWhen,
        holdsCheck, evidence);
  }

  private static CelRuntime.Program compile(
      CelCompiler compiler, String expr, Node node, String id, String what) {
    CelValidationResult r = compiler.compile(expr, what);
    if (r.hasError()) {
      throw node.error("claim '" + id + "': " + what + " does not compile: "
          + r.getErrors().get(0).getMessage());
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = r.getAst();
    } catch (CelValidationException e) {
      throw node.error("claim '" + id + "': " + what + " does not compile: " + e.getMessage());
    }
    var overLimit = CelLimits.check(ast, compiler == BOOL ? SimpleType.BOOL : null);
    if (overLimit.isPresent()) {
      throw node.error("claim '" + id + "': " + what + " is refused: " + overLimit.get());
    }
    try {
      return RUNTIME.createProgram(ast);
    } catch (Exception e) {
      throw node.error("claim '" + id + "': " + what + " does not compile: " + e.getMessage());
    }
  }

  private static Claim.Check check(CelRuntime.Program p, String where, String what) {
    return counts -> {
      if (eval(p, counts, where) instanceof Boolean b) {
        return b;
      }
      throw new InputException(where + ": " + what + " is not bool when evaluated");
    };
  }

  private static Object eval(CelRuntime.Program p, Counts counts, String where) {
    try {
      return p.eval(Map.of(
          "counts", counts.counts(),
          "scenarios", counts.scenarios(),
          "policies", counts.policies(),
          "use_cases", counts.useCases(),
          "by_kind", counts.byKind(),
          "kinds", counts.kinds()));
    } catch (CelEvaluationException e) {
      throw new InputException(where + ": cannot be evaluated on this report: "
          + CelLimits.describe(e));
    }
  }
}
