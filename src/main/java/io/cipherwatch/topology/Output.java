package io.cipherwatch.topology;

import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.DeprecationAlert;

/**
 * A record produced by the window-and-alert step, routed to its topic by kind. Each kind answers its own
 * accessor; the others answer null, so the topology routes and unwraps without casts. Immutable.
 */
sealed interface Output {
  /** The usage row, or null when this is not one. */
  default UsageRow usage() {
    return null;
  }

  /** The alert transition, or null when this is not one. */
  default DeprecationAlert alert() {
    return null;
  }

  /** The fleet partial or watermark, or null when this is not one. */
  default FleetPartial fleet() {
    return null;
  }

  /** A dead letter (a late event, undecodable trunk metadata), or null when this is not one. */
  default DeadLetter deadLetter() {
    return null;
  }

  /** A (trunk, direction)'s changed readiness standing, keyed by organization, or null when this is not one. */
  default ReadinessUpdate readiness() {
    return null;
  }

  /** A closed window's row of one (trunk, direction), for {@code cipher-usage}. */
  record Usage(UsageRow usage) implements Output {}

  /** An alert transition, for {@code deprecation-alerts}. */
  record Alert(DeprecationAlert alert) implements Output {}

  /** This partition's part of a fleet window, or its watermark, for {@code fleet-partials}. */
  record Fleet(FleetPartial fleet) implements Output {}

  /** A changed readiness standing, for {@code readiness-by-organization}. */
  record Readiness(ReadinessUpdate readiness) implements Output {}

  /** A dead letter found by the window-and-alert step, for the dead-letter topic. */
  record Dead(DeadLetter deadLetter) implements Output {}
}
