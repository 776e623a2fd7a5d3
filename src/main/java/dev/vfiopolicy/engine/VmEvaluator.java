package dev.vfiopolicy.engine;

import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.model.UseCase;
import java.util.ArrayList;
import java.util.List;

/**
 * A VM of several devices from its devices' evaluations in one cell. The VM starts only when
 * every device does (a VMM fails the whole VM when one device fails to attach; a VM-wide iommufd
 * switch fails it when one device has no cdev). KVM's non-coherent state is per VM: it is the OR
 * over the VM's registered fds (kvm_vfio_update_coherency), so a VM is unsafe only when a device
 * issues non-coherent DMA and no fd of the VM told KVM.
 */
public final class VmEvaluator {
  private VmEvaluator() {}

  /**
   * {@code members} and {@code evaluations} in the same order; a VM of one is that device.
   * {@code explain}: also record the steps (see {@link Evaluator#evaluate}).
   */
  public static Evaluation combine(
      List<Profile> members, List<Evaluation> evaluations, UseCase u, boolean explain) {
    if (members.size() == 1) {
      return evaluations.get(0);
    }
    List<String> steps = explain ? new ArrayList<>() : null;
    if (explain) {
      List<String> ids = new ArrayList<>();
      for (Profile p : members) {
        ids.add(p.deviceClass().id());
      }
      steps.add("a VM of " + members.size() + " devices: " + String.join(" + ", ids));
      for (int i = 0; i < members.size(); i++) {
        steps.add("device " + (i + 1) + " (" + members.get(i).deviceClass().id() + "): "
            + evaluations.get(i).outcome().id() + ": " + evaluations.get(i).reason());
      }
    }
    int failing = first(evaluations, Outcome.UNSUPPORTED);
    if (failing < 0) {
      failing = first(evaluations, Outcome.BROKEN);
    }
    if (failing >= 0) {
      Evaluation e = evaluations.get(failing);
      String why = u.vmWide()
          ? "the VM-wide iommufd switch fails the whole VM"
          : "the VM does not start without it";
      if (e.outcome() == Outcome.UNSUPPORTED) {
        return end(steps, Outcome.UNSUPPORTED, members.get(failing), e.reason() + "; " + why);
      }
      if (explain) {
        steps.add("exposed, every device would run: the policy's decision is what stops the"
            + " VM");
      }
      return end(steps, Outcome.BROKEN, members.get(failing), e.reason() + "; " + why);
    }
    int told = -1;
    for (int i = 0; i < evaluations.size(); i++) {
      if (evaluations.get(i).toldNoncoherent()) {
        told = i;
        break;
      }
    }
    int noncoherent = -1;
    for (int i = 0; i < evaluations.size(); i++) {
      if (evaluations.get(i).noncoherent() && u.kvm()) {
        noncoherent = i;
        break;
      }
    }
    if (noncoherent >= 0) {
      Evaluation e = evaluations.get(noncoherent);
      if (e.outcome() == Outcome.NO_REMEDY) {
        return end(steps, Outcome.NO_REMEDY, members.get(noncoherent), e.reason());
      }
      if (told < 0) {
        return end(steps, Outcome.UNSAFE, members.get(noncoherent),
            e.reason() + "; no fd of the VM told KVM");
      }
      if (explain) {
        steps.add("KVM handles non-coherent DMA for the whole VM: the "
            + members.get(told).deviceClass().id() + "'s fd told it (kvm_vfio_update_coherency"
            + " ORs over the VM's fds)");
      }
    }
    int fallback = first(evaluations, Outcome.FALLBACK);
    if (fallback >= 0) {
      return end(steps, Outcome.FALLBACK, members.get(fallback),
          evaluations.get(fallback).reason());
    }
    return end(steps, Outcome.WORKS, members.get(0), "every device runs on the interface it"
        + " asks for" + (told >= 0 ? "; KVM told of non-coherent DMA by the "
        + members.get(told).deviceClass().id() + "'s fd" : ""));
  }

  private static int first(List<Evaluation> evaluations, Outcome o) {
    for (int i = 0; i < evaluations.size(); i++) {
      if (evaluations.get(i).outcome() == o) {
        return i;
      }
    }
    return -1;
  }

  /** {@code steps}: null when the evaluation does not explain. */
  private static Evaluation end(List<String> steps, Outcome o, Profile deciding, String reason) {
    String r = o == Outcome.WORKS ? reason : deciding.deviceClass().id() + ": " + reason;
    if (steps == null) {
      return new Evaluation(o, r, List.of(), null, false, false);
    }
    steps.add("=> " + o.id() + ": " + r);
    return new Evaluation(o, r, steps, null, false, false);
  }
}
