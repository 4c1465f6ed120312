package io.cipherwatch.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gauge {@code cipherwatch_edge_clock_skew_seconds{edge}}: per edge, the largest skew (event time minus wall
 * clock; positive = ahead) seen since the previous scrape, exported for at most {@code maxSeries} edges, those
 * with the largest absolute skew first, so the series stay bounded whatever edgeIds the wire carries. Between
 * scrapes at most {@link #MAX_TRACKED} edges are tracked (later ones wait for the next interval).
 */
final class EdgeSkewGauges {
  static final int MAX_TRACKED = 10_000;

  private final MultiGauge gauge;
  private final int maxSeries;
  private volatile Map<String, AtomicLong> current = new ConcurrentHashMap<>();

  EdgeSkewGauges(MeterRegistry registry, int maxSeries) {
    this.maxSeries = maxSeries;
    this.gauge = MultiGauge.builder(MetricNames.EDGE_CLOCK_SKEW.name())
        .description("Per edge (largest skews only): how far ahead (+) or behind (-) of the wall clock its event"
            + " times were, largest since the previous scrape")
        .register(registry);
  }

  /** Records one event's skew; allocation-free for an edge already tracked in this interval. */
  void record(String edgeId, long skewMillis) {
    Map<String, AtomicLong> m = current;
    AtomicLong v = m.get(edgeId);
    if (v == null) {
      if (m.size() >= MAX_TRACKED) {
        return;
      }
      v = m.computeIfAbsent(edgeId, k -> new AtomicLong(Long.MIN_VALUE));
    }
    v.accumulateAndGet(skewMillis, Math::max);
  }

  /**
   * Replaces the exported series by the worst edges of the interval just ended and starts a new interval; an
   * interval without any event keeps the series of the last one that had events (a quiet instance shows the last
   * skews it saw rather than nothing).
   */
  void publish() {
    Map<String, AtomicLong> m = current;
    if (m.isEmpty()) {
      return;
    }
    current = new ConcurrentHashMap<>();
    List<Map.Entry<String, Long>> rows = new ArrayList<>(m.size());
    m.forEach((edge, v) -> rows.add(Map.entry(edge, v.get())));
    rows.sort(Comparator.comparingLong((Map.Entry<String, Long> e) -> Math.abs(e.getValue())).reversed());
    List<MultiGauge.Row<?>> out = new ArrayList<>(Math.min(rows.size(), maxSeries));
    for (int i = 0; i < rows.size() && i < maxSeries; i++) {
      double seconds = rows.get(i).getValue() / 1000.0;
      out.add(MultiGauge.Row.of(Tags.of("edge", rows.get(i).getKey()), seconds));
    }
    gauge.register(out, true);
  }
}
