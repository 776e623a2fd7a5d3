package dev.vfiopolicy.engine;

import dev.vfiopolicy.model.Policy;
import dev.vfiopolicy.model.Scenario;
import dev.vfiopolicy.model.UseCase;

/** One (scenario, policy, use case) combination: a row of summary.csv. */
public record Cell(Scenario scenario, Policy policy, UseCase useCase) {}
