package dev.vfiopolicy.yaml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import dev.vfiopolicy.InputException;
import java.io.IOException;

/**
 * Bounds the values of one item of a streamed list (a host of a population file) while it is
 * parsed, before its tree is built: one host with 200,000 devices would otherwise exhaust the
 * heap before any check on its devices could run. The bound is a number of values, about 28 per
 * device, well above the devices-per-host limit the population reader then applies.
 */
final class ItemBudget extends JsonParserDelegate {
  static final String PROPERTY = "vfio-policy.max-host-values";
  static final long MAX = budget();

  private final String file;
  private long used;
  private int itemLine;

  ItemBudget(JsonParser p, String file) {
    super(p);
    this.file = file;
  }

  private static long budget() {
    String v = System.getProperty(PROPERTY);
    try {
      return v == null ? 450_000 : Math.max(1, Long.parseLong(v.strip()));
    } catch (NumberFormatException e) {
      throw new InputException("-D" + PROPERTY + ": expected a whole number, found '" + v + "'");
    }
  }

  /** The next item starts at the current token. */
  void startItem() {
    used = 0;
    itemLine = delegate.currentTokenLocation().getLineNr();
  }

  @Override
  public JsonToken nextToken() throws IOException {
    JsonToken t = delegate.nextToken();
    if (++used > MAX) {
      throw InputException.at(file, itemLine, 0, "the item that starts here has more than "
          + MAX + " values (a host of more than about " + (MAX / 28) + " devices); if it is a"
          + " real machine, raise the limit with JAVA_OPTS=-D" + PROPERTY + "=N");
    }
    return t;
  }
}
