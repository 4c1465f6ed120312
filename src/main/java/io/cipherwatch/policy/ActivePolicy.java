package io.cipherwatch.policy;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One version of the deprecation policy in effect: the classification rules plus what planning needs.
 *
 * @param version 0 for the configured default, then increasing with every published version
 * @param rules the deprecated and supported sets
 * @param plannedRemovalDate the planned removal day, or null
 * @param candidateSets named what-if removal sets, by name (sorted)
 */
public record ActivePolicy(long version, CipherPolicy rules, LocalDate plannedRemovalDate,
    Map<String, int[]> candidateSets) {

  /** Copies the candidate sets into an unmodifiable sorted map. */
  public ActivePolicy {
    if (version < 0) {
      throw new IllegalArgumentException("policy version must not be negative, got " + version);
    }
    if (rules.supportedCodes().length == 0) {
      throw new IllegalArgumentException("policy version " + version + " has an empty supported set: every "
          + "handshake would count as breaking; publish the suites the edges accept");
    }
    Map<String, int[]> copy = new TreeMap<>();
    candidateSets.forEach((k, v) -> copy.put(k, v.clone()));
    candidateSets = Collections.unmodifiableMap(copy);
  }

  /** The configured default: version 0, no planned date, no candidate sets. */
  public static ActivePolicy defaults(CipherPolicy rules) {
    return new ActivePolicy(0, rules, null, Map.of());
  }
}
