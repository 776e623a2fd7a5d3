package dev.vfiopolicy.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.population.Generator;
import dev.vfiopolicy.population.HostKeys;
import dev.vfiopolicy.population.Preset;
import dev.vfiopolicy.model.Arch;
import dev.vfiopolicy.model.Bus;
import dev.vfiopolicy.model.Device;
import dev.vfiopolicy.model.DeviceClass;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.IommuType;
import dev.vfiopolicy.model.IommuUnit;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.model.Vm;
import dev.vfiopolicy.model.VmProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fast path (profile counter, several threads) counts the same devices and VMs, by kind,
 * with the same samples, as a host-by-host pass over the full generator.
 */
class ScanTest {
  @ParameterizedTest(name = "{0} seed {1} threads {2}")
  @CsvSource({"mixed, 1, 2", "mixed, 20210922, 1", "desktop-intel, 5, 2", "desktop-amd, 6, 2",
      "arm-server, 7, 1", "s390, 8, 2", "server-intel, 9, 2", "server-amd, 11, 2",
      "power, 10, 1"})
  void fastPathEqualsHostByHost(String preset, long seed, int threads) {
    Map<String, Preset> presets = Fixtures.library().presets();
    Generator g = new Generator(presets.get(preset), presets, seed);
    int hosts = 9000;
    Population.Generated pop = new Population.Generated(presets.get(preset), g, hosts, seed);
    Scan fast = Scan.of(pop, threads, done -> {});
    Scan slow = new Scan();
    g.generate(hosts, slow::add);
    assertThat(fast.hosts()).isEqualTo(slow.hosts());
    assertThat(fast.devices()).isEqualTo(slow.devices());
    assertThat(fast.hostsWithNoncoherentIgpu()).isEqualTo(slow.hostsWithNoncoherentIgpu());
    assertThat(fast.hostsByKind()).isEqualTo(slow.hostsByKind());
    assertThat(flatten(fast.devicesByKind())).isEqualTo(flatten(slow.devicesByKind()));
    assertThat(flatten(fast.vmsByKind())).isEqualTo(flatten(slow.vmsByKind()));
    long multi = slow.vmsByKind().values().stream().flatMap(m -> m.keySet().stream())
        .filter(v -> v.members().size() > 1).count();
    if (!preset.equals("power") && !preset.equals("s390")) {
      assertThat(multi).as("VM profiles of several devices").isPositive();
    }
  }

  /**
   * A JSON Lines fleet counts, through the token fast path and several threads, exactly as the
   * same hosts read one by one by the tree reader (the YAML form), and as the hosts the JSON
   * Lines reader builds (explain's and --detail's path): hosts, devices and VMs by kind, with
   * the same first samples. One line in seven gives its units after its devices, which only the
   * tree reader takes, so blocks mix both kinds of line.
   */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"mixed", "desktop-intel",
      "desktop-amd", "server-intel", "server-amd", "arm-server", "s390", "power"})
  void aJsonlFleetCountsAsItsHostsReadOneByOne(String preset,
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    Map<String, Preset> presets = Fixtures.library().presets();
    List<Host> drawn = new ArrayList<>();
    new Generator(presets.get(preset), presets, 17).generate(3000, drawn::add);
    java.io.StringWriter jsonl = new java.io.StringWriter();
    drawn.forEach(dev.vfiopolicy.population.FleetWriters.jsonl(jsonl));
    String[] lines = jsonl.toString().split("\n");
    for (int i = 3; i < lines.length; i += 7) {
      java.util.regex.Matcher units =
          java.util.regex.Pattern.compile(",\"iommus\":\\[[^\\]]*\\]").matcher(lines[i]);
      assertThat(units.find()).isTrue();
      String rest = lines[i].substring(0, units.start()) + lines[i].substring(units.end());
      lines[i] = rest.substring(0, rest.length() - 1) + units.group() + "}";
    }
    java.nio.file.Path f = dir.resolve("fleet.jsonl");
    java.nio.file.Files.writeString(f, String.join("\n", lines) + "\n");
    java.io.StringWriter yaml = new java.io.StringWriter();
    dev.vfiopolicy.population.PopulationWriter w =
        new dev.vfiopolicy.population.PopulationWriter(yaml, "fleet", "");
    drawn.forEach(w::host);
    java.nio.file.Path y = dir.resolve("fleet.yaml");
    java.nio.file.Files.writeString(y, yaml.toString());

    Scan fast = Scan.of(new Population.FromFile(f), 2, done -> {});
    Scan tree = Scan.of(new Population.FromFile(y), 1, done -> {});
    Scan built = new Scan();
    new Population.FromFile(f).forEachHost(built::add);
    for (Scan other : List.of(tree, built)) {
      assertThat(fast.hosts()).isEqualTo(other.hosts()).isEqualTo(3000);
      assertThat(fast.devices()).isEqualTo(other.devices());
      assertThat(fast.hostsWithNoncoherentIgpu()).isEqualTo(other.hostsWithNoncoherentIgpu());
      assertThat(fast.hostsByKind()).containsExactlyEntriesOf(other.hostsByKind());
      assertThat(flatten(fast.devicesByKind())).containsExactlyEntriesOf(
          flatten(other.devicesByKind()));
      assertThat(flatten(fast.vmsByKind())).containsExactlyEntriesOf(flatten(other.vmsByKind()));
    }
  }

  private static <K> Map<String, String> flatten(Map<String, Map<K, Scan.Entry>> byKind) {
    Map<String, String> out = new LinkedHashMap<>();
    byKind.forEach((kind, m) -> m.forEach((k, e) ->
        out.put(kind + " " + k, e.count() + " " + e.host() + " " + e.device())));
    return out;
  }

  /**
   * Hosts added one by one and in merged blocks count as the plain definition does: each
   * device's Profile, each VM of {@link Host#allVms} in name order, first met first. Generated
   * hosts, and odd ones: upper-case and short vendors (no packed key), VMs of several devices
   * listed in either order, a listed VM of one device, a device equal to another.
   */
  @Test
  void packedKeysCountAsProfilesDo() {
    Map<String, Preset> presets = Fixtures.library().presets();
    Generator g = new Generator(presets.get("mixed"), presets, 4);
    List<Host> hosts = new ArrayList<>();
    g.generate(1500, hosts::add);
    IommuUnit vtd = new IommuUnit("dmar0", IommuType.INTEL_VTD, true, false, false, false,
        false, "");
    IommuUnit vtdSc = new IommuUnit("dmar1", IommuType.INTEL_VTD, true, true, true, false,
        false, "");
    Device gpu = new Device("gpu", "0000:01:00.0", Bus.PCI, DeviceClass.GPU_DISCRETE, "10DE",
        vtd, 1, true, false, false, "");
    Device audio = new Device("audio", "0000:01:00.1", Bus.PCI, DeviceClass.AUDIO, "10de",
        vtdSc, 1, false, false, false, "");
    Device nic = new Device("nic", "0000:02:00.0", Bus.PCI, DeviceClass.NIC, "8086", vtdSc, 2,
        false, true, true, "");
    Device odd = new Device("odd", "", Bus.PCI, DeviceClass.NIC, "86", vtdSc, 3, false, false,
        false, "");
    Device twin = new Device("nic", "0000:02:00.0", Bus.PCI, DeviceClass.NIC, "8086", vtdSc, 2,
        false, true, true, "");
    List<IommuUnit> units = List.of(vtd, vtdSc);
    for (int i = 0; i < 3; i++) {
      hosts.add(i, new Host("odd-" + i, Arch.X86_64, units, List.of(gpu, audio, nic, odd),
          List.of(new Vm("z", List.of(audio, gpu)), new Vm("a", List.of(odd))), "lab", ""));
      hosts.add(500 * i + 7, new Host("twin-" + i, Arch.X86_64, units,
          List.of(gpu, audio, nic, odd), List.of(new Vm("b", List.of(gpu, audio)),
              new Vm("m", List.of(twin))), "lab", ""));
    }
    Scan one = new Scan();
    hosts.forEach(one::add);
    Scan blocks = new Scan();
    for (int from = 0; from < hosts.size(); from += 97) {
      blocks.merge(Scan.of(hosts.subList(from, Math.min(hosts.size(), from + 97))));
    }
    Map<String, String> devices = new LinkedHashMap<>();
    Map<String, String> vms = new LinkedHashMap<>();
    Map<String, long[]> counts = new LinkedHashMap<>();
    for (Host h : hosts) {
      for (Device d : h.devices()) {
        tally(devices, counts, h.kind() + " " + Profile.of(h, d), h.name() + " " + d.id());
      }
      List<Vm> all = new ArrayList<>(h.allVms());
      all.sort(Comparator.comparing(Vm::name));
      for (Vm vm : all) {
        tally(vms, counts, h.kind() + " " + VmProfile.of(h, vm), h.name() + " " + vm.name());
      }
    }
    counts.forEach((k, n) -> {
      devices.computeIfPresent(k, (x, sample) -> n[0] + " " + sample);
      vms.computeIfPresent(k, (x, sample) -> n[0] + " " + sample);
    });
    for (Scan s : List.of(one, blocks)) {
      assertThat(flatten(s.devicesByKind())).isEqualTo(devices);
      assertThat(flatten(s.vmsByKind())).isEqualTo(vms);
      assertThat(s.vmsByKind().keySet()).containsExactlyElementsOf(s.hostsByKind().keySet());
    }
  }

  /**
   * The packed key stands for exactly one profile: on devices with every field drawn, two keys
   * are equal when, and only when, the profiles are. A component added to Profile must be
   * packed too; the count below says when one was.
   */
  @Test
  void aPackedKeyIsOneToOneWithTheProfile() {
    assertThat(Profile.class.getRecordComponents()).as("components HostKeys.key packs").hasSize(14);
    java.util.SplittableRandom r = new java.util.SplittableRandom(13);
    String[] vendors = {"8086", "10de", "1002", "abcd"};
    Map<Long, Profile> seen = new java.util.HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      IommuUnit u = new IommuUnit("u", pick(r, IommuType.values()), r.nextBoolean(),
          r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), "");
      IommuUnit other = new IommuUnit("v", IommuType.INTEL_VTD, true, r.nextBoolean(),
          r.nextBoolean(), false, false, "");
      Device d = new Device("d", "0000:01:00.0", pick(r, Bus.values()),
          pick(r, DeviceClass.values()), vendors[r.nextInt(vendors.length)], u, 1,
          r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), "");
      Host h = new Host("h", pick(r, Arch.values()), List.of(u, other), List.of(d), "");
      long key = HostKeys.key(h, d);
      assertThat(key).isNotNegative();
      assertThat(HostKeys.profile(key)).isEqualTo(Profile.of(h, d));
      Profile before = seen.putIfAbsent(key, Profile.of(h, d));
      if (before != null) {
        assertThat(Profile.of(h, d)).isEqualTo(before);
      }
    }
    assertThat(new java.util.HashSet<>(seen.values())).hasSameSizeAs(seen.keySet());
  }

  private static <T> T pick(java.util.SplittableRandom r, T[] values) {
    return values[r.nextInt(values.length)];
  }

  private static void tally(Map<String, String> samples, Map<String, long[]> counts, String key,
      String sample) {
    samples.putIfAbsent(key, sample);
    counts.computeIfAbsent(key, k -> new long[1])[0]++;
  }
}
