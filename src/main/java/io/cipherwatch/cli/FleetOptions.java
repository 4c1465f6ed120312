package io.cipherwatch.cli;

import io.cipherwatch.simulate.FleetSpec;
import picocli.CommandLine.Option;

/** The simulated fleet's options shared by {@code demo} and {@code simulate} (a picocli mixin). */
public final class FleetOptions {
  @Option(names = "--trunks", defaultValue = "300", paramLabel = "N",
      description = "Trunks in the simulated fleet (default: ${DEFAULT-VALUE}; about one organization per 8).")
  int trunks;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED",
      description = "Seed of the simulated fleet and traffic (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--no-faults", description = "No deliberately malformed records.")
  boolean noFaults;

  /** The message for an invalid value, or null. */
  String invalid() {
    return trunks < 1 ? "--trunks must be at least 1, got " + trunks : null;
  }

  /** The fleet over {@code [startMillis, startMillis + spanMillis)}, without faults under --no-faults. */
  FleetSpec spec(long startMillis, long spanMillis) {
    FleetSpec spec = FleetSpec.defaults(trunks, startMillis, spanMillis);
    return noFaults ? spec.withFaultRate(0) : spec;
  }
}
