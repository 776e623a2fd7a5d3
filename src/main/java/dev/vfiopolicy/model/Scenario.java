package dev.vfiopolicy.model;

import java.util.List;

/**
 * A kernel a report covers: a named build from catalog/scenarios.yaml, or a release given with
 * {@code report --kernel}.
 *
 * @param assumptions Kconfig choices and other premises that are not facts of the release
 * @param named from the catalogue (selected with --scenario), not made for --kernel
 */
public record Scenario(
    String id,
    String title,
    String description,
    Kernel kernel,
    List<String> assumptions,
    String source,
    boolean named) {
  public Scenario {
    assumptions = List.copyOf(assumptions);
  }

  /** The option that selects this scenario again: "--scenario ID" or "--kernel X.Y". */
  public String selector() {
    return named ? "--scenario " + id : "--kernel " + kernel.release();
  }

  /** "rfc-2021 (5.15 + RFC series)": how table headings name the scenario and its kernel. */
  public String heading() {
    return id + ": " + title + " [kernel " + kernel.label() + "]";
  }
}
