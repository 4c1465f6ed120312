package io.cipherwatch.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.policy.Classification;
import io.cipherwatch.policy.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MicrometerTopologyMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerTopologyMetrics metrics = new MicrometerTopologyMetrics(registry);

  private Set<String> cipherLabels() {
    Set<String> out = new TreeSet<>();
    registry.find(MetricNames.HANDSHAKES_BY_CIPHER.name()).counters().forEach(c -> out.add(c.getId().getTag("cipher")));
    return out;
  }

  @Test
  void codesOutsideTheCatalogShareOneCipherLabel() {
    metrics.handshake(true, Classification.CLEAN, 0xC02F);
    for (int code = 0x5000; code < 0x5000 + 1000; code++) { // unassigned
      metrics.handshake(true, Classification.CLEAN, code);
      metrics.handshake(false, Classification.CLEAN, code);
    }
    metrics.handshake(true, Classification.CLEAN, 0x0A0A); // GREASE is no suite either
    assertEquals(Set.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", MicrometerTopologyMetrics.OTHER_CIPHER),
        cipherLabels());
    Counter otherIn = registry.find(MetricNames.HANDSHAKES_BY_CIPHER.name())
        .tags("direction", "INBOUND", "cipher", MicrometerTopologyMetrics.OTHER_CIPHER).counter();
    assertEquals(1001.0, otherIn.count());
    assertEquals(3, registry.find(MetricNames.HANDSHAKES_BY_CIPHER.name()).counters().size());
  }

  @Test
  void deadLettersAreCountedByReason() {
    metrics.deadLetter(DeadLetterReason.LATE);
    metrics.deadLetter(DeadLetterReason.LATE);
    metrics.deadLetter(DeadLetterReason.BAD_METADATA);
    assertEquals(2.0, registry.find(MetricNames.DEAD_LETTERS.name()).tag("reason", "LATE").counter().count());
    assertEquals(2, registry.find(MetricNames.DEAD_LETTERS.name()).counters().size());
  }

  @Test
  void emissionLagHasOneGaugePerPartitionOfThisInstance() {
    metrics.windowsClosed(3, Long.MIN_VALUE);
    assertTrue(Double.isNaN(registry.find(MetricNames.EMISSION_LAG.name()).tag("partition", "3").gauge().value()),
        "no window closed yet");
    metrics.windowsClosed(3, 0);
    assertTrue(registry.find(MetricNames.EMISSION_LAG.name()).tag("partition", "3").gauge().value() > 0);
    metrics.windowsClosed(5, System.currentTimeMillis() + 3_600_000);
    assertTrue(registry.find(MetricNames.EMISSION_LAG.name()).tag("partition", "5").gauge().value() < 0);
    metrics.partitionReleased(3);
    assertEquals(1, registry.find(MetricNames.EMISSION_LAG.name()).gauges().size(), "released partitions vanish");
  }
}
