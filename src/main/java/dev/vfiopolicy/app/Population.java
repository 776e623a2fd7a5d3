package dev.vfiopolicy.app;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.population.FleetReaders;
import dev.vfiopolicy.population.Generator;
import dev.vfiopolicy.population.PopulationReader;
import dev.vfiopolicy.population.Preset;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Where hosts come from: a preset drawn with a seed, or a population file. Hosts are streamed,
 * and can be streamed again (the generator is deterministic, the file is re-read).
 */
public sealed interface Population permits Population.Generated, Population.FromFile {
  /** What reports call the population. */
  String label();

  String description();

  void forEachHost(Consumer<Host> out);

  /** The way the command line names it, for the "reproduce" line. */
  String argument();

  /** Hosts it will give, or -1 when not known before reading. */
  long size();

  record Generated(Preset preset, Generator generator, long hosts, long seed)
      implements Population {
    public String label() {
      return preset.id();
    }

    public String description() {
      return preset.title();
    }

    public void forEachHost(Consumer<Host> out) {
      generator.generate(hosts, out);
    }

    public String argument() {
      return preset.id();
    }

    public long size() {
      return hosts;
    }
  }

  record FromFile(Path file) implements Population {
    public String label() {
      return file.getFileName().toString();
    }

    public String description() {
      return "population file " + file;
    }

    public void forEachHost(Consumer<Host> out) {
      String name = file.getFileName().toString().replaceFirst("\\.gz$", "");
      try (InputStream in = Inputs.open(file)) {
        if (name.endsWith(".jsonl")) {
          FleetReaders.jsonl(in, file.toString(), out);
        } else if (name.endsWith(".csv")) {
          FleetReaders.csv(in, file.toString(), out);
        } else {
          PopulationReader.read(in, file.toString(), out);
        }
      } catch (NoSuchFileException e) {
        throw new InputException(file + ": no such file");
      } catch (IOException e) {
        throw new InputException(file + ": cannot read: " + e.getMessage());
      }
    }

    public String argument() {
      return file.toString();
    }

    public long size() {
      return -1;
    }
  }

  /** A preset by id or a file by path; {@code option} names the option in messages. */
  static Population of(Library lib, String spec, long hosts, long seed, String option) {
    Preset preset = lib.presets().get(spec);
    if (preset != null) {
      return new Generated(preset, new Generator(preset, lib.presets(), seed), hosts, seed);
    }
    if (Library.isFile(spec)) {
      return new FromFile(Path.of(spec));
    }
    throw new InputException(option + ": '" + spec + "' is neither a preset nor a file;"
        + " presets: " + String.join(", ", lib.presets().keySet())
        + Names.suggestion(spec, lib.presets().keySet()));
  }
}
