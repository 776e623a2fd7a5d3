package dev.vfiopolicy.app;

import java.util.Optional;

/**
 * The forms a population file has, chosen by its name (a trailing {@code .gz} aside): one rule
 * for the files {@code population generate} writes and the files {@code --population} reads.
 */
enum PopulationFormat {
  YAML,
  JSONL,
  CSV;

  /** What a name may end in; each may be followed by {@code .gz}. */
  static final String EXTENSIONS = ".yaml, .yml, .jsonl or .csv";

  /** The format a file name says, {@code .gz} stripped first; empty for any other name. */
  static Optional<PopulationFormat> byName(String name) {
    String n = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    if (n.endsWith(".yaml") || n.endsWith(".yml")) {
      return Optional.of(YAML);
    }
    if (n.endsWith(".jsonl")) {
      return Optional.of(JSONL);
    }
    if (n.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    return Optional.empty();
  }
}
