package io.cipherwatch.metrics;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.policy.ActivePolicy;
import io.cipherwatch.policy.PolicyHolder;
import io.cipherwatch.readiness.DayBucket;
import io.cipherwatch.readiness.DayBucketCodec;
import io.cipherwatch.readiness.ImpactCounts;
import io.cipherwatch.readiness.OfferHistory;
import io.cipherwatch.readiness.ProbeResult;
import io.cipherwatch.readiness.Readiness;
import io.cipherwatch.readiness.RemovalImpact;
import io.cipherwatch.readiness.TrunkKey;
import io.cipherwatch.readiness.Verdict;
import io.cipherwatch.topology.ReadinessDays;
import io.cipherwatch.topology.StoreNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removal-readiness gauges for a dashboard, per removal set {@code set}: the live policy's deprecated set
 * ({@value #DEPRECATED}) and its named candidate sets (the first {@value #MAX_CANDIDATE_SETS} by name).
 *
 * <p>{@code cipherwatch_readiness_handshakes}, {@code _would_break}, {@code _unverified} (counts over the readiness
 * period) and {@code _trunks{verdict}} are computed from the days of offers ({@code trunk-state} and
 * {@code readiness-state}) of the partitions this instance's ACTIVE tasks own, so {@code sum} over instances is
 * the fleet's value (a trunk's events share one partition, as the input is keyed by trunk; its verdict is the
 * worst of its directions). A partition not queryable for a moment keeps its last read. The computation is
 * cached for {@link #LOCAL_TTL_MS}.
 *
 * <p>{@code cipherwatch_readiness_projected_ready_timestamp_seconds} is the fleet forecast the API computes (start
 * of the projected UTC day), the same on every instance (aggregate it with {@code max}); absent while the forecast
 * has no date. It is recomputed at most every {@link #FORECAST_TTL_MS}. A refresh never throws.
 */
public final class ReadinessGauges {
  /** The {@code set} label of the policy's deprecated set. */
  public static final String DEPRECATED = "deprecated";
  /** Candidate sets exported at most (bounds the series). */
  public static final int MAX_CANDIDATE_SETS = 8;
  static final long LOCAL_TTL_MS = 5_000;
  static final long FORECAST_TTL_MS = 60_000;
  private static final Logger LOG = LoggerFactory.getLogger(ReadinessGauges.class);

  private final PartitionedStores stores;
  private final PolicyHolder policy;
  private final Readiness readiness;
  private final Supplier<Map<String, ProbeResult>> probes;
  private final Supplier<Map<String, Instant>> forecast;
  private final LongSupplier clock;
  private final Map<Integer, List<Map.Entry<byte[], byte[]>>> lastRead = new HashMap<>();
  private final GaugeFamily handshakes;
  private final GaugeFamily wouldBreak;
  private final GaugeFamily unverified;
  private final GaugeFamily trunks;
  private final GaugeFamily projected;
  private long localAt = Long.MIN_VALUE;
  private long forecastAt = Long.MIN_VALUE;

  /**
   * Registers the gauges (rows appear at the first refresh).
   *
   * @param probes the latest probe per trunkId
   * @param forecast the fleet's projected ready instant per set label (sets without a date left out)
   * @param clock epoch milliseconds
   */
  public ReadinessGauges(MeterRegistry registry, PartitionedStores stores, PolicyHolder policy, Readiness readiness,
      Supplier<Map<String, ProbeResult>> probes, Supplier<Map<String, Instant>> forecast, LongSupplier clock) {
    this.stores = stores;
    this.policy = policy;
    this.readiness = readiness;
    this.probes = probes;
    this.forecast = forecast;
    this.clock = clock;
    handshakes = gauge(registry, MetricNames.READINESS_HANDSHAKES,
        "Handshakes over the readiness period of the trunks this instance owns, per removal set");
    wouldBreak = gauge(registry, MetricNames.READINESS_WOULD_BREAK,
        "Handshakes over the readiness period that would fail if the set were removed");
    unverified = gauge(registry, MetricNames.READINESS_UNVERIFIED,
        "Outbound handshakes over the readiness period whose remote chose a suite of the set, with no probe");
    trunks = gauge(registry, MetricNames.READINESS_TRUNKS,
        "Trunks by removal verdict (worst of their directions) over the readiness period, per removal set");
    projected = gauge(registry, MetricNames.READINESS_PROJECTED_READY,
        "Projected start of the UTC day the fleet's would-break share falls below the threshold, per set");
  }

  private static GaugeFamily gauge(MeterRegistry registry, MetricNames.Metric m, String description) {
    return new GaugeFamily(MultiGauge.builder(m.name()).description(description).register(registry));
  }

  /** The removal sets exported: the deprecated set, then the first candidate sets by name. */
  static Map<String, int[]> sets(ActivePolicy p) {
    Map<String, int[]> out = new LinkedHashMap<>();
    out.put(DEPRECATED, p.rules().deprecatedCodes());
    for (Map.Entry<String, int[]> e : p.candidateSets().entrySet()) {
      if (out.size() > MAX_CANDIDATE_SETS) {
        break;
      }
      out.putIfAbsent(e.getKey(), e.getValue());
    }
    return out;
  }

  /** Recomputes what is older than its cache time; call it right before each scrape. */
  public synchronized void refresh() {
    long now = clock.getAsLong();
    if (due(now, localAt, LOCAL_TTL_MS)) {
      localAt = now;
      try {
        refreshLocal(now);
      } catch (RuntimeException e) {
        LOG.warn("Computing the readiness gauges failed; keeping the previous values", e);
      }
    }
    if (due(now, forecastAt, FORECAST_TTL_MS)) {
      forecastAt = now;
      try {
        Set<String> exported = sets(policy.current()).keySet();
        List<GaugeRows.Sample> rows = new ArrayList<>();
        forecast.get().forEach((set, at) -> {
          if (exported.contains(set)) {
            rows.add(new GaugeRows.Sample(Tags.of("set", set), at.getEpochSecond()));
          }
        });
        projected.set(rows);
      } catch (RuntimeException e) {
        LOG.warn("Computing the readiness forecast failed; keeping the previous values: {}", e.toString());
      }
    }
  }

  /** Never computed, older than {@code ttl}, or the clock went back. */
  private static boolean due(long now, long at, long ttl) {
    return at == Long.MIN_VALUE || now - at >= ttl || now < at;
  }

  private void refreshLocal(long now) {
    long asOfDay = OfferHistory.epochDay(now);
    long firstDay = asOfDay - readiness.periodDays() + 1;
    // only the period's days are decoded (the store also keeps the forecast's older days)
    Map<TrunkKey, OfferHistory> histories = new HashMap<>();
    DayBucketCodec.histories(localEntries().stream()
        .filter(e -> e.getKey().length < 10 || DayBucketCodec.epochDay(e.getKey()) >= firstDay).iterator(), histories);
    Map<String, ProbeResult> latestProbes = probes.get();
    ActivePolicy p = policy.current();
    int[] supported = p.rules().supportedCodes();
    List<GaugeRows.Sample> h = new ArrayList<>();
    List<GaugeRows.Sample> w = new ArrayList<>();
    List<GaugeRows.Sample> u = new ArrayList<>();
    List<GaugeRows.Sample> t = new ArrayList<>();
    // the period's bucket of each (trunk, direction) is merged once and judged once per removal set
    Map<TrunkKey, DayBucket> periods = new HashMap<>(histories.size() * 2);
    histories.forEach((k, history) -> periods.put(k, history.period(firstDay, asOfDay)));
    for (Map.Entry<String, int[]> set : sets(p).entrySet()) {
      RemovalImpact impact = new RemovalImpact(supported, set.getValue());
      ImpactCounts total = new ImpactCounts();
      Map<String, Verdict> byTrunk = new HashMap<>();
      for (Map.Entry<TrunkKey, DayBucket> e : periods.entrySet()) {
        ImpactCounts c = ImpactCounts.of(e.getValue(), e.getKey().direction() == Direction.INBOUND,
            latestProbes.get(e.getKey().trunkId()), impact);
        total.add(c);
        if (c.verdict() != Verdict.NO_TRAFFIC) {
          byTrunk.merge(e.getKey().trunkId(), c.verdict(), Verdict::worst);
        }
      }
      Tags tags = Tags.of("set", set.getKey());
      h.add(new GaugeRows.Sample(tags, total.handshakes()));
      w.add(new GaugeRows.Sample(tags, total.wouldBreak()));
      u.add(new GaugeRows.Sample(tags, total.unverified()));
      Map<Verdict, Integer> counts = new HashMap<>();
      byTrunk.values().forEach(v -> counts.merge(v, 1, Integer::sum));
      for (Verdict v : Verdict.values()) {
        if (v != Verdict.NO_TRAFFIC) {
          t.add(new GaugeRows.Sample(tags.and("verdict", v.name()), counts.getOrDefault(v, 0)));
        }
      }
    }
    handshakes.set(h);
    wouldBreak.set(w);
    unverified.set(u);
    trunks.set(t);
  }

  /** The entries of every locally active partition; an unreadable one keeps its last read. */
  private List<Map.Entry<byte[], byte[]>> localEntries() {
    Set<Integer> owned = stores.activePartitions(StoreNames.READINESS_STATE);
    lastRead.keySet().retainAll(owned);
    List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
    for (int partition : owned) {
      try {
        List<Map.Entry<byte[], byte[]>> newest = stores.byteEntries(StoreNames.TRUNK_STATE, partition);
        lastRead.put(partition, ReadinessDays.merge(newest, stores.byteEntries(StoreNames.READINESS_STATE,
            partition)));
      } catch (InvalidStateStoreException e) {
        LOG.debug("readiness-state partition {} not queryable now, keeping its last read", partition);
      }
      List<Map.Entry<byte[], byte[]>> entries = lastRead.get(partition);
      if (entries != null) {
        out.addAll(entries);
      }
    }
    return out;
  }
}
