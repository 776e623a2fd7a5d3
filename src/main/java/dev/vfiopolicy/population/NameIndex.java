package dev.vfiopolicy.population;

import java.util.Arrays;

/**
 * Names to their position in the order added, for one host at a time: the JSON Lines reader's
 * units, device ids and VM names. Reused host after host, and cleared in time proportional to
 * what it holds, not to the largest host met (a HashMap per host was much of the reader's
 * garbage; a HashMap kept and cleared would cost its largest capacity on every host).
 */
final class NameIndex {
  private String[] names = new String[16];
  /** Open addressing: position + 1 of the name in each slot, 0 for none. */
  private int[] slots = new int[32];
  private int size;

  int size() {
    return size;
  }

  String name(int position) {
    return names[position];
  }

  /** The position of {@code name}, or -1. */
  int find(String name) {
    int mask = slots.length - 1;
    for (int s = hash(name) & mask; ; s = (s + 1) & mask) {
      int p = slots[s] - 1;
      if (p < 0) {
        return -1;
      }
      if (names[p].equals(name)) {
        return p;
      }
    }
  }

  /** The position of the name in c[off, off + len), or -1; no String made. */
  int find(char[] c, int off, int len) {
    int h = 0;
    for (int i = off; i < off + len; i++) {
      h = 31 * h + c[i];
    }
    int mask = slots.length - 1;
    for (int s = spread(h) & mask; ; s = (s + 1) & mask) {
      int p = slots[s] - 1;
      if (p < 0) {
        return -1;
      }
      if (JsonlHost.same(names[p], c, off, len)) {
        return p;
      }
    }
  }

  /** Adds {@code name} at the next position; false (and nothing added) when it is already in. */
  boolean add(String name) {
    if (find(name) >= 0) {
      return false;
    }
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      slots = new int[size * 4];
      for (int p = 0; p < size; p++) {
        place(p);
      }
    }
    names[size] = name;
    place(size);
    size++;
    return true;
  }

  private void place(int position) {
    int mask = slots.length - 1;
    int s = hash(names[position]) & mask;
    while (slots[s] != 0) {
      s = (s + 1) & mask;
    }
    slots[s] = position + 1;
  }

  void clear() {
    int mask = slots.length - 1;
    for (int p = 0; p < size; p++) {
      int s = hash(names[p]) & mask;
      while (slots[s] != 0) {
        slots[s] = 0;
        s = (s + 1) & mask;
      }
      names[p] = null;
    }
    size = 0;
  }

  /** String.hashCode, spread: {@link #find(char[], int, int)} computes the same from chars. */
  private static int hash(String name) {
    return spread(name.hashCode());
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }
}
