package io.cipherwatch.readiness;

import io.cipherwatch.avro.Direction;
import java.time.Instant;
import java.util.List;

/**
 * The answer to "what breaks if we remove R now, for whom, and when will it be safe", as of one instant.
 *
 * @param asOf the end of the period
 * @param remove R, sorted
 * @param fleet the fleet's counts over the period
 * @param organizations one row per organization (null id for trunks without metadata), worst first
 * @param trunks one row per (trunk, direction), worst first
 * @param fleetSeries the fleet's daily would-break share over the trend days (days with traffic)
 * @param trend the fleet's trend and projected ready date
 */
public record ReadinessReport(Instant asOf, int[] remove, ImpactCounts fleet, List<Organization> organizations,
    List<TrunkRow> trunks, List<Trend.Point> fleetSeries, Trend trend) {

  /**
   * One organization.
   *
   * @param organizationId null for trunks without metadata
   * @param organizationName null when unknown
   * @param verdict the worst verdict of its (trunk, direction) rows
   * @param trunks how many distinct trunks it has in the report
   * @param counts the sum of its rows' counts
   */
  public record Organization(String organizationId, String organizationName, Verdict verdict, int trunks,
      ImpactCounts counts) {}

  /**
   * One (trunk, direction).
   *
   * @param trunkId the trunk
   * @param direction the direction
   * @param info the trunk's metadata ({@link TrunkInfo#UNKNOWN} when none)
   * @param counts its counts over the period
   * @param sampleOffer the most frequent offer that led to the verdict, or null
   */
  public record TrunkRow(String trunkId, Direction direction, TrunkInfo info, ImpactCounts counts,
      int[] sampleOffer) {
    public Verdict verdict() {
      return counts.verdict();
    }
  }
}
