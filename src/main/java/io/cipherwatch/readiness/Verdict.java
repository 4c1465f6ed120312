package io.cipherwatch.readiness;

/**
 * What removing a candidate suite set would do to a (trunk, direction) over the readiness period, worst first:
 * the declaration order is the severity order used to combine trunks into an organization.
 */
public enum Verdict {
  /** Some handshakes would fail. */
  BREAKS,
  /** Outbound: the remote chose a removed suite and no probe proved what else it accepts. */
  UNVERIFIED,
  /** Some handshakes would negotiate another suite; none would fail. */
  CHANGES,
  /** Nothing observed would be affected. */
  READY,
  /** No handshake in the period. */
  NO_TRAFFIC;

  /** The worse (more severe) of two verdicts; null counts as NO_TRAFFIC. */
  public static Verdict worst(Verdict a, Verdict b) {
    if (a == null) {
      return b == null ? NO_TRAFFIC : b;
    }
    if (b == null) {
      return a;
    }
    return a.ordinal() <= b.ordinal() ? a : b;
  }
}
