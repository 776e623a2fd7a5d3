package dev.vfiopolicy.cli;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.importer.ImportJob;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.Printable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code population import}: one real machine from lspci, dmesg and sysfs, into a population. */
@Command(
    name = "import",
    description = {
      "Imports one real machine into a population file (YAML) from lspci and dmesg dumps"
          + " (.gz accepted) and a sysfs tree ('--sysfs /' reads this machine).",
      "Each host, IOMMU unit and device gets a source field saying what was read and what was"
          + " inferred."
    })
final class ImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin StandardOptions standard;

  @Option(names = "--lspci", paramLabel = "FILE",
      description = "lspci, lspci -nn or lspci -vvv[nn][xxx] output; repeatable.")
  List<Path> lspci = new ArrayList<>();

  @Option(names = "--dmesg", paramLabel = "FILE",
      description = "Kernel log (dmesg, journalctl -k); repeatable.")
  List<Path> dmesg = new ArrayList<>();

  @Option(names = "--sysfs", paramLabel = "DIR",
      description = "A sysfs tree (/sys) or a root holding one (/).")
  Path sysfs;

  @Option(names = "--arch", paramLabel = "A",
      description = "x86_64, aarch64, s390x or ppc64le (default: inferred).")
  String arch;

  @Option(names = "--name", paramLabel = "NAME",
      description = "Host name (default: the dump's host name, else the first input's file"
          + " name).")
  String name;

  @Option(names = "--append",
      description = "Add the host to FILE instead of replacing it; host names must be unique.")
  boolean append;

  @Option(names = "--pci-ids", paramLabel = "FILE",
      description = "pci.ids to name devices from (default: /usr/share/misc/pci.ids or"
          + " /usr/share/hwdata/pci.ids when present).")
  Path pciIds;

  @Option(names = "--no-pci-ids",
      description = "Keep the names the dumps print; do not read pci.ids.")
  boolean noPciIds;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
      description = "Population file to write.")
  Path out;

  /** Exactly what is wrong with a --pci-ids that is not a file: missing, a folder, a device. */
  static void checkPciIds(Path file) {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException | SecurityException e) {
      throw new InputException("--pci-ids " + file + ": no such file");
    }
    if (a.isDirectory()) {
      throw new InputException("--pci-ids " + file + ": is a folder; expected a pci.ids file");
    }
    if (!a.isRegularFile()) {
      throw new InputException("--pci-ids " + file + ": is a device, FIFO or socket, not a"
          + " file; expected a pci.ids file such as /usr/share/misc/pci.ids");
    }
  }

  @Override
  public Integer call() {
    if (lspci.isEmpty() && dmesg.isEmpty() && sysfs == null) {
      throw new ParameterException(spec.commandLine(),
          "give at least one of --lspci FILE, --dmesg FILE, --sysfs DIR");
    }
    if (pciIds != null && noPciIds) {
      throw new ParameterException(spec.commandLine(),
          "--pci-ids and --no-pci-ids exclude each other");
    }
    if (pciIds != null) {
      checkPciIds(pciIds);
    }
    List<Path> ids = noPciIds ? List.of() : pciIds != null ? List.of(pciIds)
        : ImportJob.SYSTEM_PCI_IDS;
    ImportJob.Result r = ImportJob.run(
        new ImportJob.Request(lspci, dmesg, sysfs, arch, name, append, out, ids));
    for (String w : r.warnings()) {
      spec.commandLine().getErr().println("vfio-policy: warning: " + Printable.lines(w));
    }
    Host h = r.host();
    long igd = h.devices().stream().filter(d -> d.noSnoop()).count();
    spec.commandLine().getOut().printf("%s host '%s' (%s): %d devices, %d IOMMU units%s -> %s"
            + " (%d host%s)%n",
        append ? "added" : "wrote", Printable.field(h.name()), h.arch().id(),
        h.devices().size(), h.iommus().size(), igd > 0 ? ", Intel integrated graphics" : "",
        Printable.field(out.toString()), r.hosts(),
        r.hosts() == 1 ? "" : "s");
    return ExitCode.OK;
  }
}
