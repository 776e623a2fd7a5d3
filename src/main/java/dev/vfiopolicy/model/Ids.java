package dev.vfiopolicy.model;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Lookup of enum constants by their file spelling; the error lists the accepted spellings. */
public final class Ids {
  private Ids() {}

  public static <E extends Enum<E>> E lookup(Class<E> type, String id, Function<E, String> idOf) {
    for (E e : type.getEnumConstants()) {
      if (idOf.apply(e).equals(id)) {
        return e;
      }
    }
    throw new IllegalArgumentException("expected one of: " + spellings(type, idOf));
  }

  public static <E extends Enum<E>> String spellings(Class<E> type, Function<E, String> idOf) {
    return Arrays.stream(type.getEnumConstants()).map(idOf).collect(Collectors.joining(", "));
  }
}
