package io.cipherwatch.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cipherwatch.policy.ActivePolicy;
import io.cipherwatch.policy.CipherPolicy;
import io.cipherwatch.policy.PolicyHolder;
import io.cipherwatch.readiness.DayBucket;
import io.cipherwatch.readiness.DayBucketCodec;
import io.cipherwatch.readiness.OfferHistory;
import io.cipherwatch.readiness.Readiness;
import io.cipherwatch.topology.StoreNames;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The readiness gauges over the locally owned readiness-state partitions, per removal set. */
class ReadinessGaugesTest {
  static final Instant AS_OF = Instant.parse("2026-03-15T12:00:00Z");
  static final int[] S = {0x0035, 0x003D, 0x009C, 0x009D, 0xC014, 0xC028, 0xC02F, 0xC030};

  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final StoreGaugesTest.FakeStores stores = new StoreGaugesTest.FakeStores();
  final PolicyHolder policy = new PolicyHolder(ActivePolicy.defaults(new CipherPolicy(new int[] {0x003D, 0xC028}, S)));
  final AtomicLong clock = new AtomicLong(AS_OF.toEpochMilli());
  final AtomicInteger forecasts = new AtomicInteger();
  final Map<String, Instant> forecast = new HashMap<>();
  final ReadinessGauges gauges = new ReadinessGauges(registry, stores, policy, new Readiness(Duration.ofDays(7), 0.001),
      Map::of, () -> {
        forecasts.incrementAndGet();
        return forecast;
      }, clock::get);

  static Map.Entry<byte[], byte[]> day(String trunk, int dir, int count, int chosen, int... offer) {
    long d = OfferHistory.epochDay(AS_OF.toEpochMilli());
    DayBucket b = new DayBucket(d);
    for (int i = 0; i < count; i++) {
      b.add(offer, offer.length, chosen, chosen < 0);
    }
    return new AbstractMap.SimpleEntry<>(DayBucketCodec.key(trunk, dir, d), DayBucketCodec.encode(b));
  }

  /** Prometheus sample lines of one family, keyed by their label part. */
  Map<String, String> samples(MetricNames.Metric m) {
    Map<String, String> out = new TreeMap<>();
    for (String line : registry.scrape().split("\n")) {
      if (line.startsWith(m.prometheus() + "{")) {
        int close = line.lastIndexOf('}');
        out.put(line.substring(m.prometheus().length(), close + 1), line.substring(close + 2));
      }
    }
    return out;
  }

  void fill() {
    // a: inbound offers only 0x003D (breaks), outbound remote chose 0xC030; b: unaffected; c: changes suite
    stores.put(StoreNames.READINESS_STATE, 0, day("a", 0, 2, 0x003D, 0x003D), day("a", 1, 1, 0xC030, 0xC030),
        day("b", 0, 3, 0xC030, 0xC030, 0x009C));
    stores.put(StoreNames.READINESS_STATE, 1, day("c", 0, 1, 0xC028, 0xC028, 0xC030));
  }

  @Test
  void countsAndTrunkVerdictsPerRemovalSet() {
    policy.apply(new ActivePolicy(2, new CipherPolicy(new int[] {0x003D, 0xC028}, S), null,
        Map.of("ecdhe-gcm-256", new int[] {0xC030})));
    fill();
    gauges.refresh();
    assertEquals(Map.of("{set=\"deprecated\"}", "7.0", "{set=\"ecdhe-gcm-256\"}", "7.0"),
        samples(MetricNames.READINESS_HANDSHAKES));
    assertEquals(Map.of("{set=\"deprecated\"}", "2.0", "{set=\"ecdhe-gcm-256\"}", "0.0"),
        samples(MetricNames.READINESS_WOULD_BREAK));
    assertEquals(Map.of("{set=\"deprecated\"}", "0.0", "{set=\"ecdhe-gcm-256\"}", "1.0"),
        samples(MetricNames.READINESS_UNVERIFIED));
    Map<String, String> trunks = samples(MetricNames.READINESS_TRUNKS);
    assertEquals("1.0", trunks.get("{set=\"deprecated\",verdict=\"BREAKS\"}"));
    assertEquals("1.0", trunks.get("{set=\"deprecated\",verdict=\"CHANGES\"}"));
    assertEquals("1.0", trunks.get("{set=\"deprecated\",verdict=\"READY\"}"));
    assertEquals("0.0", trunks.get("{set=\"deprecated\",verdict=\"UNVERIFIED\"}"));
    assertEquals("1.0", trunks.get("{set=\"ecdhe-gcm-256\",verdict=\"UNVERIFIED\"}"));
    assertEquals("1.0", trunks.get("{set=\"ecdhe-gcm-256\",verdict=\"CHANGES\"}"));
    assertEquals("1.0", trunks.get("{set=\"ecdhe-gcm-256\",verdict=\"READY\"}"));
    assertEquals("0.0", trunks.get("{set=\"ecdhe-gcm-256\",verdict=\"BREAKS\"}"));
    assertEquals(8, trunks.size(), "no NO_TRAFFIC rows: " + trunks);
  }

  @Test
  void onlyActivePartitionsCountAndTheComputationIsCached() {
    fill();
    gauges.refresh();
    assertEquals(Map.of("{set=\"deprecated\"}", "7.0"), samples(MetricNames.READINESS_HANDSHAKES));
    stores.owned.get(StoreNames.READINESS_STATE).remove(1);
    clock.addAndGet(ReadinessGauges.LOCAL_TTL_MS - 1);
    gauges.refresh();
    assertEquals(Map.of("{set=\"deprecated\"}", "7.0"), samples(MetricNames.READINESS_HANDSHAKES), "cached");
    clock.addAndGet(1);
    gauges.refresh();
    assertEquals(Map.of("{set=\"deprecated\"}", "6.0"), samples(MetricNames.READINESS_HANDSHAKES),
        "partition 1 moved away");
    // a partition owned but not queryable for a moment keeps its last read
    stores.unreadable.add(0);
    clock.addAndGet(ReadinessGauges.LOCAL_TTL_MS);
    gauges.refresh();
    assertEquals(Map.of("{set=\"deprecated\"}", "6.0"), samples(MetricNames.READINESS_HANDSHAKES));
  }

  @Test
  void daysBeforeThePeriodDoNotCount() {
    long old = OfferHistory.epochDay(AS_OF.toEpochMilli()) - 7;
    DayBucket b = new DayBucket(old);
    b.add(new int[] {0x003D}, 1, 0x003D, false);
    stores.put(StoreNames.READINESS_STATE, 0, day("a", 0, 2, 0x003D, 0x003D),
        new AbstractMap.SimpleEntry<>(DayBucketCodec.key("z", 0, old), DayBucketCodec.encode(b)));
    gauges.refresh();
    assertEquals(Map.of("{set=\"deprecated\"}", "2.0"), samples(MetricNames.READINESS_HANDSHAKES));
    assertEquals("1.0", samples(MetricNames.READINESS_TRUNKS).get("{set=\"deprecated\",verdict=\"BREAKS\"}"));
  }

  @Test
  void candidateSetsAreBounded() {
    Map<String, int[]> many = new LinkedHashMap<>();
    IntStream.range(0, 20).forEach(i -> many.put(String.format("set-%02d", i), new int[] {0xC030}));
    policy.apply(new ActivePolicy(2, new CipherPolicy(new int[] {0x003D}, S), null, many));
    fill();
    gauges.refresh();
    Map<String, String> h = samples(MetricNames.READINESS_HANDSHAKES);
    assertEquals(1 + ReadinessGauges.MAX_CANDIDATE_SETS, h.size(), h.toString());
    assertEquals("7.0", h.get("{set=\"set-07\"}"));
  }

  @Test
  void projectedReadyDateIsAbsentWithoutADateAndRecomputedAtMostOncePerMinute() {
    policy.apply(new ActivePolicy(2, new CipherPolicy(new int[] {0x003D}, S), null,
        Map.of("cbc", new int[] {0xC014})));
    gauges.refresh();
    assertEquals(Map.of(), samples(MetricNames.READINESS_PROJECTED_READY));
    forecast.put("deprecated", Instant.parse("2026-04-01T00:00:00Z"));
    forecast.put("not-in-policy", Instant.parse("2026-05-01T00:00:00Z"));
    clock.addAndGet(ReadinessGauges.FORECAST_TTL_MS - 1);
    gauges.refresh();
    assertEquals(1, forecasts.get());
    assertEquals(Map.of(), samples(MetricNames.READINESS_PROJECTED_READY));
    clock.addAndGet(1);
    gauges.refresh();
    assertEquals(2, forecasts.get());
    Map<String, String> projected = samples(MetricNames.READINESS_PROJECTED_READY);
    assertEquals(1, projected.size(), projected.toString());
    assertEquals(Instant.parse("2026-04-01T00:00:00Z").getEpochSecond(),
        Double.parseDouble(projected.get("{set=\"deprecated\"}")));
  }
}
