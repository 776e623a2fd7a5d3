package dev.vfiopolicy.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.Condition;
import dev.vfiopolicy.model.KernelView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * CEL behind the {@link Condition} interface. The variables a policy may read are declared here
 * and nowhere else, typed, so that {@code iommu.type == 1} or a misspelt name fails when the file
 * loads. No macros (no comprehensions) and no custom functions: a condition can neither loop nor
 * reach outside the profile it is given.
 */
public final class CelConditions {
  /** A variable: its CEL name and type, how to read it from a device view, and what it means. */
  public record Var(String name, CelType type, Function<KernelView, Object> read, String doc) {
    /** The CEL type's name, for listings ("string", "bool"). */
    public String typeName() {
      return type.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The device as the scenario's kernel sees it: {@code iommu.cache_coherency},
   * {@code enforce_cache_coherency}, {@code nesting} and {@code dirty_tracking} are what that
   * kernel's IOMMU driver reports of the unit's hardware (catalog/kernels.yaml), not the
   * population file's keys themselves.
   */
  public static final List<Var> VARIABLES =
      List.of(
          new Var("host.arch", SimpleType.STRING, v -> v.profile().arch().id(),
              "x86_64, aarch64, s390x or ppc64le"),
          new Var("device.bus", SimpleType.STRING, v -> v.profile().bus().id(),
              "pci, platform, fsl-mc, mdev, ccw or ap"),
          new Var("device.class", SimpleType.STRING, v -> v.profile().deviceClass().id(),
              "gpu-integrated, gpu-discrete, nic, nvme, storage, usb, audio, accelerator, bridge,"
                  + " other"),
          new Var("device.vendor", SimpleType.STRING, v -> v.profile().vendor(),
              "4-hex-digit PCI vendor id, lower case"),
          new Var("device.no_snoop", SimpleType.BOOL, v -> v.profile().noSnoop(),
              "the device actually issues no-snoop DMA"),
          new Var("device.nosnoop_enabled", SimpleType.BOOL, v -> v.profile().nosnoopEnabled(),
              "PCIe DevCtl Enable No Snoop (lspci NoSnoop+): permitted, not proof of use"),
          new Var("iommu.type", SimpleType.STRING, v -> v.profile().iommuType().id(),
              "intel-vtd, amd-vi, arm-smmu-v3, arm-smmu, s390, spapr-tce, virtio-iommu, none"),
          new Var("iommu.cache_coherency", SimpleType.BOOL, KernelView::cacheCoherency,
              "the kernel reports IOMMU_CAP_CACHE_COHERENCY"),
          new Var("iommu.enforce_cache_coherency", SimpleType.BOOL,
              KernelView::enforceCacheCoherency,
              "the kernel knows the unit blocks no-snoop (ENFORCE_CACHE_COHERENCY from 6.2;"
                  + " VT-d ECAP.SC, or SC or scalable mode before 5.19; AMD-Vi always; SMMUv3"
                  + " CANWBS from 6.13)"),
          new Var("iommu.scalable_mode", SimpleType.BOOL, v -> v.profile().scalableMode(),
              "VT-d scalable mode (hardware)"),
          new Var("iommu.nesting", SimpleType.BOOL, KernelView::nesting,
              "the kernel offers iommufd nesting on the unit"),
          new Var("iommu.dirty_tracking", SimpleType.BOOL, KernelView::dirtyTracking,
              "the kernel offers iommufd dirty tracking on the unit"));

  /**
   * Options for every CEL expression the tool reads (policies and claims): bounded size, parse
   * depth and node count, loop iterations per evaluation and regex programs; the values and the
   * checks made when a file loads are in {@link CelLimits}. The planner runtime insists on
   * heterogeneous numeric comparisons.
   */
  public static final CelOptions OPTIONS =
      CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .maxExpressionCodePointSize(CelLimits.MAX_EXPRESSION_CODE_POINTS)
          .maxParseRecursionDepth(CelLimits.MAX_PARSE_DEPTH)
          .maxParseExpressionNodeCount(CelLimits.MAX_NODES)
          .comprehensionMaxIterations(CelLimits.MAX_ITERATIONS)
          .maxRegexProgramSize(CelLimits.MAX_REGEX_PROGRAM)
          .build();

  /** One runtime for all programs: it holds no state between evaluations. */
  public static final CelRuntime RUNTIME =
      CelRuntimeFactory.plannerRuntimeBuilder().setOptions(OPTIONS).build();

  /** Built when first needed: conditions with a build-time checked AST need no compiler. */
  private static final class Compiler {
    static final CelCompiler INSTANCE = newCompiler();
  }

  private CelConditions() {}

  private static CelCompiler newCompiler() {
    var b = CelCompilerFactory.standardCelCompilerBuilder().setOptions(OPTIONS);
    for (Var v : VARIABLES) {
      b.addVar(v.name(), v.type());
    }
    return b.setResultType(SimpleType.BOOL).build();
  }

  /** Thrown for an expression that does not compile; the message has CEL's caret display. */
  public static final class CompileError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;

    CompileError(String message, int line, int column) {
      super(message, null, false, false);
      this.line = line;
      this.column = column;
    }

    /** 1-based line within the expression, 0 if unknown. */
    public int line() {
      return line;
    }

    /** 1-based column within the expression, 0 if unknown. */
    public int column() {
      return column;
    }
  }

  /**
   * Compiles one condition. {@code where} ("file:line:col: rule 'x'") prefixes the message of an
   * evaluation error, the one failure compile-time checks cannot rule out (e.g. 1/0).
   */
  public static Condition compile(String expression, String where) throws CompileError {
    CelValidationResult result = Compiler.INSTANCE.compile(expression, "condition");
    if (result.hasError()) {
      CelIssue first = result.getErrors().get(0);
      int line = first.getSourceLocation().getLine();
      int col = first.getSourceLocation().getColumn();
      String hint =
          first.getMessage().contains("undeclared reference")
              ? "; variables: "
                  + String.join(", ", VARIABLES.stream().map(Var::name).toList())
              : "";
      throw new CompileError(
          first.getMessage() + hint + "\n" + caret(expression, line, col),
          line,
          col < 0 ? 0 : col + 1);
    }
    try {
      CelAbstractSyntaxTree ast = result.getAst();
      withinLimits(ast, expression);
      CelRuntime.Program program = RUNTIME.createProgram(ast);
      return new CelCondition(where, program);
    } catch (CompileError e) {
      throw e;
    } catch (Exception e) {
      throw new CompileError(String.valueOf(e.getMessage()), 0, 0);
    }
  }

  /** The limits of {@link CelLimits}, as a compile error showing the expression. */
  private static void withinLimits(CelAbstractSyntaxTree ast, String expression)
      throws CompileError {
    var overLimit = CelLimits.check(ast, SimpleType.BOOL);
    if (overLimit.isPresent()) {
      throw new CompileError(overLimit.get() + "\n    " + expression.strip(), 0, 0);
    }
  }

  private static String caret(String expression, int line, int col) {
    List<String> lines = expression.lines().toList();
    if (line < 1 || line > lines.size() || col < 0) {
      return "    " + expression.strip();
    }
    return "    " + lines.get(line - 1) + "\n    " + " ".repeat(col) + "^";
  }

  static Map<String, Object> activation(KernelView p) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Var v : VARIABLES) {
      m.put(v.name(), v.read().apply(p));
    }
    return m;
  }

  private record CelCondition(String where, CelRuntime.Program program) implements Condition {
    @Override
    public boolean test(KernelView device) {
      try {
        if (program.eval(activation(device)) instanceof Boolean b) {
          return b;
        }
        throw new InputException(where + ": the condition is not bool when evaluated");
      } catch (CelEvaluationException e) {
        throw new InputException(where + ": the condition failed to evaluate: "
            + CelLimits.describe(e));
      }
    }
  }

  /**
   * A bundled condition: from its checked AST made at build time ({@link PrecompiledAsts}) when
   * there is one for exactly this text, so neither CEL's parser nor its checker runs; otherwise
   * compiled as any other.
   */
  public static Condition bundled(String expression, String where) throws CompileError {
    byte[] checked = PrecompiledAsts.bundled().get(expression);
    if (checked != null) {
      try {
        CelAbstractSyntaxTree ast = dev.cel.common.CelProtoAbstractSyntaxTree
            .fromCheckedExpr(dev.cel.expr.CheckedExpr.parseFrom(checked)).getAst();
        return new CelCondition(where, RUNTIME.createProgram(ast));
      } catch (Exception e) {
        // A stale or unreadable AST: the compiler gives the answer.
      }
    }
    return compile(expression, where);
  }

  /**
   * The checked AST of an expression, as bytes of a CEL CheckedExpr; for the build. It passes the
   * same limits as a user's condition, so a bundled one loaded from its AST was held to them too.
   */
  static byte[] checkedAst(String expression) throws CompileError {
    CelValidationResult result = Compiler.INSTANCE.compile(expression, "condition");
    if (result.hasError()) {
      compile(expression, "build");
    }
    try {
      withinLimits(result.getAst(), expression);
      return dev.cel.common.CelProtoAbstractSyntaxTree.fromCelAst(result.getAst())
          .toCheckedExpr().toByteArray();
    } catch (dev.cel.common.CelValidationException e) {
      throw new CompileError(String.valueOf(e.getMessage()), 0, 0);
    }
  }
}
