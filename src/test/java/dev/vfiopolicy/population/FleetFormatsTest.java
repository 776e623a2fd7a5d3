package dev.vfiopolicy.population;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.InputException;
import dev.vfiopolicy.cli.Main;
import dev.vfiopolicy.model.Host;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON Lines and CSV forms of population files, for fleets exported from inventories. */
class FleetFormatsTest {
  private static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    assertThat(code).as(err.toString()).isZero();
    return out.toString();
  }

  @Test
  void everyFormGivesTheSameReportAsThePreset(@TempDir Path dir) {
    // By device, by VM and by kind: a form that lost the VMs or kinds would change the last two.
    for (String by : List.of("device", "vm", "kind")) {
      String expected = run("report", "--hosts", "150", "--seed", "3", "--format", "csv",
          "--by", by);
      for (String ext : List.of("yaml", "jsonl", "csv")) {
        Path f = dir.resolve("fleet." + ext);
        run("population", "generate", "--preset", "mixed", "--hosts", "150", "--seed", "3",
            "-o", f.toString());
        assertThat(run("report", "--population", f.toString(), "--format", "csv", "--by", by))
            .as(ext + " by " + by).isEqualTo(expected);
      }
    }
  }

  /**
   * Fleets of other presets, of more hosts (several blocks of the JSON Lines and CSV readers,
   * read on several threads): the JSON Lines form, read from tokens, and the CSV form report as
   * the YAML form read host by host by the tree reader.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"desktop-intel", "server-amd",
      "arm-server", "power"})
  void jsonlAndCsvReportAsYamlForOtherPresets(String preset, @TempDir Path dir) {
    Path yaml = dir.resolve("fleet.yaml");
    List<Path> files = List.of(dir.resolve("fleet.jsonl"), dir.resolve("fleet.csv"), yaml);
    for (Path f : files) {
      run("population", "generate", "--preset", preset, "--hosts", "1000", "--seed", "8",
          "-o", f.toString());
    }
    for (String by : List.of("device", "vm", "kind")) {
      String expected = run("report", "--population", yaml.toString(), "--format", "csv",
          "--by", by);
      for (Path f : files.subList(0, 2)) {
        assertThat(run("report", "--population", f.toString(), "--format", "csv", "--by", by))
            .as(f.getFileName() + " of " + preset + " by " + by).isEqualTo(expected);
      }
    }
  }

  @Test
  void csvRoundTripsHostsWithTheirVmsAndKinds() {
    List<Host> drawn = new ArrayList<>();
    new Generator(Fixtures.library().presets().get("mixed"), Fixtures.library().presets(), 9)
        .generate(100, drawn::add);
    assertThat(drawn).anyMatch(h -> h.vms().stream().anyMatch(vm -> vm.devices().size() > 1));
    assertThat(drawn).anyMatch(h -> h.iommus().stream()
        .anyMatch(u -> h.devices().stream().noneMatch(d -> d.iommu().equals(u))));
    StringWriter w = new StringWriter();
    try (dev.vfiopolicy.report.Csv csv =
        new dev.vfiopolicy.report.Csv(w, FleetReaders.CSV_ALL_COLUMNS, false)) {
      drawn.forEach(FleetWriters.csv(csv));
    }
    List<Host> back = new ArrayList<>();
    FleetReaders.csv(in(w.toString()), "f.csv", back::add);
    assertThat(back).hasSameSizeAs(drawn);
    for (int i = 0; i < drawn.size(); i++) {
      Host a = back.get(i);
      Host b = drawn.get(i);
      assertThat(a.name()).isEqualTo(b.name());
      assertThat(a.kind()).as(b.name()).isEqualTo(b.kind());
      // Units no device is behind come first in a CSV; the set is what counts.
      assertThat(a.iommus()).as(b.name()).containsExactlyInAnyOrderElementsOf(b.iommus());
      assertThat(a.devices()).as(b.name()).isEqualTo(b.devices());
      // A CSV orders VMs by their first device's row, the form that lists them by their order.
      assertThat(a.vms()).as(b.name()).containsExactlyInAnyOrderElementsOf(b.vms());
      assertThat(a.allVms()).as(b.name()).containsExactlyInAnyOrderElementsOf(b.allVms());
    }
  }

  @Test
  void csvColumnsForVmsKindsAndTokensAreRead() {
    String head = String.join(",", FleetReaders.CSV_ALL_COLUMNS) + "\n";
    String unit = "h,x86_64,dmar0,intel-vtd,true,false,false,false,false,";
    List<Host> hosts = new ArrayList<>();
    FleetReaders.csv(in(head
        + unit + "igpu,0000:00:02.0,pci,gpu-integrated,8086,0,true,desktop-intel,vm1,,true\n"
        + unit + "nic,0000:03:00.0,pci,nic,8086,1,false,desktop-intel,,true,\n"
        + unit + "audio,0000:00:1f.3,pci,audio,8086,2,false,desktop-intel,vm1,,\n"),
        "f.csv", hosts::add);
    Host h = hosts.get(0);
    assertThat(h.kind()).isEqualTo("desktop-intel");
    assertThat(h.vms()).hasSize(1);
    assertThat(h.vms().get(0).name()).isEqualTo("vm1");
    assertThat(h.vms().get(0).devices()).extracting(d -> d.name())
        .containsExactly("igpu", "audio");
    assertThat(h.allVms()).hasSize(2);
    assertThat(h.devices().get(0).nosnoopEnabled()).isTrue();
    assertThat(h.devices().get(1).vfToken()).isTrue();
    assertThat(h.devices().get(1).nosnoopEnabled()).isFalse();

    assertThatThrownBy(() -> FleetReaders.csv(in(head
        + unit + "a,1,pci,nic,8086,0,false,server-amd,,,\n"
        + unit + "b,2,pci,nic,8086,1,false,desktop-intel,,,\n"), "f.csv", x -> {}))
        .hasMessage("f.csv:3:17: host 'h' changes kind");
    assertThatThrownBy(() -> FleetReaders.csv(in(head
        + unit + "a,1,pci,nic,8086,0,false,Big Box,,,\n"), "f.csv", x -> {}))
        .hasMessageStartingWith("f.csv:2:17: 'kind' must be lower-case letters");
    assertThatThrownBy(() -> FleetReaders.csv(in(head
        + unit + "rp,1,pci,bridge,8086,0,false,,vm1,,\n"), "f.csv", x -> {}))
        .hasMessage("f.csv:2:18: host 'h' vm 'vm1': '1' is a bridge, which is not assigned");
    assertThatThrownBy(() -> FleetReaders.csv(in(head
        + unit + "a,1,pci,nic,8086,0,false,,,maybe,\n"), "f.csv", x -> {}))
        .hasMessage("f.csv:2:19: column 'vf_token' is 'maybe'; expected true or false");
  }

  @Test
  void aCsvOfTheFirstColumnsOnlyStillReads() {
    String head = String.join(",", FleetReaders.CSV_COLUMNS) + "\n";
    List<Host> hosts = new ArrayList<>();
    FleetReaders.csv(in(head
        + "h,x86_64,dmar0,intel-vtd,true,false,false,false,false,a,1,pci,nic,8086,0,false\n"),
        "f.csv", hosts::add);
    assertThat(hosts.get(0).kind()).isEqualTo(Host.UNSPECIFIED);
    assertThat(hosts.get(0).vms()).isEmpty();
  }

  @Test
  void jsonlRoundTripsHosts() {
    List<Host> drawn = new ArrayList<>();
    new Generator(Fixtures.library().presets().get("mixed"), Fixtures.library().presets(), 9)
        .generate(100, drawn::add);
    StringWriter w = new StringWriter();
    drawn.forEach(FleetWriters.jsonl(w));
    List<Host> back = new ArrayList<>();
    FleetReaders.jsonl(in(w.toString()), "f.jsonl", back::add);
    assertThat(back).isEqualTo(drawn);
  }

  @Test
  void badRowsNameFileLineAndColumn() {
    String head = String.join(",", FleetReaders.CSV_COLUMNS) + "\n";
    assertThatThrownBy(() -> FleetReaders.csv(in(head
        + "h,x86_64,dmar0,intel-vtd,true,false,false,false,false,gpu,0000:00:02.0,pci,"
        + "gpu-integrated,8086,0,maybe\n"), "f.csv", h -> {}))
        .isInstanceOf(InputException.class)
        .hasMessage("f.csv:2:16: column 'no_snoop' is 'maybe'; expected true or false");
    assertThatThrownBy(() -> FleetReaders.csv(in(head
        + "h,x86_64,dmar0,intel-vtd,true,false,false,false,false,a,1,pci,nic,8086,0,false\n"
        + "h,x86_64,dmar0,intel-vtd,true,true,false,false,false,b,2,pci,nic,8086,1,false\n"),
        "f.csv", h -> {}))
        .hasMessageContaining("f.csv:3:3: iommu 'dmar0' of host 'h' has other attributes");
    assertThatThrownBy(() -> FleetReaders.csv(in("host,arch\n"), "f.csv", h -> {}))
        .hasMessageStartingWith("f.csv:1: the header must be: host,arch,iommu");
    assertThatThrownBy(() -> FleetReaders.jsonl(in("{\"name\": \"h\", \"arch\": \"x86_64\"}\n"
        + "{\"name\": \"h\", \"arch\": \"x86_64\", \"cpu\": 1}\n"), "f.jsonl", h -> {}))
        .hasMessage("f.jsonl:2:33: host 'h': unknown key 'cpu'; expected one of: name, arch,"
            + " kind, iommus, devices, vms, source");
    assertThatThrownBy(() -> FleetReaders.jsonl(in("{\"name\": \"h\",\n"), "f.jsonl", h -> {}))
        .hasMessageStartingWith("f.jsonl:1:")
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void hostsArriveOneByOne() throws IOException {
    // The reader hands each host over before reading the next: a consumer that fails on the
    // second host has seen exactly one.
    String head = String.join(",", FleetReaders.CSV_COLUMNS) + "\n";
    StringBuilder rows = new StringBuilder(head);
    for (int i = 0; i < 5; i++) {
      rows.append("h").append(i).append(",x86_64,none,,,,,,,nic,0000:0").append(i)
          .append(":00.0,pci,nic,8086,0,false\n");
    }
    List<String> seen = new ArrayList<>();
    assertThatThrownBy(() -> FleetReaders.csv(in(rows.toString()), "f.csv", h -> {
      seen.add(h.name());
      if (seen.size() == 2) {
        throw new IllegalStateException("stop");
      }
    })).isInstanceOf(RuntimeException.class);
    assertThat(seen).containsExactly("h0", "h1");
  }

  private static ByteArrayInputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }
}
