package io.cipherwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.simulate.EventTimeline;
import io.cipherwatch.simulate.FleetSimulator;
import io.cipherwatch.simulate.FleetSpec;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code cipherwatch.usage.emit=on-change} across a real restart: an exactly-once instance processes half of a
 * simulated day and stops; a new instance on an empty state directory restores the stores from their changelogs
 * and processes the rest. Filling its on-change rows forward gives exactly the rows an uninterrupted
 * every-window instance writes for the same input, and the fleet rows are the same.
 */
class OnChangeRestartIT {
  static final long MIN = 60_000L;
  static final long HOUR = 60 * MIN;
  static final int PARTITIONS = 2;
  static final Duration READ = Duration.ofSeconds(120);

  @Test
  void onChangeRowsFilledForwardAcrossARestartAreTheEveryWindowRows() throws Exception {
    long start = Math.floorDiv(System.currentTimeMillis() - 14 * HOUR, HOUR) * HOUR;
    List<HandshakeEvent> events = simulated(start);
    int half = 0;
    while (events.get(half).getTimestamp().toEpochMilli() < start + 6 * HOUR) {
      half++;
    }
    long tick = start + 14 * HOUR;
    // no wall-clock closing: the event times are hours old
    try (StreamsCluster c = new StreamsCluster(PARTITIONS, Map.of("cipherwatch.usage.emit", "on-change",
        "cipherwatch.input.idle-partition-timeout", "PT0S"))) {
      events.subList(0, half).forEach(c::send);
      c.flush();
      try (CipherwatchApp app = c.startApp(null)) {
        assertFalse(c.readAll(c.topic("usage"), CipherUsage.class, READ).isEmpty(), "rows before the restart");
      }
      events.subList(half, events.size()).forEach(c::send);
      c.tick(tick, PARTITIONS);
      c.flush();
      List<CipherUsage> onChange;
      List<FleetUsage> onChangeFleet;
      try (CipherwatchApp app = c.startApp(Files.createTempDirectory("cw-restored"))) {
        onChange = c.readAll(c.topic("usage"), CipherUsage.class, READ);
        onChangeFleet = c.readAll(c.topic("fleet"), FleetUsage.class, READ);
      }

      // the same input, uninterrupted, every-window: another application with its own outputs
      String p = c.prefix + "every-";
      c.base.put("application.id", p + "cipherwatch");
      c.base.put("cipherwatch.usage.emit", "every-window");
      for (String out : List.of("usage", "fleet", "alerts", "dlq")) {
        c.base.put("cipherwatch.topics." + out, p + out);
      }
      List<CipherUsage> every;
      List<FleetUsage> everyFleet;
      try (CipherwatchApp app = c.startApp(null)) {
        every = c.readAll(c.topic("usage"), CipherUsage.class, READ);
        everyFleet = c.readAll(c.topic("fleet"), FleetUsage.class, READ);
      }
      assertFillsForward(every, onChange);
      assertEquals(byWindow(everyFleet), byWindow(onChangeFleet), "fleet rows");
    }
  }

  /** The simulator's handshakes over 12 h, a quarter of the trunks silent from hour 5 to 7, in time order. */
  static List<HandshakeEvent> simulated(long start) {
    FleetSimulator sim = new FleetSimulator(FleetSpec.defaults(40, start, 12 * HOUR).withFaultRate(0), 11);
    EventTimeline timeline = new EventTimeline(start, 12 * HOUR, 3_000, sim::activity);
    List<HandshakeEvent> out = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      long t = timeline.timeOf(i);
      HandshakeEvent e = sim.next(t).event();
      long h = t - start;
      if (Math.floorMod(e.getTrunkId().hashCode(), 4) != 0 || h < 5 * HOUR || h >= 7 * HOUR) {
        out.add(e);
      }
    }
    return out;
  }

  static void assertFillsForward(List<CipherUsage> every, List<CipherUsage> onChange) {
    Map<String, TreeMap<Long, CipherUsage>> want = byKey(every);
    Map<String, TreeMap<Long, CipherUsage>> got = byKey(onChange);
    assertEquals(want.keySet(), got.keySet());
    assertTrue(onChange.size() < every.size(), onChange.size() + " on-change rows, " + every.size() + " in all");
    int zeros = 0;
    for (String key : want.keySet()) {
      long first = Math.min(want.get(key).firstKey(), got.get(key).firstKey());
      long last = Math.max(want.get(key).lastKey(), got.get(key).lastKey());
      CipherUsage current = null;
      for (long w = first; w <= last + 5 * MIN; w += 5 * MIN) {
        String at = key + " at " + Instant.ofEpochMilli(w);
        CipherUsage row = got.get(key).get(w);
        CipherUsage expected = want.get(key).get(w);
        if (row != null) {
          current = row;
          zeros += row.getHandshakes() == 0 ? 1 : 0;
          if (row.getHandshakes() > 0) {
            assertEquals(expected, row, at);
          }
        }
        if (expected == null) {
          assertTrue(current == null || current.getHandshakes() == 0, at + ": no row expected, filled " + current);
        } else {
          assertTrue(current != null && current.getHandshakes() > 0, at + ": expected " + expected);
          assertEquals(counts(expected), counts(current), at);
        }
      }
    }
    assertTrue(zeros > 0, "some keys went silent");
  }

  static List<Object> counts(CipherUsage u) {
    return List.of(u.getHandshakes(), u.getEstablishedHandshakes(), u.getFailedHandshakes(),
        u.getDeprecatedHandshakes(), u.getWouldBreakHandshakes(), u.getCleanHandshakes(),
        u.getOffersDeprecatedHandshakes(), u.getPrefersDeprecatedHandshakes(), u.getDeprecatedOnlyHandshakes(),
        new TreeMap<>(u.getCipherCounts()), u.getRiskLevel());
  }

  static Map<String, TreeMap<Long, CipherUsage>> byKey(List<CipherUsage> rows) {
    Map<String, TreeMap<Long, CipherUsage>> m = new HashMap<>();
    for (CipherUsage u : rows) {
      String key = u.getTrunkId() + "|" + u.getDirection();
      CipherUsage before = m.computeIfAbsent(key, k -> new TreeMap<>()).put(u.getWindowStart().toEpochMilli(), u);
      assertNull(before, "one row per key and window: " + key + " " + u.getWindowStart());
    }
    return m;
  }

  static Map<String, FleetUsage> byWindow(List<FleetUsage> rows) {
    Map<String, FleetUsage> m = new TreeMap<>();
    for (FleetUsage f : rows) {
      FleetUsage before = m.put(f.getDirection() + " " + f.getWindowStart(), f);
      assertNull(before, "one fleet row per direction and window: " + f.getDirection() + " " + f.getWindowStart());
    }
    return m;
  }
}
