package dev.vfiopolicy.claims;

import java.util.List;
import java.util.Map;

/**
 * What a claim may read: device counts by scenario, policy, use case and outcome (keys as in
 * summary.csv: works, fallback, broken, unsafe, no_remedy, unsupported, not_applicable,
 * devices), the same per kind of machine, and the ids of each.
 */
public record Counts(
    Map<String, Map<String, Map<String, Map<String, Long>>>> counts,
    Map<String, Map<String, Map<String, Map<String, Map<String, Long>>>>> byKind,
    List<String> scenarios,
    List<String> policies,
    List<String> useCases,
    List<String> kinds) {}
