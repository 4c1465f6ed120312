package io.cipherwatch.topology;

import static io.cipherwatch.topology.TopologyFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.policy.Classification;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated records (truncated, bit-flipped, length-lying Avro, random timestamps, suites, keys and
 * ticks) through the real deserializer and the whole topology: no exception escapes, no record hits an
 * unexpected error, and every record is either processed or dead-lettered, exactly.
 *
 * <p>Seeded: {@code -Dcipherwatch.fuzz.seed=...} reproduces a run, {@code -Dcipherwatch.fuzz.records=...} sets
 * its length (10,000 by default).
 */
class FuzzedInputTest {
  static final int RECORDS = Integer.getInteger("cipherwatch.fuzz.records", 10_000);
  static final long SEED = Long.getLong("cipherwatch.fuzz.seed", 20261202L);
  static final int[] SUITES = {0xC02F, 0xC030, 0x003D, 0xC028, 0x009C, 0x0035, 0x1301, 0x0A0A, 0xFAFA, 0x002F,
      0x1234, 0xFFFF, 0x0000};

  private TopologyFixture f;
  /** The driver's wall clock. */
  private long now;

  @AfterEach
  void close() {
    if (f != null) {
      f.close();
    }
  }

  /** Counts what the topology reports. */
  static final class Counts implements TopologyMetrics {
    final AtomicLong handshakes = new AtomicLong();
    final Map<String, Long> deadLetters = new TreeMap<>();

    @Override
    public void handshake(boolean inbound, Classification cls, int chosen) {
      handshakes.incrementAndGet();
    }

    @Override
    public synchronized void deadLetter(io.cipherwatch.policy.DeadLetterReason reason) {
      deadLetters.merge(reason.name(), 1L, Long::sum);
    }
  }

  @Test
  void everyRandomOrMutatedRecordIsProcessedOrDeadLetteredExactlyOnce() {
    Counts counts = new Counts();
    f = new TopologyFixture(Map.of("cipherwatch.input.max-future-skew", "PT5M",
        "cipherwatch.usage.window.size", "PT10M", "cipherwatch.usage.window.advance", "PT5M",
        "cipherwatch.usage.window.grace", "PT1M", "cipherwatch.input.max-record-bytes", "8192",
        "cipherwatch.input.max-offered-suites", "64"), counts);
    SplittableRandom rnd = new SplittableRandom(SEED);
    long ticksSent = 0;
    now = T0.toEpochMilli();
    Map<String, Long> kinds = new TreeMap<>();
    for (int i = 0; i < RECORDS; i++) {
      if (i % 100 == 99) {
        // the wall clock moves on (event time follows it), so FUTURE_TIMESTAMP is judged against a moving clock
        f.driver.advanceWallClockTime(java.time.Duration.ofMinutes(1));
        now += 60_000;
      }
      int kind = rnd.nextInt(100);
      String name;
      if (kind < 5) {
        ticksSent++;
        name = "tick";
        tick(rnd);
      } else {
        HandshakeEvent e = randomEvent(rnd, i);
        byte[] value = f.encode(e);
        byte[] key = randomKey(rnd, e);
        if (kind < 45) {
          name = "event";
        } else if (kind < 55) {
          name = "truncated";
          value = Arrays.copyOf(value, rnd.nextInt(value.length));
        } else if (kind < 70) {
          name = "bit-flipped";
          for (int flips = 1 + rnd.nextInt(4); flips > 0; flips--) {
            int at = rnd.nextInt(value.length);
            value[at] ^= (byte) (1 << rnd.nextInt(8));
          }
        } else if (kind < 80) {
          name = "length-lie";
          value = lengthLie(rnd, value);
        } else if (kind < 85) {
          name = "random-bytes";
          value = new byte[rnd.nextInt(64)];
          for (int j = 0; j < value.length; j++) {
            value[j] = (byte) rnd.nextInt(256);
          }
        } else if (kind < 88) {
          name = "oversized";
          value = Arrays.copyOf(value, 8192 + rnd.nextInt(100_000));
        } else if (kind < 90) {
          name = "null-value";
          value = null;
        } else {
          name = "event";
        }
        f.input.pipeInput(new TestRecord<>(key, value, randomRecordTime(rnd)));
      }
      kinds.merge(name, 1L, Long::sum);
    }

    List<DeadLetter> dls = f.deadLetters.readValuesToList();
    Map<String, Long> byReason = new TreeMap<>();
    long late = 0;
    long tickDeadLetters = 0;
    for (DeadLetter d : dls) {
      byReason.merge(d.getReason(), 1L, Long::sum);
      if (d.getReason().equals("LATE")) {
        late++;
      }
      if (d.getOriginalValue() == null && d.getOriginalKey() == null
          && (d.getReason().equals("BAD_TICK") || d.getReason().equals("FUTURE_TIMESTAMP"))) {
        tickDeadLetters++;
      }
    }
    String summary = "seed " + SEED + ", inputs " + kinds + ", dead letters " + byReason + ", handshakes "
        + counts.handshakes;
    assertEquals(byReason, counts.deadLetters, "every dead letter is counted once, by reason: " + summary);
    assertTrue(!byReason.containsKey("INTERNAL_ERROR") && !byReason.containsKey("UNPRODUCIBLE_OUTPUT"), summary);
    // a LATE event is processed (for alerts) and dead-lettered (for usage): count it once
    long accounted = counts.handshakes.get() + (dls.size() - late) + (ticksSent - tickDeadLetters);
    assertEquals(RECORDS, accounted, summary);
    assertTrue(counts.handshakes.get() > RECORDS / 10, "the generator makes valid events too: " + summary);
    for (String reason : List.of("CORRUPT_AVRO", "RECORD_TOO_LARGE", "UNDECODABLE", "KEY_MISMATCH",
        "FUTURE_TIMESTAMP", "TOO_MANY_SUITES", "CHOSEN_NOT_OFFERED", "BAD_TICK")) {
      assertTrue(byReason.containsKey(reason), reason + " was exercised: " + summary);
    }
  }

  private void tick(SplittableRandom rnd) {
    RecordHeaders h = new RecordHeaders();
    String v = switch (rnd.nextInt(4)) {
      case 0 -> "not-a-number";
      case 1 -> Long.toString(now + rnd.nextLong(-3_600_000L, 400L * 86_400_000L));
      default -> Long.toString(now + rnd.nextLong(-600_000L, 120_000L));
    };
    h.add(CipherwatchTopology.TICK_HEADER, v.getBytes(StandardCharsets.US_ASCII));
    f.input.pipeInput(new TestRecord<byte[], byte[]>(null, null, h, T0));
  }

  private HandshakeEvent randomEvent(SplittableRandom rnd, int i) {
    String trunk = rnd.nextInt(50) == 0 ? "" : "trunk-" + rnd.nextInt(40);
    List<Integer> offer = new ArrayList<>();
    int n = rnd.nextInt(30) == 0 ? 65 + rnd.nextInt(100) : rnd.nextInt(8);
    for (int j = 0; j < n; j++) {
      offer.add(rnd.nextInt(40) == 0 ? rnd.nextInt(-5, 70_000) : SUITES[rnd.nextInt(SUITES.length)]);
    }
    Integer chosen = switch (rnd.nextInt(6)) {
      case 0 -> null;
      case 1 -> SUITES[rnd.nextInt(SUITES.length)];
      default -> offer.isEmpty() ? 0xC02F : offer.get(rnd.nextInt(offer.size()));
    };
    long ts = switch (rnd.nextInt(20)) {
      case 0 -> rnd.nextLong(-1_000, 1);
      case 1 -> now + rnd.nextLong(1, 3650L * 86_400_000L);
      case 2 -> rnd.nextLong(1, Long.MAX_VALUE / 4);
      default -> now + rnd.nextLong(-3_600_000L, 240_000L);
    };
    return HandshakeEvent.newBuilder()
        .setEventId("f-" + i)
        .setEdgeId(rnd.nextInt(100) == 0 ? "e".repeat(300) : "edge-" + rnd.nextInt(5))
        .setTrunkId(trunk)
        .setDirection(rnd.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND)
        .setTimestamp(Instant.ofEpochMilli(ts))
        .setProtocolVersion("TLSv1.2")
        .setOfferedCipherSuites(offer)
        .setNegotiatedCipherSuite(chosen)
        .setOutcome(rnd.nextInt(4) == 0 ? HandshakeOutcome.FAILED : HandshakeOutcome.ESTABLISHED)
        .build();
  }

  private static byte[] randomKey(SplittableRandom rnd, HandshakeEvent e) {
    return switch (rnd.nextInt(20)) {
      case 0 -> null;
      case 1 -> "someone-else".getBytes(StandardCharsets.UTF_8);
      case 2 -> new byte[0];
      default -> e.getTrunkId().getBytes(StandardCharsets.UTF_8);
    };
  }

  private Instant randomRecordTime(SplittableRandom rnd) {
    return switch (rnd.nextInt(20)) {
      case 0 -> Instant.ofEpochMilli(now + rnd.nextLong(1, 3650L * 86_400_000L));
      case 1 -> Instant.ofEpochMilli(0);
      default -> Instant.ofEpochMilli(now + rnd.nextLong(-3_600_000L, 60_000L));
    };
  }

  /**
   * Inserts, after the 5-byte header, an Avro length (zig-zag varint) larger than what follows: up to 1 MiB, or
   * (one in four) up to 2 GiB, which only the decoder's checks of lengths against the bytes left keep from being
   * allocated.
   */
  private static byte[] lengthLie(SplittableRandom rnd, byte[] value) {
    int at = 5 + rnd.nextInt(Math.max(1, value.length - 5));
    long lie = value.length + 1 + (rnd.nextInt(4) == 0 ? rnd.nextLong(Integer.MAX_VALUE - value.length - 1L)
        : rnd.nextInt(1 << 20));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(value, 0, Math.min(at, value.length));
    long z = lie << 1;
    while ((z & ~0x7FL) != 0) {
      out.write((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    out.write((int) z);
    if (at < value.length) {
      out.write(value, at, value.length - at);
    }
    return out.toByteArray();
  }
}
