package dev.vfiopolicy.app;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.population.FleetReaders;
import dev.vfiopolicy.population.Generator;
import dev.vfiopolicy.population.HostCounter;
import dev.vfiopolicy.population.PopulationReader;
import dev.vfiopolicy.population.Preset;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where hosts come from: a preset drawn with a seed, or a population file. Hosts are streamed,
 * and can be streamed again (the generator is deterministic, the file is re-read).
 */
public sealed interface Population permits Population.Generated, Population.FromFile {
  /** What reports call the population. */
  String label();

  String description();

  void forEachHost(Consumer<Host> out);

  /**
   * Hosts counted in blocks: each block by a counter of its own from {@code perBlock}, which may
   * run on several threads at once; the counters reach {@code ordered} in population order, on
   * the calling thread.
   */
  default <C extends HostCounter> void countBlocks(Supplier<C> perBlock, Consumer<C> ordered) {
    var block = new Object() {
      C counter = perBlock.get();
      int hosts;
    };
    forEachHost(h -> {
      block.counter.add(h);
      if (++block.hosts == 256) {
        ordered.accept(block.counter);
        block.counter = perBlock.get();
        block.hosts = 0;
      }
    });
    if (block.hosts > 0) {
      ordered.accept(block.counter);
    }
  }

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

  /**
   * A population file. {@code read} keeps the digest of the file's bytes as they were last read
   * through, so that a report names what it read without reading the file a second time (a
   * pipe or FIFO cannot be read twice at all).
   */
  record FromFile(Path file, ReadDigest read) implements Population {
    public FromFile(Path file) {
      this(file, new ReadDigest());
    }

    /** "sha256:..." of the file: of the bytes read if it was read through, else read now. */
    public String digest() {
      String d = read.value;
      return d != null ? d : Digests.of(file);
    }

    public String label() {
      return file.getFileName().toString();
    }

    public String description() {
      return "population file " + file;
    }

    public void forEachHost(Consumer<Host> out) {
      read(out, null, null);
    }

    @Override
    public <C extends HostCounter> void countBlocks(Supplier<C> perBlock, Consumer<C> ordered) {
      if (format() == PopulationFormat.JSONL || format() == PopulationFormat.CSV) {
        read(null, perBlock, ordered);
      } else {
        Population.super.countBlocks(perBlock, ordered);
      }
    }

    /** By the name, as generate chooses it; any other name is read as YAML. */
    private PopulationFormat format() {
      String name = file.getFileName() == null ? "" : file.getFileName().toString();
      return PopulationFormat.byName(name).orElse(PopulationFormat.YAML);
    }

    private <C extends HostCounter> void read(Consumer<Host> out, Supplier<C> perBlock,
        Consumer<C> ordered) {
      try (BackgroundDigest raw = new BackgroundDigest(Inputs.raw(file));
          InputStream decoded = Inputs.decoded(file, raw)) {
        // The readers close what they read; the rest of the file is still to be digested.
        InputStream in = new java.io.FilterInputStream(decoded) {
          @Override
          public void close() {}
        };
        String f = file.toString();
        switch (format()) {
          case JSONL -> {
            if (out != null) {
              FleetReaders.jsonl(in, f, out);
            } else {
              FleetReaders.jsonl(in, f, perBlock, ordered);
            }
          }
          case CSV -> {
            if (out != null) {
              FleetReaders.csv(in, f, out);
            } else {
              FleetReaders.csv(in, f, perBlock, ordered);
            }
          }
          case YAML -> PopulationReader.read(in, f, out);
        }
        // The rest (a gzip trailer, bytes after the last host the parser had no need to see).
        raw.transferTo(OutputStream.nullOutputStream());
        read.value = raw.finish();
      } catch (NoSuchFileException e) {
        throw new InputException(file + ": no such file");
      } catch (IOException e) {
        throw InputException.unreadable(file.toString(), e);
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

  /** The digest of a file as last read through, or null. */
  final class ReadDigest {
    volatile String value;
  }
}
