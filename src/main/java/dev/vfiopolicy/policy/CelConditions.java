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
import dev.vfiopolicy.model.Arch;
import dev.vfiopolicy.model.Bus;
import dev.vfiopolicy.model.Condition;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.IommuType;
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
  /** The two types a condition's variables have; CEL's own type objects stay in CEL's half. */
  public enum Type {
    STRING,
    BOOL;

    CelType cel() {
      return this == STRING ? SimpleType.STRING : SimpleType.BOOL;
    }
  }

  /**
   * A variable: its CEL name and type, how to read it from a device view, what it means, and
   * every value it can take when that is a short closed list (the model's enums, or false and
   * true), else null ({@code device.vendor}). A condition that reads only variables with such a
   * domain can be written out as a table at build time ({@link ConditionTable}).
   */
  public record Var(String name, Type type, Function<KernelView, Object> read, List<?> domain,
      String doc) {
    /** The type's name, for listings ("string", "bool"). */
    public String typeName() {
      return type.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The position of the device's value in the domain; -1 when outside it. */
    int position(KernelView v) {
      return domain.indexOf(read.apply(v));
    }
  }

  private static final List<Boolean> BOOLS = List.of(false, true);

  private static <E extends Enum<E>> List<String> ids(E[] values, Function<E, String> id) {
    return java.util.Arrays.stream(values).map(id).toList();
  }

  /**
   * The device as the scenario's kernel sees it: {@code iommu.cache_coherency},
   * {@code enforce_cache_coherency}, {@code nesting} and {@code dirty_tracking} are what that
   * kernel's IOMMU driver reports of the unit's hardware (catalog/kernels.yaml), not the
   * population file's keys themselves.
   */
  public static final List<Var> VARIABLES =
      List.of(
          new Var("host.arch", Type.STRING, v -> v.profile().arch().id(),
              ids(Arch.values(), Arch::id), "x86_64, aarch64, s390x or ppc64le"),
          new Var("device.bus", Type.STRING, v -> v.profile().bus().id(),
              ids(Bus.values(), Bus::id), "pci, platform, fsl-mc, mdev, ccw or ap"),
          new Var("device.class", Type.STRING, v -> v.profile().deviceClass().id(),
              ids(DeviceClass.values(), DeviceClass::id),
              "gpu-integrated, gpu-discrete, nic, nvme, storage, usb, audio, accelerator, bridge,"
                  + " other"),
          new Var("device.vendor", Type.STRING, v -> v.profile().vendor(), null,
              "4-hex-digit PCI vendor id, lower case"),
          new Var("device.no_snoop", Type.BOOL, v -> v.profile().noSnoop(), BOOLS,
              "the device actually issues no-snoop DMA"),
          new Var("device.nosnoop_enabled", Type.BOOL, v -> v.profile().nosnoopEnabled(), BOOLS,
              "PCIe DevCtl Enable No Snoop (lspci NoSnoop+): permitted, not proof of use"),
          new Var("iommu.type", Type.STRING, v -> v.profile().iommuType().id(),
              ids(IommuType.values(), IommuType::id),
              "intel-vtd, amd-vi, arm-smmu-v3, arm-smmu, s390, spapr-tce, virtio-iommu, none"),
          new Var("iommu.cache_coherency", Type.BOOL, KernelView::cacheCoherency, BOOLS,
              "the kernel reports IOMMU_CAP_CACHE_COHERENCY"),
          new Var("iommu.enforce_cache_coherency", Type.BOOL,
              KernelView::enforceCacheCoherency, BOOLS,
              "the kernel knows the unit blocks no-snoop (ENFORCE_CACHE_COHERENCY from 6.2;"
                  + " VT-d ECAP.SC, or SC or scalable mode before 5.19; AMD-Vi always; SMMUv3"
                  + " CANWBS from 6.13)"),
          new Var("iommu.scalable_mode", Type.BOOL, v -> v.profile().scalableMode(), BOOLS,
              "VT-d scalable mode (hardware)"),
          new Var("iommu.nesting", Type.BOOL, KernelView::nesting, BOOLS,
              "the kernel offers iommufd nesting on the unit"),
          new Var("iommu.dirty_tracking", Type.BOOL, KernelView::dirtyTracking, BOOLS,
              "the kernel offers iommufd dirty tracking on the unit"));

  /**
   * Options for every CEL expression the tool reads (policies and claims): bounded size, parse
   * depth and node count, loop iterations per evaluation and regex programs; the values and the
   * checks made when a file loads are in {@link CelLimits}. The planner runtime insists on
   * heterogeneous numeric comparisons.
   */
  public static CelOptions options() {
    return Cel.OPTIONS;
  }

  /** One runtime for all programs: it holds no state between evaluations. */
  public static CelRuntime runtime() {
    return Cel.RUNTIME;
  }

  /**
   * CEL's options and runtime, made when a condition first needs CEL: a report whose conditions
   * are all tables ({@link ConditionTable}) never loads CEL's runtime.
   */
  private static final class Cel {
    static final CelOptions OPTIONS =
        CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .maxExpressionCodePointSize(CelLimits.MAX_EXPRESSION_CODE_POINTS)
            .maxParseRecursionDepth(CelLimits.MAX_PARSE_DEPTH)
            .maxParseExpressionNodeCount(CelLimits.MAX_NODES)
            .comprehensionMaxIterations(CelLimits.MAX_ITERATIONS)
            .maxRegexProgramSize(CelLimits.MAX_REGEX_PROGRAM)
            .build();
    static final CelRuntime RUNTIME =
        CelRuntimeFactory.plannerRuntimeBuilder().setOptions(OPTIONS).build();
  }

  /** Built when first needed: conditions with a build-time checked AST need no compiler. */
  private static final class Compiler {
    static final CelCompiler INSTANCE = newCompiler();
  }

  private CelConditions() {}

  private static CelCompiler newCompiler() {
    var b = CelCompilerFactory.standardCelCompilerBuilder().setOptions(options());
    for (Var v : VARIABLES) {
      b.addVar(v.name(), v.type().cel());
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
      CelRuntime.Program program = runtime().createProgram(ast);
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
   * A bundled condition, from what the build made of it ({@link PrecompiledAsts}) when it made
   * something for exactly this text: its table when it has one, so that CEL is not loaded at
   * all; else a program from its checked AST, so that neither CEL's parser nor its checker runs.
   * Any other text (an edited policy) is compiled as any other.
   */
  public static Condition bundled(String expression, String where) throws CompileError {
    return bundled(PrecompiledAsts.bundled().get(expression), expression, where);
  }

  /** {@link #bundled(String, String)} with what the build made of the text, or null. */
  static Condition bundled(PrecompiledAsts.Entry entry, String expression, String where)
      throws CompileError {
    if (entry == null) {
      return compile(expression, where);
    }
    if (entry.table() != null) {
      Condition table = entry.table().condition(VARIABLES,
          new Deferred(() -> fromAst(entry.ast(), expression, where)));
      if (table != null) {
        return table;
      }
    }
    return fromAst(entry.ast(), expression, where);
  }

  private static Condition fromAst(byte[] checked, String expression, String where) {
    try {
      CelAbstractSyntaxTree ast = dev.cel.common.CelProtoAbstractSyntaxTree
          .fromCheckedExpr(dev.cel.expr.CheckedExpr.parseFrom(checked)).getAst();
      return new CelCondition(where, runtime().createProgram(ast));
    } catch (Exception e) {
      // A stale or unreadable AST: the compiler gives the answer.
    }
    try {
      return compile(expression, where);
    } catch (CompileError e) {
      throw new InputException(where + ": the condition does not compile: " + e.getMessage());
    }
  }

  /**
   * A condition made when first tested, once, whatever thread asks first: a bundled policy's
   * conditions (PolicyLoader), and the program behind a table.
   */
  static final class Deferred implements Condition {
    private final java.util.function.Supplier<Condition> make;
    private volatile Condition made;

    Deferred(java.util.function.Supplier<Condition> make) {
      this.make = make;
    }

    @Override
    public boolean test(KernelView device) {
      Condition c = made;
      if (c == null) {
        synchronized (this) {
          c = made;
          if (c == null) {
            c = make.get();
            made = c;
          }
        }
      }
      return c.test(device);
    }
  }

  /**
   * What the build keeps of an expression: its checked AST, as bytes of a CEL CheckedExpr, and
   * its table when it has one ({@link ConditionTable#of}). The expression passes the same limits
   * as a user's condition, so a bundled one loaded from its AST was held to them too.
   */
  static PrecompiledAsts.Entry precompile(String expression) throws CompileError {
    CelValidationResult result = Compiler.INSTANCE.compile(expression, "condition");
    if (result.hasError()) {
      compile(expression, "build");
    }
    try {
      CelAbstractSyntaxTree ast = result.getAst();
      withinLimits(ast, expression);
      byte[] bytes = dev.cel.common.CelProtoAbstractSyntaxTree.fromCelAst(ast)
          .toCheckedExpr().toByteArray();
      return new PrecompiledAsts.Entry(bytes,
          ConditionTable.of(ast, runtime().createProgram(ast), VARIABLES).orElse(null));
    } catch (dev.cel.common.CelValidationException | CelEvaluationException e) {
      throw new CompileError(String.valueOf(e.getMessage()), 0, 0);
    }
  }
}
