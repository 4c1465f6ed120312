package io.cipherwatch.simulate;

import io.cipherwatch.avro.Direction;

/**
 * The simulator's ground truth for one trunk: its scenario, the TLS profiles of its remote endpoints,
 * when (if ever) it gets fixed and when it runs on its secondary SBC. Benchmarks and tests compare
 * cipherwatch's output with it. Immutable.
 */
public final class TrunkPlan {

  /** {@link #remediatedAtMillis()} of a trunk that is never fixed. */
  public static final long NEVER = Long.MAX_VALUE;

  private final String trunkId;
  private final Scenario scenario;
  private final TlsProfile inbound;
  private final TlsProfile outbound;
  private final TlsProfile secondary;
  private final long remediatedAtMillis;
  private final double weight;
  private final double inboundShare;
  private final long periodStart;
  private final long period;
  private final long[] stretchBegin;
  private final long[] stretchEnd;

  TrunkPlan(String trunkId, Scenario scenario, TlsProfile inbound, TlsProfile outbound, TlsProfile secondary,
      long remediatedAtMillis, double weight, double inboundShare, long periodStart, long period,
      long[] stretchBegin, long[] stretchEnd) {
    this.trunkId = trunkId;
    this.scenario = scenario;
    this.inbound = inbound;
    this.outbound = outbound;
    this.secondary = secondary;
    this.remediatedAtMillis = remediatedAtMillis;
    this.weight = weight;
    this.inboundShare = inboundShare;
    this.periodStart = periodStart;
    this.period = period;
    this.stretchBegin = stretchBegin;
    this.stretchEnd = stretchEnd;
  }

  public String trunkId() {
    return trunkId;
  }

  public Scenario scenario() {
    return scenario;
  }

  /** Profile of the primary remote endpoint as TLS client (inbound calls), before any fix. */
  public TlsProfile inboundProfile() {
    return inbound;
  }

  /** Profile of the primary remote endpoint as TLS server (outbound calls), before any fix. */
  public TlsProfile outboundProfile() {
    return outbound;
  }

  /** Profile of the old secondary SBC of a {@link Scenario#FAILOVER} trunk, else null. */
  public TlsProfile secondaryProfile() {
    return secondary;
  }

  /** Event time from which the trunk runs modern profiles only, or {@link #NEVER}. */
  public long remediatedAtMillis() {
    return remediatedAtMillis;
  }

  /** Relative traffic weight of the trunk (heavy-tailed; before the time-of-day curve). */
  public double weight() {
    return weight;
  }

  /** Probability that a handshake of this trunk is inbound. */
  public double inboundShare() {
    return inboundShare;
  }

  /** Whether the trunk is fixed at {@code eventTimeMillis}. */
  public boolean remediated(long eventTimeMillis) {
    return eventTimeMillis >= remediatedAtMillis;
  }

  /**
   * Whether calls route via the secondary SBC at {@code eventTimeMillis} (whether or not the trunk is
   * fixed by then). The schedule repeats every span, before and after the simulated span too.
   */
  public boolean onSecondary(long eventTimeMillis) {
    if (stretchBegin.length == 0) {
      return false;
    }
    long phase = Math.floorMod(eventTimeMillis - periodStart, period);
    for (int i = 0; i < stretchBegin.length; i++) {
      if (phase >= stretchBegin[i] && phase < stretchEnd[i]) {
        return true;
      }
    }
    return false;
  }

  /** The profile that negotiates a handshake in {@code direction} at {@code eventTimeMillis}. */
  public TlsProfile profile(Direction direction, long eventTimeMillis) {
    return profile(direction, eventTimeMillis, onSecondary(eventTimeMillis));
  }

  /** {@link #profile(Direction, long)} with {@link #onSecondary(long)} already known. */
  TlsProfile profile(Direction direction, long eventTimeMillis, boolean viaSecondary) {
    TlsProfile base = viaSecondary ? secondary : direction == Direction.INBOUND ? inbound : outbound;
    return eventTimeMillis >= remediatedAtMillis ? base.remediated() : base;
  }

  @Override
  public String toString() {
    return "TrunkPlan[" + trunkId + " " + scenario + " in=" + inbound + " out=" + outbound
        + (secondary == null ? "" : " secondary=" + secondary)
        + (remediatedAtMillis == NEVER ? "" : " fixedAt=" + remediatedAtMillis) + "]";
  }
}
