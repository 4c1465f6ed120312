package io.cipherwatch.topology;

import static io.cipherwatch.topology.TopologyFixture.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.policy.Classification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Input an operator did not expect: each record is dead-lettered with its own reason and the partition goes on. */
class HostileInputTest {
  static final List<Integer> MODERN = List.of(0xC02F, 0xC030);
  static final Direction IN = Direction.INBOUND;

  private TopologyFixture f;

  @AfterEach
  void close() {
    if (f != null) {
      f.close();
    }
  }

  private TopologyFixture fixture(Map<String, String> more, TopologyMetrics metrics) {
    Map<String, String> m = new HashMap<>(Map.of("cipherwatch.usage.window.size", "PT10M",
        "cipherwatch.usage.window.advance", "PT10M", "cipherwatch.usage.window.grace", "PT1M"));
    m.putAll(more);
    f = new TopologyFixture(m, metrics);
    return f;
  }

  static Instant at(int minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private DeadLetter onlyDeadLetter() {
    List<DeadLetter> dls = TopologyFixture.values(f.deadLetters);
    assertEquals(1, dls.size(), dls.toString());
    return dls.get(0);
  }

  @Test
  void oversizedRecordIsRejectedBeforeDecodingAndItsDeadLetterKeepsOnlyTheHead() {
    fixture(Map.of("cipherwatch.input.max-record-bytes", "10000"), TopologyMetrics.NONE);
    byte[] value = new byte[200_000];
    Arrays.fill(value, (byte) 7);
    f.sendRaw(utf8("t1"), value);
    DeadLetter dl = onlyDeadLetter();
    assertEquals("RECORD_TOO_LARGE", dl.getReason());
    assertEquals(DeadLetters.MAX_ORIGINAL_BYTES, dl.getOriginalValue().remaining());
    assertEquals(200_000, dl.getOriginalValueSize());
    assertEquals(2, dl.getOriginalKeySize());
    assertTrue(dl.getMessage().contains("200002 bytes, limit 10000"), dl.getMessage());
    // the partition goes on
    f.send("t1", IN, at(1), MODERN, 0xC02F);
    f.tick(at(30));
    assertEquals(1, TopologyFixture.values(f.usage).size());
  }

  @Test
  void tooManySuitesAndLongIdsAreRejected() {
    fixture(Map.of("cipherwatch.input.max-offered-suites", "100"), TopologyMetrics.NONE);
    List<Integer> big = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      big.add(0x1300 + i);
    }
    f.send("t1", IN, at(1), big, 0x1300);
    assertEquals("TOO_MANY_SUITES", onlyDeadLetter().getReason());
    f.send(f.event("t1", IN, at(1), MODERN, 0xC02F).setEdgeId("e".repeat(257)).build());
    DeadLetter dl = onlyDeadLetter();
    assertEquals("ID_TOO_LONG", dl.getReason());
    f.send(f.event("t1", IN, at(1), MODERN, 0xC02F).setEdgeId("e".repeat(256)).build());
    assertTrue(f.deadLetters.isEmpty(), "256 characters are allowed");
  }

  @Test
  void recordKeyedOtherwiseThanByTrunkIdIsKeyMismatch() {
    fixture(Map.of(), TopologyMetrics.NONE);
    HandshakeEvent e = f.event("trunk-ä", IN, at(1), MODERN, 0xC02F).build();
    f.sendRaw(utf8("trunk-ä"), f.encode(e));
    assertTrue(f.deadLetters.isEmpty(), "a non-ASCII trunkId keyed by its UTF-8 bytes matches");
    f.sendRaw(utf8("other"), f.encode(e));
    DeadLetter dl = onlyDeadLetter();
    assertEquals("KEY_MISMATCH", dl.getReason());
    assertEquals("trunk-ä", dl.getTrunkId());
    f.sendRaw(null, f.encode(e));
    assertEquals("KEY_MISMATCH", onlyDeadLetter().getReason());
    f.sendRaw(utf8("trunk-äx"), f.encode(e));
    assertEquals("KEY_MISMATCH", onlyDeadLetter().getReason());
  }

  @Test
  void farFutureEventOrTickIsRejectedAndDoesNotMoveEventTime() {
    // the driver's wall clock is T0; events up to 5 minutes ahead of it are fine
    fixture(Map.of("cipherwatch.input.max-future-skew", "PT5M"), TopologyMetrics.NONE);
    f.send("t1", IN, at(1), MODERN, 0xC02F);
    f.send("t1", IN, at(5), MODERN, 0xC02F);
    assertTrue(f.deadLetters.isEmpty());
    f.send("t1", IN, T0.plus(Duration.ofDays(400)), MODERN, 0xC02F);
    DeadLetter dl = onlyDeadLetter();
    assertEquals("FUTURE_TIMESTAMP", dl.getReason());
    f.tick(T0.plus(Duration.ofDays(1)));
    assertEquals("FUTURE_TIMESTAMP", onlyDeadLetter().getReason());
    assertTrue(f.usage.isEmpty(), "no window closed");
    // a later event of the first window is on time, not LATE
    f.send("t1", IN, at(2), MODERN, 0xC02F);
    assertTrue(f.deadLetters.isEmpty());
    f.driver.advanceWallClockTime(Duration.ofHours(1));
    f.tick(at(30));
    List<CipherUsage> rows = TopologyFixture.values(f.usage);
    assertEquals(1, rows.size());
    assertEquals(3, rows.get(0).getHandshakes());
  }

  @Test
  void farFutureRecordTimestampDoesNotReachTheDeadLetterTopic() {
    fixture(Map.of("cipherwatch.input.max-future-skew", "PT5M"), TopologyMetrics.NONE);
    long farFuture = System.currentTimeMillis() + Duration.ofDays(3650).toMillis();
    f.input.pipeInput(new TestRecord<>(utf8("k"), utf8("garbage"), Instant.ofEpochMilli(farFuture)));
    List<TestRecord<String, DeadLetter>> dls = f.deadLetters.readRecordsToList();
    assertEquals(1, dls.size());
    assertTrue(dls.get(0).getRecordTime().toEpochMilli() < farFuture, "stamped with the partition's time");
  }

  @Test
  void anExceptionWhileProcessingOneRecordIsAnInternalErrorAndThePartitionGoesOn() {
    TopologyMetrics failing = new TopologyMetrics() {
      @Override
      public void handshake(boolean inbound, Classification cls, int chosen) {
        if (chosen == 0xC030) {
          throw new IllegalStateException("boom");
        }
      }
    };
    fixture(Map.of(), failing);
    HandshakeEvent bad = f.event("t1", IN, at(1), MODERN, 0xC030).build();
    f.send(bad);
    DeadLetter dl = onlyDeadLetter();
    assertEquals("INTERNAL_ERROR", dl.getReason());
    assertTrue(dl.getMessage().contains("processor window-and-alert: java.lang.IllegalStateException: boom"),
        dl.getMessage());
    assertArrayEquals(f.encode(bad), bytes(dl.getOriginalValue()));
    f.send("t1", IN, at(2), MODERN, 0xC02F);
    f.tick(at(30));
    assertEquals(1, TopologyFixture.values(f.usage).size());
  }

  private static byte[] bytes(java.nio.ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }
}
