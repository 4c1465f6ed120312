package io.cipherwatch.it;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.policy.Classification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Handshake events whose classification is known by construction (not computed by the code under test), and
 * the expected per-window counts computed by brute force from them.
 */
final class Workload {
  /** An offer, chosen suite and direction producing a known class under the default policy. */
  record Shape(Direction dir, List<Integer> offer, Integer chosen, Classification cls) {}

  static final List<Shape> SHAPES = List.of(
      new Shape(Direction.INBOUND, List.of(0xC02F, 0xC030), 0xC02F, Classification.CLEAN),
      new Shape(Direction.INBOUND, List.of(0x0A0A, 0xC030, 0x003D), 0xC030, Classification.OFFERS_DEPRECATED),
      new Shape(Direction.INBOUND, List.of(0xC028, 0xC030), 0xC028, Classification.PREFERS_DEPRECATED),
      new Shape(Direction.INBOUND, List.of(0x003D, 0x002F), 0x003D, Classification.DEPRECATED_ONLY),
      new Shape(Direction.INBOUND, List.of(0xC030), null, Classification.FAILED),
      new Shape(Direction.OUTBOUND, List.of(0xC030, 0xC02F, 0xC028, 0x003D), 0xC030, Classification.CLEAN),
      new Shape(Direction.OUTBOUND, List.of(0xC030, 0xC02F, 0xC028, 0x003D), 0xC028, Classification.DEPRECATED_ONLY));

  final List<HandshakeEvent> events = new ArrayList<>();
  final List<Classification> classes = new ArrayList<>();

  /**
   * @param trunks number of trunks
   * @param count number of events
   * @param start event time of the first event
   * @param spanMillis event time covered, events spread evenly with up to {@code jitterMillis} disorder
   */
  Workload(long seed, int trunks, int count, long start, long spanMillis, long jitterMillis) {
    Random r = new Random(seed);
    for (int i = 0; i < count; i++) {
      // each trunk has a favourite shape so windows differ between trunks
      int trunk = r.nextInt(trunks);
      Shape s = SHAPES.get(r.nextInt(4) == 0 ? r.nextInt(SHAPES.size()) : trunk % SHAPES.size());
      long ts = start + spanMillis * i / count + (jitterMillis == 0 ? 0 : (long) (r.nextDouble() * jitterMillis));
      events.add(HandshakeEvent.newBuilder()
          .setEventId("ev-" + seed + "-" + i)
          .setEdgeId("edge-" + (trunk % 3))
          .setTrunkId("trunk-" + trunk)
          .setDirection(s.dir())
          .setTimestamp(Instant.ofEpochMilli(ts))
          .setProtocolVersion("TLSv1.2")
          .setOfferedCipherSuites(s.offer())
          .setNegotiatedCipherSuite(s.chosen())
          .setOutcome(s.chosen() == null ? HandshakeOutcome.FAILED : HandshakeOutcome.ESTABLISHED)
          .setFailureReason(s.chosen() == null ? "handshake_failure" : null)
          .build());
      classes.add(s.cls());
    }
  }

  long maxTimestamp() {
    return events.stream().mapToLong(e -> e.getTimestamp().toEpochMilli()).max().orElseThrow();
  }

  /** Expected counts by class, per "trunk|DIRECTION|windowStartMillis", for hopping windows. */
  Map<String, long[]> expectedWindows(long size, long advance) {
    Map<String, long[]> m = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      HandshakeEvent e = events.get(i);
      long ts = e.getTimestamp().toEpochMilli();
      for (long start = Math.floorDiv(ts, advance) * advance; start > ts - size; start -= advance) {
        m.computeIfAbsent(e.getTrunkId() + "|" + e.getDirection() + "|" + start,
            k -> new long[Classification.values().length])[classes.get(i).ordinal()]++;
      }
    }
    return m;
  }
}
