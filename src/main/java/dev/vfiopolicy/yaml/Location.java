package dev.vfiopolicy.yaml;

import dev.vfiopolicy.InputException;

/** Where a YAML node starts: file name as the user gave it, 1-based line and column. */
public record Location(String file, int line, int column) {
  public InputException error(String message) {
    return InputException.at(file, line, column, message);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
