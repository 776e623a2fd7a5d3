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
    String expected = run("report", "--hosts", "150", "--seed", "3", "--format", "csv");
    for (String ext : List.of("yaml", "jsonl", "csv")) {
      Path f = dir.resolve("fleet." + ext);
      run("population", "generate", "--preset", "mixed", "--hosts", "150", "--seed", "3", "-o",
          f.toString());
      assertThat(run("report", "--population", f.toString(), "--format", "csv")).as(ext)
          .isEqualTo(expected);
    }
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
