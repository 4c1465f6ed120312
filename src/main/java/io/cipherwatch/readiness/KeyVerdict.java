package io.cipherwatch.readiness;

import java.util.Objects;

/**
 * Where one (trunk, direction) stands for the readiness topic: the organization it counts for and its verdict and
 * counts over the period, as {@link Readiness#impact} judges it. The live topology passes a pair on only when
 * this differs ({@link #equals}) from what it passed on before, so an unchanged pair costs nothing downstream.
 *
 * @param organizationId the trunk's organization, null without metadata
 * @param organizationName its name, null when unknown
 * @param verdict the pair's verdict
 * @param handshakes all handshakes in the period
 * @param wouldBreak handshakes that would fail
 * @param unverified handshakes that are unverified
 */
public record KeyVerdict(String organizationId, String organizationName, Verdict verdict, long handshakes,
    long wouldBreak, long unverified) {

  /** The standing of a pair with the given metadata and counts. */
  public static KeyVerdict of(TrunkInfo info, ImpactCounts counts) {
    return new KeyVerdict(info.organizationId(), info.organizationName(), counts.verdict(), counts.handshakes(),
        counts.wouldBreak(), counts.unverified());
  }

  /** Whether this standing puts the pair in another organization than {@code previous} did. */
  public boolean movedFrom(KeyVerdict previous) {
    return previous != null && !Objects.equals(previous.organizationId, organizationId);
  }
}
