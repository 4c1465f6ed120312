package io.cipherwatch.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class EdgeSkewGaugesTest {
  @Test
  void exportsTheLargestSkewPerEdgeForTheWorstEdgesOnly() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerTopologyMetrics m = new MicrometerTopologyMetrics(registry, 2);
    m.clockSkew("fast", 120_000);
    m.clockSkew("fast", 60_000);
    m.clockSkew("slow", -600_000);
    m.clockSkew("fine", 1_000);
    m.refresh();
    assertEquals(120.0, gauge(registry, "fast"));
    assertEquals(-600.0, gauge(registry, "slow"));
    assertNull(registry.find(MetricNames.EDGE_CLOCK_SKEW.name()).tag("edge", "fine").gauge(), "only the 2 worst");
    assertEquals(3, registry.find(MetricNames.EDGE_CLOCK_AHEAD.name()).summary().count(), "events ahead only");
    // a new interval: edges without events disappear
    m.clockSkew("fine", 2_000);
    m.refresh();
    assertNull(registry.find(MetricNames.EDGE_CLOCK_SKEW.name()).tag("edge", "fast").gauge());
    assertEquals(2.0, gauge(registry, "fine"));
    // an interval without any event keeps the last series
    m.refresh();
    assertEquals(2.0, gauge(registry, "fine"));
  }

  @Test
  void registryWaitIsVisible() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerTopologyMetrics m = new MicrometerTopologyMetrics(registry, 2);
    m.parked(1, 10);
    m.parked(4, 5);
    m.registryUnavailable();
    assertEquals(true, m.registryHealth().waiting());
    assertEquals(2.0, registry.find(MetricNames.REGISTRY_WAITING_PARTITIONS.name()).gauge().value());
    assertEquals(15.0, registry.find(MetricNames.PARKED_RECORDS.name()).gauge().value());
    assertEquals(1.0, registry.find(MetricNames.REGISTRY_UNAVAILABLE.name()).counter().count());
    m.parked(1, 0);
    m.parked(4, 0);
    assertEquals(false, m.registryHealth().waiting());
  }

  private static double gauge(SimpleMeterRegistry r, String edge) {
    return r.find(MetricNames.EDGE_CLOCK_SKEW.name()).tag("edge", edge).gauge().value();
  }
}
