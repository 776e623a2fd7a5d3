package dev.vfiopolicy.importer;

import dev.vfiopolicy.InputException;

/**
 * Where a fact was read: which kind of input, which file, which line (0 for a sysfs file).
 *
 * @param kind lspci, dmesg or sysfs
 * @param display the path as the user gave it, for error messages
 * @param name the short name cited in {@code source:} fields
 */
record Origin(String kind, String display, String name, int line) {
  static Origin of(String kind, TextInput in, int line) {
    return new Origin(kind, in.display(), in.name(), line);
  }

  /** How source fields cite it: "lspci laptop.txt:12". */
  String cite() {
    return kind + " " + name + (line > 0 ? ":" + line : "");
  }

  InputException error(String message) {
    return InputException.at(display, line, 0, message);
  }
}
