package dev.vfiopolicy;

import dev.vfiopolicy.app.Library;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.population.PopulationReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Shared test fixtures: the bundled library (loaded once) and fixture populations. */
public final class Fixtures {
  private static Library library;

  private Fixtures() {}

  public static synchronized Library library() {
    if (library == null) {
      library = Library.bundled();
    }
    return library;
  }

  public static List<Host> hosts(String resource) {
    List<Host> hosts = new ArrayList<>();
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + resource);
      }
      PopulationReader.read(in, resource, hosts::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return hosts;
  }
}
