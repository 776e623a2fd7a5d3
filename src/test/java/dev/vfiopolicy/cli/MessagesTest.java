package dev.vfiopolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vfiopolicy.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Messages a user can act on (issues 12 and 14): the option, what exists, what is closest. */
class MessagesTest {
  @TempDir static Path dir;

  static Path population() throws IOException {
    Path pop = dir.resolve("pop.yaml");
    if (!Files.exists(pop)) {
      assertThat(CliRun.of("population", "generate", "--preset", "desktop-intel", "--hosts",
          "15", "-o", pop.toString()).code()).isZero();
    }
    return pop;
  }

  /** Item 5: --hosts and --seed were silently ignored with a population file. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"report", "claims", "diff hide-non-snoop upstream-merged",
      "explain --host h --device d"})
  void hostsAndSeedWithAPopulationFileAreRefused(String command) throws IOException {
    String pop = population().toString();
    String[] base = (command + " --population " + pop).split(" ");
    CliRun both = CliRun.of(concat(base, "--hosts", "10", "--seed", "5"));
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).startsWith("vfio-policy: --hosts and --seed draw hosts from a preset,"
        + " but --population " + pop + " is a file with its own hosts; leave out --hosts and"
        + " --seed, or give a preset\n");
    CliRun seed = CliRun.of(concat(base, "--seed", "5"));
    assertThat(seed.code()).isEqualTo(2);
    assertThat(seed.err()).startsWith("vfio-policy: --seed draws hosts from a preset");
  }

  @Test
  void hostsAndSeedWithAPresetOrAloneAreFine() throws IOException {
    assertThat(CliRun.of("report", "--population", "desktop-amd", "--hosts", "10", "--seed",
        "5").code()).isZero();
    assertThat(CliRun.of("report", "--population", population().toString()).code()).isZero();
    // The defaults are not the user's: a file with no --hosts typed is fine.
    assertThat(CliRun.of("claims", "--population", population().toString()).code()).isZero();
  }

  static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Item 7: validate stopped at the first bad file. */
  @Test
  void validateChecksEveryFileAndNamesEachBadOne() throws IOException {
    Path good = Path.of("policies/hide-non-snoop.yaml");
    Path bad1 = Files.writeString(dir.resolve("bad1.yaml"), Files.readString(good)
        .replace("!iommu.enforce_cache_coherency", "!iommu.enforce_cache_coherncy"));
    Path bad2 = Files.writeString(dir.resolve("bad2.yaml"), "id: [\n");
    CliRun r = CliRun.of("policies", "validate", good.toString(), bad1.toString(),
        bad2.toString(), "policies/upstream-merged.yaml");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out().lines()).hasSize(2).allMatch(l -> l.contains(": ok (policy '"));
    // One message per bad file (a CEL error adds the condition and a caret under it).
    List<String> err = r.err().lines().filter(l -> l.startsWith("vfio-policy: ")).toList();
    assertThat(err).hasSize(3);
    assertThat(err.get(0)).startsWith("vfio-policy: " + bad1 + ":");
    assertThat(err.get(1)).startsWith("vfio-policy: " + bad2 + ":");
    assertThat(err.get(2)).isEqualTo("vfio-policy: 2 of 4 policy files are bad");
    assertThat(CliRun.of("policies", "validate", good.toString()).code()).isZero();
  }

  /** Item 8: "Unknown options: '--polcy', 'x'" with no suggestion. */
  @Test
  void misspeltOptionsAndCommandsGetTheClosestName() {
    CliRun option = CliRun.of("report", "--polcy", "x");
    assertThat(option.code()).isEqualTo(2);
    assertThat(option.err()).isEqualTo("vfio-policy: unknown option '--polcy' (did you mean"
        + " '--policy'?)\nTry 'vfio-policy report --help'.\n");
    CliRun command = CliRun.of("reprot");
    assertThat(command.err()).startsWith("vfio-policy: unknown command 'reprot' (did you mean"
        + " 'report'?); commands: report, explain, diff, claims, sweep, policies, use-cases,"
        + " scenarios, population, help, completion\n");
    assertThat(CliRun.of("population", "generat").err())
        .startsWith("vfio-policy: unknown command 'generat' (did you mean 'generate'?)");
    assertThat(CliRun.of("report", "--zzz").err())
        .startsWith("vfio-policy: unknown option '--zzz'\n");
  }

  @Test
  void unknownIdsListWhatExistsAndTheClosest() {
    assertThat(CliRun.of("report", "--scenario", "linux-66").err()).isEqualTo("vfio-policy:"
        + " --scenario: unknown id 'linux-66'; expected one of: rfc-2021, linux-6.6, linux-6.12, linux-6.18, cdev-only"
        + " (did you mean 'linux-6.6'?)\n");
    assertThat(CliRun.of("report", "--policy", "hide-non-snop").err())
        .contains("expected a file or one of: rfc-literal-hide, hide-non-snoop,")
        .endsWith("(did you mean 'hide-non-snoop'?)\n");
    assertThat(CliRun.of("report", "--use-case", "vm-iommu").err())
        .contains("expected one of: vm-legacy, vm-iommufd,").contains("(did you mean");
    assertThat(CliRun.of("report", "--population", "desktop-itnel").err())
        .contains("presets: arm-server,").endsWith("(did you mean 'desktop-intel'?)\n");
    assertThat(CliRun.of("population", "generate", "--preset", "sever-amd", "-o",
        dir.resolve("x.yaml").toString()).err()).endsWith("(did you mean 'server-amd'?)\n");
    assertThat(CliRun.of("sweep", "--vary", "nosnop-share=0..1:0.5").err())
        .endsWith("(did you mean 'nosnoop-share'?)\n");
  }

  /** Item 8: explain --host nohost listed no hosts. */
  @Test
  void anUnknownHostListsTheHosts() throws IOException {
    CliRun r = CliRun.of("explain", "--population", population().toString(), "--host",
        "intel-igd-00001", "--device", "x");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("vfio-policy: --host: no host 'intel-igd-00001' in pop.yaml"
        + " (did you mean 'intel-igd-000001'?); hosts: ")
        .contains(", ... (15 in all)\n");
    assertThat(r.err().split(", ")).hasSizeGreaterThanOrEqualTo(10);
    CliRun device = CliRun.of("explain", "--population", population().toString(), "--host",
        "intel-igd-000001", "--device", "00:02.1");
    assertThat(device.err()).contains("devices: ").endsWith("(did you mean '00:02.0'?)\n");
  }

  /** Item 8: a claim naming an unknown scenario said only "evaluation error". */
  @Test
  void aClaimNamingAnUnknownScenarioSaysWhichAndWhatExists() throws IOException {
    Path claim = Files.writeString(dir.resolve("my-claim.yaml"),
        Files.readString(Path.of("claims/kevin-qemu-falls-back.yaml"))
            .replace("id: kevin-qemu-falls-back", "id: my-claim")
            .replace("counts['rfc-2021']['hide-non-snoop']['vm-iommufd-fallback']['broken'] == 0",
                "counts['linux-6.9']['hide-non-snoop']['vm-iommufd-fallback']['broken'] == 0"));
    CliRun r = CliRun.of("claims", "--hosts", "20", "--claim", claim.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("vfio-policy: " + claim + ":")
        .contains("claim 'my-claim'")
        .endsWith("'linux-6.9' is not a scenario of this report; scenarios: rfc-2021,"
            + " linux-6.6, linux-6.12, linux-6.18, cdev-only (did you mean 'linux-6.6'?)\n");
    assertThat(r.err().lines()).hasSize(1);
  }

  /** Issue 11: claims over a population without an assignable device have no evidence. */
  @Test
  void claimsWithoutAnAssignableDeviceSayThereIsNoEvidence() throws IOException {
    Path pop = Files.writeString(dir.resolve("bridges.yaml"), """
        hosts:
          - name: h
            arch: x86_64
            iommus: [{name: dmar0, type: intel-vtd, cache_coherency: true}]
            devices:
              - {name: rp, bdf: "0000:00:1c.0", class: bridge, vendor: "8086", iommu: dmar0, group: 0}
        """);
    CliRun r = CliRun.of("claims", "--population", pop.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("vfio-policy: --population " + pop + ": no assignable device,"
        + " so the claims have no evidence to be tested on\n");
    assertThat(r.out()).isEmpty();
  }

  /** A bundled claim's own file given with --claim is that claim once, not a second one. */
  @Test
  void aBundledClaimGivenAgainCountsOnceAndAnotherWithItsIdIsRefused() throws IOException {
    CliRun again = CliRun.of("claims", "--hosts", "20", "--claim",
        "claims/kevin-staging.yaml");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out().split("\\] kevin-staging\n", -1)).hasSize(2);
    Path other = Files.writeString(dir.resolve("x.yaml"),
        Files.readString(Path.of("claims/kevin-staging.yaml")).replace("2021-09-22", "2021-09-23"));
    CliRun clash = CliRun.of("claims", "--hosts", "20", "--claim", other.toString());
    assertThat(clash.code()).isEqualTo(2);
    assertThat(clash.err()).contains("claim 'kevin-staging' has the id of claims/kevin-staging"
        + ".yaml");
  }

  /** Item 11: claims --claim F --claim F counted the file twice. */
  @Test
  void aClaimFileGivenTwiceCountsOnce() throws IOException {
    Path claim = Files.writeString(dir.resolve("once.yaml"),
        Files.readString(Path.of("claims/kevin-qemu-falls-back.yaml"))
            .replace("id: kevin-qemu-falls-back", "id: once"));
    Path link = Files.createSymbolicLink(dir.resolve("once-link.yaml"), claim);
    CliRun one = CliRun.of("claims", "--hosts", "20", "--claim", claim.toString());
    CliRun three = CliRun.of("claims", "--hosts", "20", "--claim", claim.toString(), "--claim",
        dir.resolve("./once.yaml").toString(), "--claim", link.toString());
    assertThat(three.code()).as(three.err()).isZero();
    assertThat(three.out()).isEqualTo(one.out());
  }

  /** Issue 14 item 9: messages that named no file, or the wrong problem. */
  @Test
  void emptyValuesAndSpecialFilesAreNamed() throws Exception {
    CliRun pop = CliRun.of("report", "--population", "");
    assertThat(pop.code()).isEqualTo(2);
    assertThat(pop.err()).startsWith("vfio-policy: --population: the value is empty; expected"
        + " PRESET|FILE\n");
    for (String option : List.of("--claim", "--policy")) {
      String[] args = option.equals("--claim") ? new String[] {"claims", option, ""}
          : new String[] {"report", option, ""};
      assertThat(CliRun.of(args).err()).startsWith("vfio-policy: " + option
          + ": the value is empty");
    }
    Path lspci = Path.of("src/test/resources/importer/lspci-nn.txt");
    Path folder = Files.createDirectories(dir.resolve("ids-folder"));
    assertThat(CliRun.of("population", "import", "--lspci", lspci.toString(), "--pci-ids",
        folder.toString(), "-o", dir.resolve("h.yaml").toString()).err())
        .isEqualTo("vfio-policy: --pci-ids " + folder + ": is a folder; expected a pci.ids"
            + " file\n");
    Path fifo = dir.resolve("ids-fifo");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo");
    CliRun r = CliRun.of("population", "import", "--lspci", lspci.toString(), "--pci-ids",
        fifo.toString(), "-o", dir.resolve("h.yaml").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("vfio-policy: --pci-ids " + fifo + ": is a device, FIFO or"
        + " socket, not a file; expected a pci.ids file such as /usr/share/misc/pci.ids\n");
  }
}
