package io.cipherwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The latency phase's alert reader: a reader that fails must fail the phase. It used to swallow its exception
 * (the thread died, {@code join} returned) and the phase reported the few latencies it had, or none, as figures.
 */
class AlertReaderTest {
  private static final TopicPartition P0 = new TopicPartition("alerts", 0);

  private static MockConsumer<byte[], byte[]> consumer() {
    MockConsumer<byte[], byte[]> c = new MockConsumer<>("earliest");
    c.updateBeginningOffsets(Map.of(P0, 0L));
    return c;
  }

  @Test
  void aFailingReaderFailsTheMeasurement() throws Exception {
    MockConsumer<byte[], byte[]> c = consumer();
    c.setPollException(new KafkaException("broker went away"));
    AlertReader reader = new AlertReader(() -> c, List.of(P0), 0);
    reader.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!reader.failed() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, reader::finish);
    assertTrue(e.getMessage().contains("broker went away"), e.getMessage());
    assertTrue(e.getCause() instanceof KafkaException);
  }

  @Test
  void aFailureInALatencyPhaseFailsTheRunWithThePhaseName() {
    BenchFailedException e = assertThrows(BenchFailedException.class, () -> Bench.phase("latency", () -> {
      throw new IllegalStateException("the alert reader failed, so no alert latency was measured");
    }));
    assertEquals("latency", e.phase());
    assertTrue(e.getMessage().startsWith("bench phase 'latency' failed: the alert reader failed"), e.getMessage());
  }

  @Test
  void aHealthyReaderRecordsTheLatencyOfAlertsFromTheMeasuredPeriod() throws Exception {
    MockConsumer<byte[], byte[]> c = consumer();
    long now = System.currentTimeMillis();
    c.schedulePollTask(() -> {
      c.addRecord(new ConsumerRecord<>("alerts", 0, 0, now - 50_000, org.apache.kafka.common.record.TimestampType
          .CREATE_TIME, 0, 0, new byte[0], new byte[0], new org.apache.kafka.common.header.internals.RecordHeaders(),
          java.util.Optional.empty()));
      c.addRecord(new ConsumerRecord<>("alerts", 0, 1, now, org.apache.kafka.common.record.TimestampType
          .CREATE_TIME, 0, 0, new byte[0], new byte[0], new org.apache.kafka.common.header.internals.RecordHeaders(),
          java.util.Optional.empty()));
    });
    AlertReader reader = new AlertReader(() -> c, List.of(P0), now - 1_000);
    reader.start();
    Thread.sleep(200);
    Percentiles p = reader.finish();
    assertEquals(1, p.count(), "the alert from before the measured period is not counted");
  }
}
