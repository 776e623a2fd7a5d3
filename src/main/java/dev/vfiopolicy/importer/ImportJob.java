package dev.vfiopolicy.importer;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.app.OutputFile;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.population.PopulationReader;
import dev.vfiopolicy.population.PopulationWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code population import}: reads one machine from lspci, dmesg and sysfs dumps and writes it
 * as a host of a population file, replacing the file or, with {@code append}, adding to it. The
 * file is written to a temporary and moved into place, so a failure leaves it as it was.
 */
public final class ImportJob {
  private ImportJob() {}

  /** Where pci.ids is looked for when the command line does not say. */
  public static final List<Path> SYSTEM_PCI_IDS = PciIds.SYSTEM_PATHS;

  /**
   * @param sysfs a sysfs tree or a root holding one; null when not given
   * @param arch --arch, or null to infer it
   * @param name --name, or null for the dump's host name or the first input's file name
   * @param pciIds pci.ids candidates, the first existing one is used; empty for none
   */
  public record Request(
      List<Path> lspci,
      List<Path> dmesg,
      Path sysfs,
      String arch,
      String name,
      boolean append,
      Path out,
      List<Path> pciIds) {}

  /**
   * @param hosts hosts in the file after the import
   * @param warnings what was skipped or could not be read; the command prints them
   */
  public record Result(Host host, int hosts, List<String> warnings) {}

  static final String POPULATION_NAME = "imported";
  static final String DESCRIPTION = "Real machines imported by vfio-policy population import"
      + " from lspci, dmesg and sysfs; each host's, unit's and device's source says what was"
      + " read and what was inferred";

  public static Result run(Request req) {
    if (req.lspci().isEmpty() && req.dmesg().isEmpty() && req.sysfs() == null) {
      throw new InputException("population import: give at least one of --lspci, --dmesg,"
          + " --sysfs");
    }
    Path out = req.out();
    OutputFile target = OutputFile.of(out, "-o");
    List<Path> all = new ArrayList<>(req.lspci());
    all.addAll(req.dmesg());
    for (Path in : all) {
      if (sameFile(in, out)) {
        throw new InputException("-o " + out + ": is also an input; write elsewhere");
      }
    }
    checkName(target);
    PciIds ids = PciIds.firstOf(req.pciIds());
    List<String> inputs = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    List<LspciParser.Result> lspci = new ArrayList<>();
    for (Path p : req.lspci()) {
      TextInput in = TextInput.read(p, "lspci");
      lspci.add(LspciParser.parse(in));
      inputs.add("lspci " + in.name());
      paths.add(in.display());
    }
    List<DmesgParser.Facts> dmesg = new ArrayList<>();
    for (Path p : req.dmesg()) {
      TextInput in = TextInput.read(p, "dmesg");
      dmesg.add(DmesgParser.parse(in));
      inputs.add("dmesg " + in.name());
      paths.add(in.display());
    }
    SysfsReader.Facts sysfs = null;
    if (req.sysfs() != null) {
      if (!Files.isDirectory(req.sysfs())) {
        throw new InputException("--sysfs " + req.sysfs() + ": no such folder");
      }
      sysfs = SysfsReader.read(req.sysfs());
      inputs.add(sysfs.label());
      paths.add("--sysfs " + req.sysfs());
    }
    HostAssembler.Imported imported = HostAssembler.assemble(lspci, dmesg, sysfs,
        new HostAssembler.Options(req.name(), req.arch(), defaultName(req), ids, inputs, paths));
    Host host = imported.host();
    int hosts = write(req, target, host);
    return new Result(host, hosts, imported.warnings());
  }

  /** The first input's file name without its extensions: "laptop" for laptop.lspci.txt.gz. */
  static String defaultName(Request req) {
    Path first = !req.lspci().isEmpty() ? req.lspci().get(0)
        : !req.dmesg().isEmpty() ? req.dmesg().get(0) : req.sysfs().toAbsolutePath().normalize();
    String n = first.getFileName() == null ? "localhost" : first.getFileName().toString();
    n = n.replaceFirst("\\.gz$", "").replaceFirst("\\.(txt|log|out)$", "");
    return n.isEmpty() ? "localhost" : n;
  }

  /**
   * The importer writes YAML, plain: its files are meant to be read and edited, and
   * {@code --append} reads them back.
   */
  private static void checkName(OutputFile target) {
    String name = target.formatName();
    if (target.gzip()) {
      throw new InputException("-o " + target.given() + ": population files are written as"
          + " plain YAML; give a name such as host.yaml");
    }
    if (!name.endsWith(".yaml") && !name.endsWith(".yml")) {
      throw new InputException("-o " + target.given() + ": population import writes YAML; give"
          + " a name ending in .yaml or .yml");
    }
  }

  private static int write(Request req, OutputFile target, Host host) {
    Path out = req.out();
    if (!req.append()) {
      target.write(w -> new PopulationWriter(w, POPULATION_NAME, DESCRIPTION).host(host));
      return 1;
    }
    // Concurrent appends wait for each other: each reads the file the previous one wrote.
    OutputFile.Lock lock = target.lockForUpdate();
    try {
      if (!Files.exists(out)) {
        target.write(w -> new PopulationWriter(w, POPULATION_NAME, DESCRIPTION).host(host));
        return 1;
      }
      // Read once for the header and the names, then copy host by host behind the new one's
      // check, so a file of any size is never held whole.
      Set<String> names = new HashSet<>();
      PopulationReader.Header header = read(out, h -> names.add(h.name()));
      if (names.contains(host.name())) {
        throw new InputException("--append: " + out + " already has a host '" + host.name()
            + "'; give another --name");
      }
      target.write(w -> {
        PopulationWriter pw = new PopulationWriter(w, header.name(), header.description());
        read(out, pw::host);
        pw.host(host);
      });
      return names.size() + 1;
    } finally {
      lock.close();
    }
  }

  private static PopulationReader.Header read(Path file, java.util.function.Consumer<Host> to) {
    try (InputStream in = Files.newInputStream(file)) {
      return PopulationReader.read(in, file.toString(), to);
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such file");
    } catch (IOException e) {
      throw new InputException(file + ": cannot read: " + e.getMessage());
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
