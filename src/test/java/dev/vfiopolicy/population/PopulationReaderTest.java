package dev.vfiopolicy.population;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vfiopolicy.InputException;
import dev.vfiopolicy.model.Host;
import dev.vfiopolicy.model.IommuType;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PopulationReaderTest {
  private static final String HOST =
      "hosts:\n"
          + "  - name: h\n"
          + "    arch: x86_64\n"
          + "    iommus:\n"
          + "      - {name: dmar0, type: intel-vtd, cache_coherency: true}\n"
          + "    devices:\n";

  static List<Host> read(String yaml) {
    List<Host> hosts = new ArrayList<>();
    PopulationReader.read(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "pop.yaml", hosts::add);
    return hosts;
  }

  @Test
  void missingBooleansDefaultToFalse() {
    Host h = read(HOST + "      - {name: g, class: gpu-integrated, vendor: \"8086\", iommu: dmar0,"
        + " group: 0}\n").get(0);
    assertThat(h.iommus().get(0).enforceCacheCoherency()).isFalse();
    assertThat(h.iommus().get(0).cacheCoherency()).isTrue();
    assertThat(h.devices().get(0).noSnoop()).isFalse();
    assertThat(h.devices().get(0).iommu().type()).isEqualTo(IommuType.INTEL_VTD);
  }

  @Test
  void unknownIommuIsRefusedWithLineAndChoices() {
    assertThatThrownBy(() -> read(HOST + "      - {name: g, class: nic, vendor: \"8086\","
        + " iommu: dmar9, group: 0}\n"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("pop.yaml:7:")
        .hasMessageContaining("iommu 'dmar9' is not a unit of this host; expected one of: dmar0,"
            + " none");
  }

  @Test
  void yesNoBooleansAreRefusedNotGuessed() {
    assertThatThrownBy(() -> read(HOST + "      - {name: g, class: nic, vendor: \"8086\","
        + " iommu: dmar0, group: 0, no_snoop: yes}\n"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("'no_snoop' must be true or false");
  }

  @Test
  void badVendorAndClassAreNamed() {
    assertThatThrownBy(() -> read(HOST + "      - {name: g, class: nic, vendor: \"80866\","
        + " iommu: dmar0, group: 0}\n"))
        .hasMessageContaining("'vendor' must be a 4-hex-digit PCI vendor id");
    assertThatThrownBy(() -> read(HOST + "      - {name: g, class: gpu, vendor: \"8086\","
        + " iommu: dmar0, group: 0}\n"))
        .hasMessageContaining("'class' is 'gpu'; expected one of: gpu-integrated");
  }

  @Test
  void enforceWithoutCoherencyIsRefused() {
    assertThatThrownBy(() -> read("hosts:\n  - name: h\n    arch: x86_64\n    iommus:\n"
        + "      - {name: u, type: intel-vtd, enforce_cache_coherency: true}\n"))
        .hasMessageContaining("enforce_cache_coherency needs cache_coherency");
  }

  @Test
  void unknownKeysAndDuplicateHostsAreRefused() {
    assertThatThrownBy(() -> read("hosts:\n  - name: h\n    arch: x86_64\n    cpu: x\n"))
        .hasMessage("pop.yaml:4:5: host 'h': unknown key 'cpu'; expected one of: name, arch,"
            + " kind, iommus, devices, vms, source");
    assertThatThrownBy(() -> read("hosts:\n  - {name: h, arch: x86_64}\n"
        + "  - {name: h, arch: x86_64}\n"))
        .hasMessageContaining("pop.yaml:3:")
        .hasMessageContaining("duplicate host name 'h'");
    assertThatThrownBy(() -> read("machines: []\n"))
        .hasMessageContaining("unknown key 'machines'");
  }

  @Test
  void emptyFileIsRefused() {
    assertThatThrownBy(() -> read(""))
        .isInstanceOf(InputException.class)
        .hasMessage("pop.yaml: the file is empty; expected a YAML mapping");
  }

  @Test
  void writerOutputReadsBackToTheSameHosts() {
    Generator g =
        new Generator(
            dev.vfiopolicy.Fixtures.library().presets().get("mixed"),
            dev.vfiopolicy.Fixtures.library().presets(),
            7);
    List<Host> drawn = new ArrayList<>();
    g.generate(200, drawn::add);
    StringWriter sw = new StringWriter();
    PopulationWriter w = new PopulationWriter(sw, "mixed", "test \"quoted\" \u00e9");
    drawn.forEach(w::host);
    assertThat(read(sw.toString())).isEqualTo(drawn);
  }

  @Test
  void vmsNameTheirDevicesAndBadOnesAreRefusedWithTheLine() {
    String devices = "      - {name: g, bdf: \"0000:00:02.0\", class: gpu-integrated, vendor:"
        + " \"8086\", iommu: dmar0, group: 0}\n"
        + "      - {name: a, bdf: \"0000:00:1f.3\", class: audio, vendor: \"8086\", iommu: dmar0,"
        + " group: 1}\n"
        + "      - {name: b, bdf: \"0000:00:1c.0\", class: bridge, vendor: \"8086\", iommu: dmar0,"
        + " group: 2}\n"
        + "    vms:\n";
    Host h = read(HOST + devices
        + "      - {name: gvt-d, devices: [\"0000:00:02.0\", \"0000:00:1f.3\"]}\n").get(0);
    assertThat(h.vms()).hasSize(1);
    assertThat(h.vms().get(0).devices()).extracting(d -> d.name()).containsExactly("g", "a");
    assertThat(h.allVms()).hasSize(1);
    assertThatThrownBy(() -> read(HOST + devices
        + "      - {name: v, devices: [\"0000:00:09.0\"]}\n"))
        .hasMessageStartingWith("pop.yaml:11:")
        .hasMessageContaining("no device '0000:00:09.0' on this host");
    assertThatThrownBy(() -> read(HOST + devices
        + "      - {name: v, devices: [\"0000:00:1c.0\"]}\n"))
        .hasMessageContaining("'0000:00:1c.0' is a bridge, which is not assigned");
    assertThatThrownBy(() -> read(HOST + devices
        + "      - {name: v, devices: [\"0000:00:02.0\"]}\n"
        + "      - {name: w, devices: [\"0000:00:02.0\"]}\n"))
        .hasMessageStartingWith("pop.yaml:12:")
        .hasMessageContaining("device '0000:00:02.0' is already in another VM");
    assertThatThrownBy(() -> read(HOST + devices + "      - {name: v, devices: []}\n"))
        .hasMessageContaining("a VM has at least one device");
    assertThatThrownBy(() -> read(HOST.replace("    arch: x86_64\n",
        "    arch: x86_64\n    kind: \"Desk top\"\n") + devices + "      []\n"))
        .hasMessageContaining("'kind' must be lower-case letters, digits and dashes");
  }

  @Test
  void isKindAcceptsWhatTheKindPatternMatches() {
    java.util.regex.Pattern id = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    List<String> kinds = new ArrayList<>(List.of("", "a", "-", "-a", "a-", "desktop-amd", "A",
        "a_b", "a b", "\u00e9", "9", "a".repeat(64), "a".repeat(65), "a-".repeat(32),
        "x".repeat(63) + "-"));
    java.util.Random r = new java.util.Random(3);
    String alphabet = "az09-_A.\u00e9";
    for (int i = 0; i < 2000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int n = r.nextInt(6); n > 0; n--) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      kinds.add(sb.toString());
    }
    for (String k : kinds) {
      assertThat(PopulationReader.isKind(k)).as(k).isEqualTo(id.matcher(k).matches());
    }
  }
}
