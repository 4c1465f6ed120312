package io.cipherwatch.readiness;

/**
 * What removing a candidate set does to the handshakes of one bucket (one (trunk, direction) over a day or the
 * period, or a sum of those): every share's denominator is {@link #handshakes()}, all handshakes counted, failed
 * ones included. Handshakes whose signature was folded into "other" cannot be evaluated and count as unverified.
 */
public final class ImpactCounts {
  private long handshakes;
  private long failed;
  private long wouldBreak;
  private long unverified;
  private long changes;
  private OfferCount breaksSample;
  private OfferCount unverifiedSample;
  private OfferCount changesSample;
  private OfferCount readySample;

  /** Evaluates every signature of a bucket. */
  public static ImpactCounts of(DayBucket b, boolean inbound, ProbeResult probe, RemovalImpact r) {
    ImpactCounts c = new ImpactCounts();
    for (OfferCount o : b.entries()) {
      long n = o.count();
      c.handshakes += n;
      switch (r.effect(o, inbound, probe)) {
        case FAILED -> c.failed += n;
        case BREAKS -> {
          c.wouldBreak += n;
          c.breaksSample = larger(c.breaksSample, o);
        }
        case UNVERIFIED -> {
          c.unverified += n;
          c.unverifiedSample = larger(c.unverifiedSample, o);
        }
        case CHANGES -> {
          c.changes += n;
          c.changesSample = larger(c.changesSample, o);
        }
        case UNAFFECTED -> c.readySample = larger(c.readySample, o);
        default -> throw new IllegalStateException();
      }
    }
    c.handshakes += b.otherEstablished() + b.otherFailed();
    c.failed += b.otherFailed();
    c.unverified += b.otherEstablished();
    return c;
  }

  private static OfferCount larger(OfferCount a, OfferCount b) {
    return a == null || b.count() > a.count() ? b : a;
  }

  /** Adds another bucket's counts (samples are not combined). */
  public void add(ImpactCounts o) {
    handshakes += o.handshakes;
    failed += o.failed;
    wouldBreak += o.wouldBreak;
    unverified += o.unverified;
    changes += o.changes;
  }

  /** The verdict these counts support. */
  public Verdict verdict() {
    if (handshakes == 0) {
      return Verdict.NO_TRAFFIC;
    }
    if (wouldBreak > 0) {
      return Verdict.BREAKS;
    }
    if (unverified > 0) {
      return Verdict.UNVERIFIED;
    }
    return changes > 0 ? Verdict.CHANGES : Verdict.READY;
  }

  /**
   * The most frequent signature that led to the verdict (for READY, the most frequent unaffected one); null for
   * NO_TRAFFIC, and for UNVERIFIED when only folded "other" handshakes are unverified.
   */
  public OfferCount sample() {
    return switch (verdict()) {
      case BREAKS -> breaksSample;
      case UNVERIFIED -> unverifiedSample;
      case CHANGES -> changesSample;
      case READY -> readySample;
      case NO_TRAFFIC -> null;
    };
  }

  public long handshakes() {
    return handshakes;
  }

  public long failed() {
    return failed;
  }

  public long wouldBreak() {
    return wouldBreak;
  }

  public long unverified() {
    return unverified;
  }

  public long changes() {
    return changes;
  }

  /** wouldBreak / handshakes, 0 without handshakes. */
  public double wouldBreakShare() {
    return handshakes == 0 ? 0 : (double) wouldBreak / handshakes;
  }
}
