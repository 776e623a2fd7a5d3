package dev.vfiopolicy.population;

import java.util.Arrays;

/**
 * Names to their position in the order added, for one host at a time: the JSON Lines reader's
 * units, device ids and VM names. Reused host after host, and cleared in time proportional to
 * what it holds, not to the largest host met (a HashMap per host was much of the reader's
 * garbage; a HashMap kept and cleared would cost its largest capacity on every host).
 *
 * <p>The names are kept as characters, one after another in one array, and added straight from
 * the parser's characters: a String per device address was a third of a count's garbage, and
 * a count asks for one only where a device or VM is a profile's first sample ({@link #name}).
 */
final class NameIndex {
  private char[] chars = new char[256];
  /** Name p is chars[starts[p], starts[p + 1]). */
  private int[] starts = new int[17];
  /** Each name's hash, so that growing and clearing need not hash again. */
  private int[] hashes = new int[16];
  /** Open addressing: position + 1 of the name in each slot, 0 for none. */
  private int[] slots = new int[32];
  private int size;

  int size() {
    return size;
  }

  /** The name at {@code position}, made as a String on each call. */
  String name(int position) {
    return new String(chars, starts[position], starts[position + 1] - starts[position]);
  }

  /** The position of the name in c[off, off + len), or -1; no String made. */
  int find(char[] c, int off, int len) {
    return find(c, off, len, hash(c, off, len));
  }

  private int find(char[] c, int off, int len, int h) {
    int mask = slots.length - 1;
    for (int s = h & mask; ; s = (s + 1) & mask) {
      int p = slots[s] - 1;
      if (p < 0) {
        return -1;
      }
      if (hashes[p] == h && Arrays.equals(chars, starts[p], starts[p + 1], c, off, off + len)) {
        return p;
      }
    }
  }

  /**
   * Adds the name in c[off, off + len) at the next position; false (and nothing added) when it
   * is already in.
   */
  boolean add(char[] c, int off, int len) {
    int h = hash(c, off, len);
    if (find(c, off, len, h) >= 0) {
      return false;
    }
    if (size == hashes.length) {
      hashes = Arrays.copyOf(hashes, size * 2);
      starts = Arrays.copyOf(starts, size * 2 + 1);
      slots = new int[size * 4];
      for (int p = 0; p < size; p++) {
        place(p);
      }
    }
    int at = starts[size];
    if (at + len > chars.length) {
      chars = Arrays.copyOf(chars, Math.max(at + len, chars.length * 2));
    }
    System.arraycopy(c, off, chars, at, len);
    starts[size + 1] = at + len;
    hashes[size] = h;
    place(size);
    size++;
    return true;
  }

  private void place(int position) {
    int mask = slots.length - 1;
    int s = hashes[position] & mask;
    while (slots[s] != 0) {
      s = (s + 1) & mask;
    }
    slots[s] = position + 1;
  }

  void clear() {
    int mask = slots.length - 1;
    for (int p = 0; p < size; p++) {
      int s = hashes[p] & mask;
      while (slots[s] != 0) {
        slots[s] = 0;
        s = (s + 1) & mask;
      }
    }
    size = 0;
  }

  /** String.hashCode of the characters, spread over the low bits. */
  private static int hash(char[] c, int off, int len) {
    int h = 0;
    for (int i = off; i < off + len; i++) {
      h = 31 * h + c[i];
    }
    return h ^ (h >>> 16);
  }
}
