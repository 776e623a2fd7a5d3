package dev.vfiopolicy.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NameIndexTest {
  // The reader adds and finds names as the parser's characters; these take them from Strings.
  private static boolean add(NameIndex index, String name) {
    return index.add(name.toCharArray(), 0, name.length());
  }

  private static int find(NameIndex index, String name) {
    return index.find(name.toCharArray(), 0, name.length());
  }

  @Test
  void namesKeepTheirPositionAndComeBackAsTheyWere() {
    NameIndex index = new NameIndex();
    for (int i = 0; i < 1000; i++) {
      assertTrue(add(index, "0000:" + i + ".0"));
    }
    assertEquals(1000, index.size());
    for (int i = 0; i < 1000; i++) {
      assertEquals(i, find(index, "0000:" + i + ".0"));
      assertEquals("0000:" + i + ".0", index.name(i));
    }
    assertEquals(-1, find(index, "0000:1000.0"));
  }

  @Test
  void aNameAddedTwiceIsRefusedWhereverItsCharactersStand() {
    NameIndex index = new NameIndex();
    char[] chars = "xxivhd0yy".toCharArray();
    assertTrue(index.add(chars, 2, 5));
    assertFalse(add(index, "ivhd0"));
    assertEquals(0, find(index, "ivhd0"));
    assertEquals(0, index.find("xxivhd0".toCharArray(), 2, 5));
    assertEquals(1, index.size());
  }

  @Test
  void namesOfOneHashAreTold() {
    // "Aa" and "BB" have the same String.hashCode.
    NameIndex index = new NameIndex();
    assertTrue(add(index, "Aa"));
    assertTrue(add(index, "BB"));
    assertEquals(0, find(index, "Aa"));
    assertEquals(1, find(index, "BB"));
    assertEquals("BB", index.name(1));
  }

  @Test
  void clearedItHoldsNothingAndServesTheNextHost() {
    NameIndex index = new NameIndex();
    for (int i = 0; i < 100; i++) {
      add(index, "dev" + i);
    }
    index.clear();
    assertEquals(0, index.size());
    for (int i = 0; i < 100; i++) {
      assertEquals(-1, find(index, "dev" + i));
    }
    assertTrue(add(index, "dev7"));
    assertEquals(0, find(index, "dev7"));
    assertEquals("dev7", index.name(0));
    assertTrue(add(index, ""));
    assertEquals(1, find(index, ""));
    assertEquals("", index.name(1));
  }
}
