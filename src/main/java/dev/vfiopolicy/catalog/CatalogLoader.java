package dev.vfiopolicy.catalog;

import dev.vfiopolicy.model.Bus;
import dev.vfiopolicy.model.Feature;
import dev.vfiopolicy.model.Interface;
import dev.vfiopolicy.model.Scenario;
import dev.vfiopolicy.model.UseCase;
import dev.vfiopolicy.yaml.Node;
import dev.vfiopolicy.yaml.Nodes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Reads the scenario and use-case catalogues; refuses configurations Kconfig cannot build. */
public final class CatalogLoader {
  private CatalogLoader() {}

  public static List<Scenario> scenarios(Node root) {
    Nodes top = Nodes.of(root, "scenario catalogue").allowOnly("scenarios");
    List<Scenario> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Node n : top.list("scenarios")) {
      Nodes m = Nodes.of(n, "scenario");
      String id = m.string("id");
      m = m.named("scenario '" + id + "'");
      m.allowOnly(
          "id", "title", "kernel", "group_interface", "cdev_interface", "cdev_buses",
          "kvm_accepts_group_fd", "kvm_accepts_device_fd", "vfio_requires_cache_coherency",
          "vfio_noiommu", "features", "source");
      if (!ids.add(id)) {
        throw m.node("id").error("duplicate scenario id '" + id + "'");
      }
      boolean group = m.bool("group_interface", false);
      boolean cdev = m.bool("cdev_interface", false);
      boolean noiommu = m.bool("vfio_noiommu", false);
      // drivers/vfio/Kconfig: VFIO selects VFIO_DEVICE_CDEV if !VFIO_GROUP.
      if (!group && !cdev) {
        throw m.loc().error("scenario '" + id + "': a kernel without VFIO_GROUP has the cdev"
            + " (VFIO selects VFIO_DEVICE_CDEV if !VFIO_GROUP); set cdev_interface: true");
      }
      if (noiommu && !group) {
        throw m.node("vfio_noiommu").error("scenario '" + id + "': VFIO_NOIOMMU depends on"
            + " VFIO_GROUP; set vfio_noiommu: false or group_interface: true");
      }
      out.add(
          new Scenario(
              id,
              m.string("title"),
              m.string("kernel"),
              group,
              cdev,
              enums(m, "cdev_buses", Bus.class, Bus::fromId),
              m.bool("kvm_accepts_group_fd", false),
              m.bool("kvm_accepts_device_fd", false),
              m.bool("vfio_requires_cache_coherency", false),
              noiommu,
              enums(m, "features", Feature.class, Feature::fromId),
              m.string("source", "")));
    }
    return out;
  }

  public static List<UseCase> useCases(Node root) {
    Nodes top = Nodes.of(root, "use-case catalogue").allowOnly("use_cases");
    List<UseCase> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Node n : top.list("use_cases")) {
      Nodes m = Nodes.of(n, "use case");
      String id = m.string("id");
      m = m.named("use case '" + id + "'");
      m.allowOnly(
          "id", "title", "kvm", "interface", "falls_back_to_group", "registers_with_kvm",
          "reads_coherency_flag", "needs", "source");
      if (!ids.add(id)) {
        throw m.node("id").error("duplicate use case id '" + id + "'");
      }
      boolean kvm = m.bool("kvm", false);
      if (!kvm && (m.has("registers_with_kvm") || m.has("reads_coherency_flag"))) {
        throw m.loc().error("use case '" + id + "': registers_with_kvm and reads_coherency_flag"
            + " need kvm: true");
      }
      out.add(
          new UseCase(
              id,
              m.string("title"),
              kvm,
              m.choice("interface", Interface::fromId),
              m.bool("falls_back_to_group", false),
              m.bool("registers_with_kvm", false),
              m.bool("reads_coherency_flag", false),
              enums(m, "needs", Feature.class, Feature::fromId),
              m.string("source", "")));
    }
    return out;
  }

  private static <E extends Enum<E>> Set<E> enums(
      Nodes m, String key, Class<E> type, Function<String, E> parse) {
    Set<E> out = EnumSet.noneOf(type);
    if (!m.has(key)) {
      return out;
    }
    List<Node> items = m.list(key);
    List<String> texts = m.strings(key);
    for (int i = 0; i < texts.size(); i++) {
      try {
        out.add(parse.apply(texts.get(i)));
      } catch (IllegalArgumentException e) {
        throw items.get(i).error("'" + key + "' has '" + texts.get(i) + "'; " + e.getMessage());
      }
    }
    return out;
  }
}
