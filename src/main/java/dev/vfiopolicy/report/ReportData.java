package dev.vfiopolicy.report;

import dev.vfiopolicy.engine.Tally;
import dev.vfiopolicy.model.Outcome;
import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Profile;
import dev.vfiopolicy.model.Scenario;
import dev.vfiopolicy.model.UseCase;
import java.util.List;
import java.util.Map;

/**
 * Everything a report shows, computed once and rendered by each format.
 *
 * @param seed the generator seed, or null for a population file
 * @param vms VMs (and applications), devices alone in none counted as VMs of one
 * @param tally devices per cell and outcome, all kinds of host together
 * @param vmTally VMs per cell and outcome
 * @param kinds the same per kind of host, most hosts first
 * @param profiles device counts per profile, all kinds together (for sizes of detail files)
 * @param reproduce the command line that gives the same report
 * @param inputs what it was computed from, each with a digest
 */
public record ReportData(
    String version,
    String population,
    String populationDescription,
    Long seed,
    long hosts,
    long devices,
    long assignable,
    long vms,
    List<Scenario> scenarios,
    List<Policy> policies,
    List<UseCase> useCases,
    Tally tally,
    Tally vmTally,
    List<Kind> kinds,
    List<String> notes,
    String reproduce,
    List<String> inputs,
    Map<Profile, Long> profiles) {

  /** One kind of host (a preset, "imported", or what a population file says) and its tallies. */
  public record Kind(
      String kind, long hosts, long devices, long assignable, long vms, Tally devicesTally,
      Tally vmTally) {}

  /** Index of a cell in the tally: scenario, then policy, then use case. */
  public int cell(int scenario, int policy, int useCase) {
    return (scenario * policies.size() + policy) * useCases.size() + useCase;
  }

  /** Is the policy's column of this scenario a counterfactual (a behaviour of later kernels)? */
  public boolean counterfactual(int scenario, int policy) {
    return policies.get(policy).counterfactualOn(scenarios.get(scenario).kernel());
  }

  /** The policy's column heading in a scenario's table: its id, marked * when counterfactual. */
  public String policyHeading(int scenario, int policy) {
    return policies.get(policy).id() + (counterfactual(scenario, policy) ? "*" : "");
  }

  public long count(int cell, Outcome outcome) {
    return tally.count(cell, outcome);
  }

  /** Share of the cell's assignable devices, as a percentage with one decimal. */
  public String share(int cell, Outcome outcome) {
    long base = tally.devices(cell) - tally.count(cell, Outcome.NOT_APPLICABLE);
    return Formats.percent(tally.count(cell, outcome), base);
  }
}
