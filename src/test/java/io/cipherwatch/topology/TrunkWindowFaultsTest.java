package io.cipherwatch.topology;

import static io.cipherwatch.topology.CipherwatchTopologyTest.IN;
import static io.cipherwatch.topology.CipherwatchTopologyTest.MODERN;
import static io.cipherwatch.topology.CipherwatchTopologyTest.ONLY;
import static io.cipherwatch.topology.CipherwatchTopologyTest.at;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.alerting.AlertEngine;
import io.cipherwatch.avro.AlertState;
import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.policy.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the window-and-alert step does with faulty state and input (TopologyTestDriver, record cache off). */
class TrunkWindowFaultsTest {
  private final CountingMetrics metrics = new CountingMetrics();
  private final TopologyFixture f = new TopologyFixture(Map.of("cipherwatch.usage.window.size", "PT10M",
      "cipherwatch.usage.window.advance", "PT10M", "cipherwatch.usage.window.grace", "PT1M"), metrics);

  @AfterEach
  void close() {
    f.close();
  }

  private List<DeadLetter> deadLetters(DeadLetterReason reason) {
    return TopologyFixture.values(f.deadLetters).stream().filter(d -> d.getReason().equals(reason.name())).toList();
  }

  @Test
  void undecodableMetadataIsDeadLetteredOnceAndCountedAsOften() {
    TestInputTopic<String, byte[]> rawMetadata = f.driver.createInputTopic(f.cfg.metadataTopic(),
        Serdes.String().serializer(), Serdes.ByteArray().serializer());
    byte[] bad = "not avro".getBytes(StandardCharsets.UTF_8);
    rawMetadata.pipeInput("t1", bad, at(-30));
    // rows in three windows and an alert of t1, each built without its metadata
    for (int minute : new int[] {1, 12, 23}) {
      f.send("t1", IN, at(minute), ONLY, 0x003D);
    }
    f.send("t1", IN, at(40), MODERN, 0xC02F);

    List<DeadLetter> dl = deadLetters(DeadLetterReason.BAD_METADATA);
    assertEquals(1, dl.size(), "one dead letter for the one bad metadata value");
    DeadLetter d = dl.get(0);
    assertEquals("t1", d.getTrunkId());
    assertEquals(f.cfg.metadataTopic(), d.getTopic());
    assertArrayEquals(bad, d.getOriginalValue().array());
    assertArrayEquals("t1".getBytes(StandardCharsets.UTF_8), d.getOriginalKey().array());
    assertEquals(at(-30), d.getRecordTimestamp(), "the metadata record's own timestamp, kept by the store");
    assertEquals(1, metrics.deadLetters(DeadLetterReason.BAD_METADATA), "the counter agrees with the topic");
    assertFalse(TopologyFixture.values(f.usage).isEmpty());

    byte[] stillBad = "still not avro".getBytes(StandardCharsets.UTF_8);
    rawMetadata.pipeInput("t1", stillBad);
    f.send("t1", IN, at(51), MODERN, 0xC02F);
    f.send("t1", IN, at(62), MODERN, 0xC02F);
    dl = deadLetters(DeadLetterReason.BAD_METADATA);
    assertEquals(1, dl.size(), "a new bad value is dead-lettered once more");
    assertArrayEquals(stillBad, dl.get(0).getOriginalValue().array());
    assertEquals(2, metrics.deadLetters(DeadLetterReason.BAD_METADATA));
  }

  @Test
  void anIdlePartitionClosesItsWindowsByWallClockMinusGrace() {
    f.send("t1", IN, at(1), MODERN, 0xC02F);
    f.driver.advanceWallClockTime(Duration.ofMinutes(1));
    assertTrue(f.usage.isEmpty(), "one minute without records is not idle yet");
    f.driver.advanceWallClockTime(Duration.ofMinutes(12)); // wall clock at(13): idle, windows up to 13 - 1 close
    List<CipherUsage> rows = TopologyFixture.values(f.usage);
    assertEquals(1, rows.size());
    assertEquals(at(10), rows.get(0).getWindowEnd());
    assertEquals(1, TopologyFixture.values(f.fleet).size(), "the fleet's window is emitted too");
    assertEquals(at(10).toEpochMilli(), metrics.closedEnd.get(0), "the emission-lag gauge's input");
    // a record for the closed window is now late
    f.send("t1", IN, at(9), MODERN, 0xC02F);
    assertEquals(1, deadLetters(DeadLetterReason.LATE).size());
  }

  @Test
  void aPartitionWithRecordsIsNotAdvancedByTheWallClock() {
    for (int minute = 1; minute <= 10; minute++) {
      f.send("t1", IN, at(minute), MODERN, 0xC02F);
      f.driver.advanceWallClockTime(Duration.ofMinutes(1));
    }
    f.driver.advanceWallClockTime(Duration.ofSeconds(59));
    assertTrue(f.usage.isEmpty(), "records kept coming, so windows wait for event time");
  }

  @Test
  void aKeySilentForTheTtlIsEvictedAndItsOpenAlertResolved() {
    try (TopologyFixture g = new TopologyFixture(Map.of("cipherwatch.usage.window.size", "PT10M",
        "cipherwatch.usage.window.advance", "PT10M", "cipherwatch.usage.window.grace", "PT1M",
        "cipherwatch.state.idle-ttl", "PT1H"))) {
      g.send("t1", IN, at(1), ONLY, 0x003D); // opens DEPRECATED_ONLY, then t1 falls silent
      for (int minute = 2; minute <= 92; minute += 10) {
        g.send("t2", IN, at(minute), MODERN, 0xC02F); // keeps the partition's event time moving
      }
      List<DeprecationAlert> t1 = TopologyFixture.values(g.alerts).stream()
          .filter(a -> a.getTrunkId().equals("t1")).toList();
      assertEquals(2, t1.size());
      assertEquals(AlertState.OPEN, t1.get(0).getState());
      DeprecationAlert resolved = t1.get(1);
      assertEquals(AlertState.RESOLVED, resolved.getState());
      assertEquals(t1.get(0).getAlertId(), resolved.getAlertId());
      assertEquals(AlertEngine.EVICTED, resolved.getEventId());
      assertTrue(resolved.getMessage().contains("evicted"), resolved.getMessage());
      assertTrue(resolved.getEventTime().isAfter(at(61)), "resolved once silent for the TTL");

      KeyValueStore<Bytes, byte[]> state = g.driver.getKeyValueStore(StoreNames.TRUNK_STATE);
      assertNull(state.get(Bytes.wrap(StoreKeys.trunkState("t1", (byte) IN.ordinal()))), "t1's state evicted");
      assertNotNull(state.get(Bytes.wrap(StoreKeys.trunkState("t2", (byte) IN.ordinal()))));
      ReadOnlyKeyValueStore<String, CipherUsage> latest = g.usageLatest();
      assertNull(latest.get(StoreKeys.usageLatest("t1", IN)));
      assertNotNull(latest.get(StoreKeys.usageLatest("t2", IN)));

      g.send("t1", IN, at(100), ONLY, 0x003D);
      DeprecationAlert reopened = TopologyFixture.values(g.alerts).get(0);
      assertEquals(AlertState.OPEN, reopened.getState(), "a returning trunk starts afresh");
      assertFalse(reopened.getAlertId().equals(resolved.getAlertId()));
    }
  }
}
