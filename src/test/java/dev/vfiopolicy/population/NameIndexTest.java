package dev.vfiopolicy.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NameIndexTest {
  @Test
  void namesKeepTheirPositionAndComeBackAsTheyWere() {
    NameIndex index = new NameIndex();
    for (int i = 0; i < 1000; i++) {
      assertTrue(index.add("0000:" + i + ".0"));
    }
    assertEquals(1000, index.size());
    for (int i = 0; i < 1000; i++) {
      assertEquals(i, index.find("0000:" + i + ".0"));
      assertEquals("0000:" + i + ".0", index.name(i));
    }
    assertEquals(-1, index.find("0000:1000.0"));
  }

  @Test
  void aNameAddedTwiceIsRefusedWhicheverFormItComesIn() {
    NameIndex index = new NameIndex();
    char[] chars = "xxivhd0yy".toCharArray();
    assertTrue(index.add(chars, 2, 5));
    assertFalse(index.add("ivhd0"));
    assertEquals(0, index.find("ivhd0"));
    assertEquals(0, index.find("ivhd0".toCharArray(), 0, 5));
    assertEquals(1, index.size());
  }

  @Test
  void namesOfOneHashAreTold() {
    // "Aa" and "BB" have the same String.hashCode.
    NameIndex index = new NameIndex();
    assertTrue(index.add("Aa"));
    assertTrue(index.add("BB"));
    assertEquals(0, index.find("Aa"));
    assertEquals(1, index.find("BB"));
    assertEquals("BB", index.name(1));
  }

  @Test
  void clearedItHoldsNothingAndServesTheNextHost() {
    NameIndex index = new NameIndex();
    for (int i = 0; i < 100; i++) {
      index.add("dev" + i);
    }
    index.clear();
    assertEquals(0, index.size());
    for (int i = 0; i < 100; i++) {
      assertEquals(-1, index.find("dev" + i));
    }
    assertTrue(index.add("dev7"));
    assertEquals(0, index.find("dev7"));
    assertEquals("dev7", index.name(0));
    assertTrue(index.add(""));
    assertEquals(1, index.find(""));
    assertEquals("", index.name(1));
  }
}
