package dev.vfiopolicy.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Trees as bytes and back: the build's parsed bundle must give the reader's tree exactly. */
class NodeCodecTest {
  private static Node parse(String yaml) {
    return YamlReader.read(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "f.yaml");
  }

  private static byte[] bytes(Node n) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    NodeCodec.write(n, new DataOutputStream(b));
    return b.toByteArray();
  }

  private static Node back(byte[] b, String file) throws IOException {
    return NodeCodec.read(new DataInputStream(new ByteArrayInputStream(b)), file);
  }

  @Test
  void everyKindOfNodeComesBackWithItsLocations() throws IOException {
    String big = "é€".repeat(30_000); // over writeUTF's 64 KiB
    Node n = parse("id: x\nn: 12\nf: 1.5\nb: false\nz:\nlist:\n  - a\n  - [1, {k: v}]\n"
        + "empty: {}\nnone: []\nbig: " + big + "\n");
    Node again = back(bytes(n), "f.yaml");
    assertThat(again).isEqualTo(n);
    Node.MapNode m = (Node.MapNode) again;
    assertThat(m.entries().keySet()).containsExactly(
        "id", "n", "f", "b", "z", "list", "empty", "none", "big");
    assertThat(m.entries().get("list").keyLoc()).isEqualTo(new Location("f.yaml", 6, 1));
    assertThat(((Node.Scalar) m.entries().get("b").value()).type()).isEqualTo(Node.Type.BOOL);
  }

  @Test
  void theFileNameIsTheOneGivenWhenRead() throws IOException {
    Node n = back(bytes(parse("a: 1\n")), "policies/p.yaml");
    assertThat(n.loc()).isEqualTo(new Location("policies/p.yaml", 1, 1));
  }

  @Test
  void bytesThatAreNoTreeAreRefused() throws IOException {
    byte[] b = bytes(parse("a: 1\n"));
    b[8] = 42;
    assertThatThrownBy(() -> back(b, "f.yaml")).isInstanceOf(IOException.class)
        .hasMessageContaining("tag 42");
  }
}
