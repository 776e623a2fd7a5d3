package dev.vfiopolicy.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The profiles of a VM's devices, in a canonical order: VMs with equal profiles get equal
 * outcomes, so a VM is evaluated once per distinct VM profile.
 */
public record VmProfile(List<Profile> members) {
  // Written out rather than Comparator.comparing, here and in the report's sorts: the JDK's
  // own lambdas behind those factories are not kept in the class-data archive, and a short run
  // spun each of them anew (about a millisecond apiece).
  private static final Comparator<Profile> ORDER = (a, b) -> key(a).compareTo(key(b));

  /**
   * Profiles' texts, the sort key, kept for the profiles met: a fleet has few distinct ones, and
   * a record's toString costs more than the rest of counting a VM. Bounded, so that a hostile
   * file of distinct profiles costs time, not memory.
   */
  private static final java.util.Map<Profile, String> KEYS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static String key(Profile p) {
    String k = KEYS.get(p);
    if (k == null) {
      k = p.toString();
      if (KEYS.size() < 10_000) {
        KEYS.put(p, k);
      }
    }
    return k;
  }

  public VmProfile {
    List<Profile> sorted = new ArrayList<>(members);
    sorted.sort(ORDER);
    members = List.copyOf(sorted);
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a VM has at least one device");
    }
  }

  public static VmProfile of(Host host, Vm vm) {
    List<Profile> members = new ArrayList<>(vm.devices().size());
    for (Device d : vm.devices()) {
      members.add(Profile.of(host, d));
    }
    return new VmProfile(members);
  }

  public static VmProfile single(Profile p) {
    return new VmProfile(List.of(p));
  }

  // Written out, as Profile's are: VM profiles are hashed per VM counted.
  @Override
  public boolean equals(Object o) {
    return o instanceof VmProfile v && members.equals(v.members);
  }

  @Override
  public int hashCode() {
    return members.hashCode();
  }

  /** "gpu-integrated + audio", how reasons and tables name the kind of VM. */
  public String shape() {
    return String.join(" + ", members.stream().map(p -> p.deviceClass().id()).toList());
  }
}
