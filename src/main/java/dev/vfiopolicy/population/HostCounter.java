package dev.vfiopolicy.population;

import dev.vfiopolicy.model.Host;

/**
 * Counts hosts for a report. The JSON Lines reader hands it hosts in the plain form as their
 * {@link HostKeys}, never built, and every other host as read.
 */
public interface HostCounter {
  void add(Host h);

  /** A host as its keys; {@code h} is reused for the next host once this returns. */
  void add(HostKeys h);
}
