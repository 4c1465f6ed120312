package io.cipherwatch.readiness;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.Settings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Computes a {@link ReadinessReport} from the offer histories of (trunk, direction) pairs; the live topology and
 * the offline command both call it. The period is the {@link #periodDays} UTC days ending with the as-of day;
 * the trend uses the last {@link #TREND_DAYS} UTC days.
 */
public final class Readiness {
  /** Days the forecast looks back. */
  public static final int TREND_DAYS = 14;
  private static final Comparator<String> NULLS_LAST = Comparator.nullsLast(Comparator.naturalOrder());

  private final int periodDays;
  private final double threshold;

  /**
   * @param period the readiness period, rounded up to whole UTC days (at least one)
   * @param threshold the fleet would-break share below which removal counts as safe
   */
  public Readiness(Duration period, double threshold) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("The readiness period must be positive, got " + period);
    }
    this.periodDays = (int) Math.max(1, (period.toMillis() + 86_399_999L) / 86_400_000L);
    this.threshold = threshold;
  }

  /** The instance configured by {@code cipherwatch.readiness.period} and {@code .threshold}. */
  public static Readiness from(CipherwatchConfig config) {
    return new Readiness(config.duration(Settings.READINESS_PERIOD),
        config.doubleValue(Settings.READINESS_THRESHOLD));
  }

  /** The period in whole days. */
  public int periodDays() {
    return periodDays;
  }

  /** Days of history a (trunk, direction) must keep to answer the period and the trend. */
  public int retentionDays() {
    return Math.max(periodDays, TREND_DAYS);
  }

  /**
   * Builds the report.
   *
   * @param histories the offer history per (trunk, direction)
   * @param metadata trunk metadata by trunkId (trunks listed here without history show as NO_TRAFFIC)
   * @param probes the latest probe per trunkId
   * @param impact the rules for R
   * @param asOf the end of the period
   */
  public ReadinessReport report(Map<TrunkKey, OfferHistory> histories, Map<String, TrunkInfo> metadata,
      Map<String, ProbeResult> probes, RemovalImpact impact, Instant asOf) {
    long asOfDay = OfferHistory.epochDay(asOf.toEpochMilli());
    List<ReadinessReport.TrunkRow> rows = new ArrayList<>();
    ImpactCounts fleet = new ImpactCounts();
    Map<TrunkKey, OfferHistory> sorted = new TreeMap<>(histories);
    Set<String> seen = new HashSet<>();
    for (Map.Entry<TrunkKey, OfferHistory> e : sorted.entrySet()) {
      TrunkKey k = e.getKey();
      seen.add(k.trunkId());
      ImpactCounts c = impact(e.getValue(), asOfDay, k.direction(), probes.get(k.trunkId()), impact);
      fleet.add(c);
      OfferCount sample = c.sample();
      rows.add(new ReadinessReport.TrunkRow(k.trunkId(), k.direction(),
          metadata.getOrDefault(k.trunkId(), TrunkInfo.UNKNOWN), c, sample == null ? null : sample.offer()));
    }
    for (Map.Entry<String, TrunkInfo> m : new TreeMap<>(metadata).entrySet()) {
      if (!seen.contains(m.getKey())) {
        for (Direction d : Direction.values()) {
          rows.add(new ReadinessReport.TrunkRow(m.getKey(), d, m.getValue(), new ImpactCounts(), null));
        }
      }
    }
    rows.sort(Comparator.comparing((ReadinessReport.TrunkRow r) -> r.verdict())
        .thenComparing(r -> r.info().organizationId(), NULLS_LAST)
        .thenComparing(ReadinessReport.TrunkRow::trunkId).thenComparing(ReadinessReport.TrunkRow::direction));
    List<Trend.Point> series = series(histories, probes, impact, asOfDay, k -> true);
    return new ReadinessReport(asOf, impact.removedCodes(), fleet, organizations(rows), rows, series,
        Trend.fit(series, threshold));
  }

  /**
   * What removing R does to one (trunk, direction) over the period ending with the as-of day: the counts behind
   * its row of {@link #report} (and so its verdict). The live topology judges a pair with this same method.
   *
   * @param history the pair's offer history (days outside the period are ignored)
   * @param probe the trunk's latest probe, or null
   */
  public ImpactCounts impact(OfferHistory history, long asOfDay, Direction direction, ProbeResult probe,
      RemovalImpact impact) {
    DayBucket period = history.period(firstDay(asOfDay), asOfDay);
    return ImpactCounts.of(period, direction == Direction.INBOUND, probe, impact);
  }

  /** The first UTC day of the period ending with {@code asOfDay}. */
  public long firstDay(long asOfDay) {
    return asOfDay - periodDays + 1;
  }

  /**
   * The daily would-break share of the selected (trunk, direction) pairs over the trend days ending with the
   * as-of day; days without traffic are left out.
   */
  public List<Trend.Point> series(Map<TrunkKey, OfferHistory> histories, Map<String, ProbeResult> probes,
      RemovalImpact impact, long asOfDay, Function<TrunkKey, Boolean> select) {
    List<Trend.Point> out = new ArrayList<>();
    for (long day = asOfDay - TREND_DAYS + 1; day <= asOfDay; day++) {
      ImpactCounts total = new ImpactCounts();
      for (Map.Entry<TrunkKey, OfferHistory> e : histories.entrySet()) {
        DayBucket b = select.apply(e.getKey()) ? e.getValue().day(day) : null;
        if (b != null) {
          total.add(ImpactCounts.of(b, e.getKey().direction() == Direction.INBOUND,
              probes.get(e.getKey().trunkId()), impact));
        }
      }
      if (total.handshakes() > 0) {
        out.add(new Trend.Point(LocalDate.ofEpochDay(day), total.wouldBreakShare()));
      }
    }
    return out;
  }

  /** Fits a trend to a series with this instance's threshold. */
  public Trend trend(List<Trend.Point> series) {
    return Trend.fit(series, threshold);
  }

  private static List<ReadinessReport.Organization> organizations(List<ReadinessReport.TrunkRow> rows) {
    Map<String, List<ReadinessReport.TrunkRow>> byOrg = new LinkedHashMap<>();
    for (ReadinessReport.TrunkRow r : rows) {
      byOrg.computeIfAbsent(r.info().organizationId(), k -> new ArrayList<>()).add(r);
    }
    List<ReadinessReport.Organization> out = new ArrayList<>();
    for (Map.Entry<String, List<ReadinessReport.TrunkRow>> e : byOrg.entrySet()) {
      Verdict v = null;
      ImpactCounts sum = new ImpactCounts();
      Set<String> trunks = new HashSet<>();
      String name = null;
      for (ReadinessReport.TrunkRow r : e.getValue()) {
        v = Verdict.worst(v, r.verdict());
        sum.add(r.counts());
        trunks.add(r.trunkId());
        if (name == null) {
          name = r.info().organizationName();
        }
      }
      out.add(new ReadinessReport.Organization(e.getKey(), name, v, trunks.size(), sum));
    }
    out.sort(Comparator.comparing(ReadinessReport.Organization::verdict)
        .thenComparing(ReadinessReport.Organization::organizationId, NULLS_LAST));
    return out;
  }
}
