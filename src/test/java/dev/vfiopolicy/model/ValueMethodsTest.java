package dev.vfiopolicy.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * The records whose equals, hashCode and toString are written out (to spare start-up the
 * generated ones' linking) mean what the generated ones meant: toString in the record's own
 * form, equals on every component, hashCode consistent with it.
 */
class ValueMethodsTest {
  private static final Profile P = new Profile(Arch.X86_64, Bus.PCI, DeviceClass.GPU_INTEGRATED,
      "8086", true, false, false, IommuType.INTEL_VTD, true, false, true, false, false, true);

  /** What Record's generated toString prints. */
  private static String recordForm(Record r) throws Exception {
    StringJoiner j = new StringJoiner(", ", r.getClass().getSimpleName() + "[", "]");
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      j.add(c.getName() + "=" + c.getAccessor().invoke(r));
    }
    return j.toString();
  }

  /** The profile with one component changed, for each component. */
  private static List<Profile> eachChanged(Profile p) throws Exception {
    List<Profile> out = new ArrayList<>();
    RecordComponent[] cs = Profile.class.getRecordComponents();
    for (int i = 0; i < cs.length; i++) {
      Object[] args = new Object[cs.length];
      Class<?>[] types = new Class<?>[cs.length];
      for (int k = 0; k < cs.length; k++) {
        args[k] = cs[k].getAccessor().invoke(p);
        types[k] = cs[k].getType();
      }
      args[i] = changed(args[i]);
      out.add(Profile.class.getDeclaredConstructor(types).newInstance(args));
    }
    return out;
  }

  private static Object changed(Object v) {
    if (v instanceof Boolean b) {
      return !b;
    }
    if (v instanceof String s) {
      return s + "0";
    }
    Enum<?> e = (Enum<?>) v;
    Object[] all = e.getDeclaringClass().getEnumConstants();
    return all[(e.ordinal() + 1) % all.length];
  }

  @Test
  void aProfilePrintsInTheRecordsFormAndEqualsOnEveryComponent() throws Exception {
    assertThat(P.toString()).isEqualTo(recordForm(P));
    Profile copy = new Profile(P.arch(), P.bus(), P.deviceClass(), new String("8086"),
        P.noSnoop(), P.nosnoopEnabled(), P.vfToken(), P.iommuType(), P.cacheCoherency(),
        P.enforceCacheCoherency(), P.scalableMode(), P.nesting(), P.dirtyTracking(),
        P.hostVtdSnoop());
    assertThat(copy).isEqualTo(P).hasSameHashCodeAs(P).isNotSameAs(P);
    List<Profile> changed = eachChanged(P);
    assertThat(changed).hasSize(14);
    for (Profile other : changed) {
      assertThat(other).isNotEqualTo(P);
      assertThat(other.toString()).isEqualTo(recordForm(other)).isNotEqualTo(P.toString());
    }
    // Distinct profiles rarely share a hash: a profile map stays a hash map.
    assertThat(changed.stream().map(Profile::hashCode).distinct().count()).isEqualTo(14);
    assertThat(P.equals(null)).isFalse();
    assertThat(P.equals("Profile")).isFalse();
  }

  @Test
  void releasesAndVmProfilesEqualByValue() throws Exception {
    assertThat(new Release(6, 6)).isEqualTo(Release.parse("6.6"))
        .hasSameHashCodeAs(new Release(6, 6))
        .isNotEqualTo(new Release(6, 7)).isNotEqualTo(new Release(5, 6)).isNotEqualTo("6.6");
    assertThat(new Release(6, 12).hashCode()).isNotEqualTo(new Release(6, 13).hashCode());
    Profile other = eachChanged(P).get(3);
    VmProfile a = new VmProfile(List.of(P, other));
    VmProfile b = new VmProfile(List.of(other, P));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(VmProfile.single(P))
        .isNotEqualTo(P);
    assertThat(a.toString()).isEqualTo(recordForm(a));
    assertThat(a.hashCode()).isNotEqualTo(VmProfile.single(P).hashCode())
        .isEqualTo(a.members().hashCode());
  }

  @Test
  void aDevicesHashAgreesWithItsEquals() {
    IommuUnit u = new IommuUnit("dmar0", IommuType.INTEL_VTD, true, true, true, false, false,
        "test");
    Device d = new Device("gpu", "0000:00:02.0", Bus.PCI, DeviceClass.GPU_INTEGRATED, "8086", u,
        1, true, false, false, "test");
    Device same = new Device("gpu", "0000:00:02.0", Bus.PCI, DeviceClass.GPU_INTEGRATED, "8086",
        u, 1, true, false, false, "test");
    assertThat(same).isEqualTo(d).hasSameHashCodeAs(d);
    assertThat(new Device("gpu", "0000:00:03.0", Bus.PCI, DeviceClass.GPU_INTEGRATED, "8086", u,
        1, true, false, false, "test").hashCode()).isNotEqualTo(d.hashCode());
  }
}
