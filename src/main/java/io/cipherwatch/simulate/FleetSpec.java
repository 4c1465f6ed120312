package io.cipherwatch.simulate;

/**
 * What fleet to simulate. The six scenario shares are relative weights of the trunk population (they are
 * normalized by their sum; the defaults add up to 1); see {@link Scenario}.
 *
 * @param trunks number of trunks, at least 1
 * @param organizations number of customer organizations, 1..trunks
 * @param cleanShare share of {@link Scenario#CLEAN} trunks
 * @param hygieneShare share of {@link Scenario#HYGIENE} trunks
 * @param prefersDeprecatedShare share of {@link Scenario#PREFERS_DEPRECATED} trunks
 * @param deprecatedOnlyShare share of {@link Scenario#DEPRECATED_ONLY} trunks
 * @param serverPreferenceShare share of {@link Scenario#SERVER_PREFERENCE} trunks
 * @param failoverShare share of {@link Scenario#FAILOVER} trunks
 * @param failoverTimeShare fraction of the span a failover trunk spends on its secondary SBC, 0..1
 * @param failureRate probability that a handshake fails for a reason other than the cipher lists, 0..1
 * @param faultRate probability that a record is deliberately malformed, 0..1 (0 turns faults off)
 * @param remediatedShare fraction of non-clean trunks fixed at a random time within the span, 0..1
 * @param startMillis start of the simulated span (epoch millis)
 * @param spanMillis length of the span: remediation happens within it, the failover schedule repeats
 *     with it as period
 */
public record FleetSpec(
    int trunks,
    int organizations,
    double cleanShare,
    double hygieneShare,
    double prefersDeprecatedShare,
    double deprecatedOnlyShare,
    double serverPreferenceShare,
    double failoverShare,
    double failoverTimeShare,
    double failureRate,
    double faultRate,
    double remediatedShare,
    long startMillis,
    long spanMillis) {

  /** Checks the values; every message names the offending field and the allowed range. */
  public FleetSpec {
    if (trunks < 1) {
      throw new IllegalArgumentException("trunks must be at least 1, got " + trunks);
    }
    if (organizations < 1 || organizations > trunks) {
      throw new IllegalArgumentException(
          "organizations must be between 1 and trunks (" + trunks + "), got " + organizations);
    }
    double sum = 0;
    String[] names = {"cleanShare", "hygieneShare", "prefersDeprecatedShare", "deprecatedOnlyShare",
        "serverPreferenceShare", "failoverShare"};
    double[] shares = {cleanShare, hygieneShare, prefersDeprecatedShare, deprecatedOnlyShare,
        serverPreferenceShare, failoverShare};
    for (int i = 0; i < shares.length; i++) {
      if (!(shares[i] >= 0) || Double.isInfinite(shares[i])) {
        throw new IllegalArgumentException(names[i] + " must be a finite number >= 0, got " + shares[i]);
      }
      sum += shares[i];
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("at least one scenario share must be positive, all are 0");
    }
    requireProbability("failoverTimeShare", failoverTimeShare);
    requireProbability("failureRate", failureRate);
    requireProbability("faultRate", faultRate);
    requireProbability("remediatedShare", remediatedShare);
    if (spanMillis < 1) {
      throw new IllegalArgumentException("spanMillis must be at least 1 ms, got " + spanMillis);
    }
  }

  private static void requireProbability(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
    }
  }

  /**
   * The default mix: 55% clean, 15% hygiene, 12% prefers-deprecated, 8% deprecated-only, 5% outbound
   * server-preference quirk, 5% failover (4% of the time on the secondary); one organization per 8
   * trunks; 0.5% handshake failures, 0.2% malformed records; 35% of non-clean trunks fixed in the span.
   */
  public static FleetSpec defaults(int trunks, long startMillis, long spanMillis) {
    int organizations = Math.max(1, Math.min(trunks, (trunks + 4) / 8));
    return new FleetSpec(trunks, organizations, 0.55, 0.15, 0.12, 0.08, 0.05, 0.05, 0.04, 0.005, 0.002,
        0.35, startMillis, spanMillis);
  }

  /** This spec with another fault rate (0 turns malformed records off). */
  public FleetSpec withFaultRate(double rate) {
    return new FleetSpec(trunks, organizations, cleanShare, hygieneShare, prefersDeprecatedShare,
        deprecatedOnlyShare, serverPreferenceShare, failoverShare, failoverTimeShare, failureRate, rate,
        remediatedShare, startMillis, spanMillis);
  }

  /** The normalized share (0..1) of trunks in {@code scenario}. */
  public double share(Scenario scenario) {
    double value = switch (scenario) {
      case CLEAN -> cleanShare;
      case HYGIENE -> hygieneShare;
      case PREFERS_DEPRECATED -> prefersDeprecatedShare;
      case DEPRECATED_ONLY -> deprecatedOnlyShare;
      case SERVER_PREFERENCE -> serverPreferenceShare;
      case FAILOVER -> failoverShare;
    };
    return value / (cleanShare + hygieneShare + prefersDeprecatedShare + deprecatedOnlyShare
        + serverPreferenceShare + failoverShare);
  }
}
