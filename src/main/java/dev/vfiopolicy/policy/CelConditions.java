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
import dev.vfiopolicy.model.Profile;
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
  /** A variable: its CEL name and type, how to read it from a profile, and what it means. */
  public record Var(String name, CelType type, Function<Profile, Object> read, String doc) {
    /** The CEL type's name, for listings ("string", "bool"). */
    public String typeName() {
      return type.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static final List<Var> VARIABLES =
      List.of(
          new Var("host.arch", SimpleType.STRING, p -> p.arch().id(),
              "x86_64, aarch64, s390x or ppc64le"),
          new Var("device.bus", SimpleType.STRING, p -> p.bus().id(),
              "pci, platform, fsl-mc, mdev, ccw or ap"),
          new Var("device.class", SimpleType.STRING, p -> p.deviceClass().id(),
              "gpu-integrated, gpu-discrete, nic, nvme, storage, usb, audio, accelerator, bridge,"
                  + " other"),
          new Var("device.vendor", SimpleType.STRING, Profile::vendor,
              "4-hex-digit PCI vendor id, lower case"),
          new Var("device.no_snoop", SimpleType.BOOL, Profile::noSnoop,
              "the device actually issues no-snoop DMA"),
          new Var("device.nosnoop_enabled", SimpleType.BOOL, Profile::nosnoopEnabled,
              "PCIe DevCtl Enable No Snoop (lspci NoSnoop+): permitted, not proof of use"),
          new Var("iommu.type", SimpleType.STRING, p -> p.iommuType().id(),
              "intel-vtd, amd-vi, arm-smmu-v3, arm-smmu, s390, spapr-tce, virtio-iommu, none"),
          new Var("iommu.cache_coherency", SimpleType.BOOL, Profile::cacheCoherency,
              "IOMMU_CAP_CACHE_COHERENCY"),
          new Var("iommu.enforce_cache_coherency", SimpleType.BOOL,
              Profile::enforceCacheCoherency,
              "IOMMU_CAP_ENFORCE_CACHE_COHERENCY (VT-d ECAP.SC, AMD-Vi always, SMMUv3 CANWBS)"),
          new Var("iommu.scalable_mode", SimpleType.BOOL, Profile::scalableMode,
              "VT-d scalable mode"),
          new Var("iommu.nesting", SimpleType.BOOL, Profile::nesting, "nested translation"),
          new Var("iommu.dirty_tracking", SimpleType.BOOL, Profile::dirtyTracking,
              "IOMMU dirty tracking"));

  /**
   * Options for every CEL expression the tool reads (policies and claims): bounded size and
   * parse depth. The planner runtime insists on heterogeneous numeric comparisons.
   */
  public static final CelOptions OPTIONS =
      CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .maxExpressionCodePointSize(4096)
          .maxParseRecursionDepth(64)
          .build();

  /** One runtime for all programs: it holds no state between evaluations. */
  public static final CelRuntime RUNTIME =
      CelRuntimeFactory.plannerRuntimeBuilder().setOptions(OPTIONS).build();

  private static final CelCompiler COMPILER = newCompiler();

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
    CelValidationResult result = COMPILER.compile(expression, "condition");
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
      CelRuntime.Program program = RUNTIME.createProgram(ast);
      return new CelCondition(where, program);
    } catch (Exception e) {
      throw new CompileError(String.valueOf(e.getMessage()), 0, 0);
    }
  }

  private static String caret(String expression, int line, int col) {
    List<String> lines = expression.lines().toList();
    if (line < 1 || line > lines.size() || col < 0) {
      return "    " + expression.strip();
    }
    return "    " + lines.get(line - 1) + "\n    " + " ".repeat(col) + "^";
  }

  static Map<String, Object> activation(Profile p) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Var v : VARIABLES) {
      m.put(v.name(), v.read().apply(p));
    }
    return m;
  }

  private record CelCondition(String where, CelRuntime.Program program) implements Condition {
    @Override
    public boolean test(Profile profile) {
      try {
        return (Boolean) program.eval(activation(profile));
      } catch (CelEvaluationException e) {
        throw new InputException(where + ": the condition failed to evaluate: " + e.getMessage());
      }
    }
  }
}
