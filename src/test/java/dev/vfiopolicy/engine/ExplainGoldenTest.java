package dev.vfiopolicy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vfiopolicy.Fixtures;
import dev.vfiopolicy.app.ExplainJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The full reasoning chain of {@code explain} for devices that cross every branch of the model,
 * against golden files (src/test/resources/golden/explain-HOST-DEVICE.txt). A change to the
 * model's reasoning shows up here as a diff to review; regenerate a golden file by deleting it
 * and running the test once (it then fails, having written the new text).
 */
class ExplainGoldenTest {
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "intel-desktop, igpu", "intel-desktop, nvme", "intel-desktop-sm, igpu", "xeon-sm, nic",
    "amd-desktop, nvme", "arm-canwbs, nic", "arm-no-canwbs, accel", "arm-noncoherent, eth",
    "s390, dasd", "power, nic", "guest-virtio, nic", "cloud-noiommu, nic", "gvt, vgpu"
  })
  void explanationMatchesGolden(String host, String device) throws IOException {
    Path fixture = Path.of("src/test/resources/fixtures/brief-6.3.yaml");
    String text = ExplainJob.run(Fixtures.library(), new ExplainJob.Request(fixture.toString(),
        1, 1, host, device, null, List.of(), List.of(), List.of(), List.of()));
    Path golden = Path.of("src/test/resources/golden", "explain-" + host + "-" + device + ".txt");
    if (!Files.exists(golden)) {
      Files.writeString(golden, text, StandardCharsets.UTF_8);
      throw new AssertionError("wrote " + golden + "; review it and run again");
    }
    assertThat(text).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  /** A VM of an iGPU and a NIC: how the VM fares, and each device's own steps below. */
  @Test
  void vmExplanationMatchesGolden() throws IOException {
    Path fixture = Path.of("src/test/resources/fixtures/vms.yaml");
    String text = ExplainJob.run(Fixtures.library(), new ExplainJob.Request(fixture.toString(),
        1, 1, "desktop", null, "igpu-nic", List.of(), List.of(), List.of(), List.of()));
    Path golden = Path.of("src/test/resources/golden", "explain-vm-desktop-igpu-nic.txt");
    if (!Files.exists(golden)) {
      Files.writeString(golden, text, StandardCharsets.UTF_8);
      throw new AssertionError("wrote " + golden + "; review it and run again");
    }
    assertThat(text).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    assertThat(text).contains("linux-6.6 / hide-non-snoop / vm-cloud-hypervisor: broken\n")
        .contains("linux-6.6 / hide-non-snoop / vm-iommufd-fallback: fallback\n");
  }
}
