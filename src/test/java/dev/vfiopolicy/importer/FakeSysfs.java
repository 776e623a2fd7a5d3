package dev.vfiopolicy.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sysfs tree in a temporary folder, laid out as the kernel lays out /sys: real files under
 * {@code devices/}, relative symlinks from {@code bus/pci/devices}, {@code class/iommu},
 * {@code kernel/iommu_groups} and each device's {@code driver} and {@code iommu_group}.
 */
final class FakeSysfs {
  final Path root;
  final Path sys;

  FakeSysfs(Path root) {
    this.root = root;
    this.sys = root.resolve("sys");
    mkdirs(sys.resolve("bus/pci/devices"));
    mkdirs(sys.resolve("kernel/iommu_groups"));
  }

  private Path dev(String bdf) {
    return sys.resolve("devices/pci0000:00/" + bdf);
  }

  FakeSysfs device(String bdf, String vendor, String device, String cls) {
    Path d = dev(bdf);
    mkdirs(d);
    write(d.resolve("vendor"), vendor + "\n");
    write(d.resolve("device"), device + "\n");
    write(d.resolve("class"), cls + "\n");
    link(sys.resolve("bus/pci/devices/" + bdf), d);
    return this;
  }

  FakeSysfs driver(String bdf, String driver) {
    Path drv = sys.resolve("bus/pci/drivers/" + driver);
    mkdirs(drv);
    link(dev(bdf).resolve("driver"), drv);
    return this;
  }

  FakeSysfs group(String bdf, int group) {
    Path g = sys.resolve("kernel/iommu_groups/" + group + "/devices");
    mkdirs(g);
    link(g.resolve(bdf), dev(bdf));
    link(dev(bdf).resolve("iommu_group"), g.getParent());
    return this;
  }

  FakeSysfs config(String bdf, byte[] bytes) {
    try {
      Files.write(dev(bdf).resolve("config"), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** An empty class/iommu: the kernel has the IOMMU class but no unit registered. */
  FakeSysfs iommuClass() {
    mkdirs(sys.resolve("class/iommu"));
    return this;
  }

  FakeSysfs intelUnit(String name, String ecap, String... serves) {
    return unit(name, "intel-iommu/ecap", ecap, serves);
  }

  FakeSysfs amdUnit(String name, String features, String... serves) {
    return unit(name, "amd-iommu/features", features, serves);
  }

  FakeSysfs unit(String name, String file, String content, String... serves) {
    Path u = sys.resolve("devices/virtual/iommu/" + name);
    if (file != null) {
      mkdirs(u.resolve(file).getParent());
      write(u.resolve(file), content + "\n");
    }
    mkdirs(u.resolve("devices"));
    for (String bdf : serves) {
      link(u.resolve("devices/" + bdf), dev(bdf));
    }
    iommuClass();
    link(sys.resolve("class/iommu/" + name), u);
    return this;
  }

  FakeSysfs hostname(String name) {
    mkdirs(root.resolve("proc/sys/kernel"));
    write(root.resolve("proc/sys/kernel/hostname"), name + "\n");
    return this;
  }

  /** 256 bytes of config space with a PCI Express capability whose DevCtl has NoSnoop as given. */
  static byte[] pcieConfig(String vendor, String device, boolean noSnoop) {
    byte[] c = new byte[256];
    int v = Integer.parseInt(vendor.substring(2), 16);
    int d = Integer.parseInt(device.substring(2), 16);
    c[0] = (byte) v;
    c[1] = (byte) (v >> 8);
    c[2] = (byte) d;
    c[3] = (byte) (d >> 8);
    c[6] = 0x10; // capability list
    c[0x34] = 0x40;
    c[0x40] = 0x10; // PCI Express
    c[0x41] = 0x00;
    c[0x48] = 0x10;
    c[0x49] = (byte) (noSnoop ? 0x08 : 0x00);
    return c;
  }

  private static void link(Path link, Path target) {
    try {
      mkdirs(link.getParent());
      Files.createSymbolicLink(link, link.getParent().relativize(target));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void mkdirs(Path p) {
    try {
      Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path p, String s) {
    try {
      Files.writeString(p, s, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
