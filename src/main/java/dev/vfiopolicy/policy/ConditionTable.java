package dev.vfiopolicy.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelReference;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.vfiopolicy.model.Condition;
import dev.vfiopolicy.model.KernelView;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A condition written out as its value for every combination of the variables it reads, made at
 * build time by evaluating its CEL program on each. It is exact, not a cache of what some
 * population happened to contain: a CEL condition is a pure function of the variables its
 * checked AST refers to, and each of those has a closed domain (an enum of the model, or a bool),
 * so the table covers every device there can be. A condition that reads an open variable
 * ({@code device.vendor}), has more than {@value #MAX_ENTRIES} combinations, or fails or is not
 * bool on one of them, gets no table and stays a CEL program, whose message the user then sees.
 *
 * @param vars the variables read, by name, in the table's order (first varies slowest)
 * @param size the number of combinations: the product of the variables' domain sizes
 * @param bits the value of each combination, bit {@code i} of word {@code i / 64}
 */
record ConditionTable(List<String> vars, int size, long[] bits) {
  /** Bounds the build's work and the resource's size; the bundled conditions need 32 or less. */
  static final int MAX_ENTRIES = 4096;

  /** The table of a checked condition, or empty when it cannot have one (see above). */
  static Optional<ConditionTable> of(CelAbstractSyntaxTree ast, CelRuntime.Program program,
      List<CelConditions.Var> variables) {
    Map<String, CelConditions.Var> byName = new HashMap<>();
    variables.forEach(v -> byName.put(v.name(), v));
    TreeSet<String> names = new TreeSet<>();
    for (CelReference r : ast.getReferenceMap().values()) {
      // Function overloads and constants are references too; identifiers have neither.
      if (r.overloadIds().isEmpty() && r.value().isEmpty()) {
        names.add(r.name());
      }
    }
    List<CelConditions.Var> read = new ArrayList<>();
    long size = 1;
    for (String n : names) {
      CelConditions.Var v = byName.get(n);
      if (v == null || v.domain() == null) {
        return Optional.empty();
      }
      read.add(v);
      size *= v.domain().size();
      if (size > MAX_ENTRIES) {
        return Optional.empty();
      }
    }
    long[] bits = new long[(int) ((size + 63) / 64)];
    Map<String, Object> activation = new HashMap<>();
    for (int i = 0; i < size; i++) {
      int rest = i;
      for (int k = read.size() - 1; k >= 0; k--) {
        List<?> domain = read.get(k).domain();
        activation.put(read.get(k).name(), domain.get(rest % domain.size()));
        rest /= domain.size();
      }
      Object value;
      try {
        value = program.eval(activation);
      } catch (CelEvaluationException e) {
        return Optional.empty();
      }
      if (!(value instanceof Boolean b)) {
        return Optional.empty();
      }
      if (b) {
        bits[i >>> 6] |= 1L << i;
      }
    }
    return Optional.of(new ConditionTable(List.copyOf(names), (int) size, bits));
  }

  /**
   * The table as a condition over the given variables, or null when it does not fit them (a
   * name unknown, a domain of another size): then the caller uses the program. A device whose
   * value lies outside a domain, which the model's enums rule out, is asked of {@code outside}.
   */
  Condition condition(List<CelConditions.Var> variables, Condition outside) {
    CelConditions.Var[] read = new CelConditions.Var[vars.size()];
    int[] sizes = new int[vars.size()];
    long product = 1;
    for (int i = 0; i < read.length; i++) {
      String name = vars.get(i);
      read[i] = variables.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
      if (read[i] == null || read[i].domain() == null) {
        return null;
      }
      sizes[i] = read[i].domain().size();
      product *= sizes[i];
    }
    if (product != size || bits.length != (size + 63) / 64) {
      return null;
    }
    return new Tabled(read, sizes, bits, outside);
  }

  private record Tabled(CelConditions.Var[] read, int[] sizes, long[] bits, Condition outside)
      implements Condition {
    @Override
    public boolean test(KernelView device) {
      int index = 0;
      for (int i = 0; i < read.length; i++) {
        int at = read[i].position(device);
        if (at < 0) {
          return outside.test(device);
        }
        index = index * sizes[i] + at;
      }
      return (bits[index >>> 6] & (1L << index)) != 0;
    }
  }

  void write(DataOutput out) throws IOException {
    out.writeInt(vars.size());
    for (String v : vars) {
      out.writeUTF(v);
    }
    out.writeInt(size);
    for (long w : bits) {
      out.writeLong(w);
    }
  }

  static ConditionTable read(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 64) {
      throw new IOException("bad table");
    }
    List<String> vars = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      vars.add(in.readUTF());
    }
    int size = in.readInt();
    if (size < 1 || size > MAX_ENTRIES) {
      throw new IOException("bad table");
    }
    long[] bits = new long[(size + 63) / 64];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = in.readLong();
    }
    return new ConditionTable(List.copyOf(vars), size, bits);
  }
}
