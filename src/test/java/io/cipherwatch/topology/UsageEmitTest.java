package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.RiskLevel;
import io.cipherwatch.avro.TrunkMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * {@code cipherwatch.usage.emit}: the same simulated input in both modes. Filling the on-change rows forward (a
 * zero row standing for no row) gives exactly the every-window rows; every on-change row is one the contract
 * asks for; fleet rows, alerts and {@code usage-latest} do not depend on the mode.
 */
class UsageEmitTest {
  static final long MINUTE = 60_000L;
  static final long SIZE = 60 * MINUTE;
  static final long ADVANCE = 5 * MINUTE;

  /** What one run wrote. */
  record Run(List<CipherUsage> usage, List<FleetUsage> fleet, List<DeprecationAlert> alerts,
      Map<String, CipherUsage> latest) {}

  static Run run(String mode, SimulatedHandshakes in) {
    try (TopologyFixture f = new TopologyFixture(Map.of("cipherwatch.usage.emit", mode))) {
      for (TrunkMetadata md : in.trunks) {
        f.metadata.pipeInput(md.getTrunkId(), md);
      }
      long last = 0;
      for (HandshakeEvent e : in.events) {
        f.send(e);
        last = e.getTimestamp().toEpochMilli();
      }
      f.tick(Instant.ofEpochMilli(last + SIZE + 3 * ADVANCE));
      Map<String, CipherUsage> latest = new TreeMap<>();
      ReadOnlyKeyValueStore<String, CipherUsage> store = f.usageLatest();
      try (KeyValueIterator<String, CipherUsage> it = store.all()) {
        while (it.hasNext()) {
          KeyValue<String, CipherUsage> kv = it.next();
          latest.put(kv.key, kv.value);
        }
      }
      assertTrue(f.deadLetters.isEmpty(), "no dead letters");
      return new Run(TopologyFixture.values(f.usage), TopologyFixture.values(f.fleet),
          TopologyFixture.values(f.alerts), latest);
    }
  }

  @Test
  void fillingOnChangeRowsForwardGivesTheEveryWindowRows() {
    SimulatedHandshakes in = new SimulatedHandshakes(TopologyFixture.T0.toEpochMilli(), 4_000, 60, 17);
    Run every = run("every-window", in);
    Run onChange = run("on-change", in);

    Map<String, TreeMap<Long, CipherUsage>> expected = byKeyAndWindow(every.usage());
    Map<String, TreeMap<Long, CipherUsage>> changes = byKeyAndWindow(onChange.usage());
    assertEquals(expected.keySet(), changes.keySet());
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (CipherUsage u : every.usage()) {
      first = Math.min(first, start(u));
      last = Math.max(last, start(u));
    }
    int zeros = 0;
    int skipped = 0;
    for (String key : expected.keySet()) {
      Map<Long, CipherUsage> want = expected.get(key);
      Map<Long, CipherUsage> got = changes.get(key);
      CipherUsage current = null;
      for (long w = first - ADVANCE; w <= last + 2 * ADVANCE; w += ADVANCE) {
        String at = key + " at " + Instant.ofEpochMilli(w);
        CipherUsage row = got.get(w);
        CipherUsage everyRow = want.get(w);
        CipherUsage before = want.get(w - ADVANCE);
        if (row != null) {
          // bounds of its own window
          assertEquals(w, start(row), at);
          assertEquals(w + SIZE, row.getWindowEnd().toEpochMilli(), at);
          if (row.getHandshakes() == 0) {
            zeros++;
            assertNull(everyRow, at + ": a zero row only for a window without a row");
            assertNotNull(before, at + ": a zero row only after a window with a row");
            assertEquals(RiskLevel.CLEAN, row.getRiskLevel(), at);
            assertTrue(row.getCipherCounts().isEmpty(), at);
          } else {
            // a written row is the every-window row itself, and only when it differs from the one before
            assertEquals(everyRow, row, at);
            assertTrue(before == null || !counts(before).equals(counts(row)), at + ": unchanged row written");
          }
          current = row;
        } else if (everyRow != null) {
          skipped++;
        }
        boolean silent = current == null || current.getHandshakes() == 0;
        if (everyRow == null) {
          assertTrue(silent, at + ": no row expected, filled forward " + current);
        } else {
          assertFalse(silent, at + ": expected " + everyRow);
          assertEquals(counts(everyRow), counts(current), at);
        }
      }
    }
    assertTrue(zeros > 0 && skipped > 0, zeros + " zero rows, " + skipped + " skipped rows");
    assertTrue(onChange.usage().size() < every.usage().size(),
        onChange.usage().size() + " on-change rows, " + every.usage().size() + " every-window rows");
    assertEquals(every.fleet(), onChange.fleet(), "fleet rows");
    assertFalse(every.fleet().isEmpty());
    assertEquals(every.alerts(), onChange.alerts(), "alerts");
    assertEquals(every.latest(), onChange.latest(), "usage-latest");
    // usage-latest, computed from trunk-state on read, is each key's last row written in every-window mode
    Map<String, CipherUsage> lastWritten = new TreeMap<>();
    expected.forEach((key, rows) -> lastWritten.put(key, rows.lastEntry().getValue()));
    assertEquals(lastWritten, every.latest(), "usage-latest against the last written rows");
  }

  // ------------------------------------------------------------------------------------------ edge cases

  static final Instant H = Instant.parse("2026-03-02T10:00:00Z");

  static Instant at(int minutes) {
    return H.plusSeconds(minutes * 60L);
  }

  /** 10-minute windows every 5 minutes, one minute of grace; every event an identical clean handshake. */
  static List<String> windows(String mode, int... minutes) {
    try (TopologyFixture f = new TopologyFixture(Map.of("cipherwatch.usage.emit", mode,
        "cipherwatch.usage.window.size", "PT10M", "cipherwatch.usage.window.advance", "PT5M",
        "cipherwatch.usage.window.grace", "PT1M"))) {
      for (int m : minutes) {
        f.send("t1", Direction.INBOUND, at(m), List.of(0xC030), 0xC030);
      }
      f.tick(at(minutes[minutes.length - 1] + 30));
      List<String> rows = new ArrayList<>();
      for (CipherUsage u : TopologyFixture.values(f.usage)) {
        rows.add(u.getWindowEnd().toString().substring(11, 16) + "=" + u.getHandshakes());
      }
      return rows;
    }
  }

  @Test
  void anUnchangedWindowIsSkippedAndASilentKeyGetsOneZeroRow() {
    // panes 10:00, 10:05, 10:10 with one handshake each: windows ending 10:05 (1), 10:10 (2), 10:15 (2), 10:20 (1)
    assertEquals(List.of("10:05=1", "10:10=2", "10:15=2", "10:20=1"), windows("every-window", 1, 6, 11));
    assertEquals(List.of("10:05=1", "10:10=2", "10:20=1", "10:25=0"), windows("on-change", 1, 6, 11));
  }

  @Test
  void aKeyBackAfterSilenceGetsARowAgain() {
    assertEquals(List.of("10:05=1", "10:10=1", "10:45=1", "10:50=1"), windows("every-window", 1, 41));
    // 10:10 and 10:50 repeat the window before; 10:15 and 10:55 are the first windows without a handshake
    assertEquals(List.of("10:05=1", "10:15=0", "10:45=1", "10:55=0"), windows("on-change", 1, 41));
  }

  /** On-change rows of t1 (inbound) for handshakes at the given minutes, each negotiating the given suite. */
  static List<String> suiteWindows(int[] minutes, int[] suites) {
    try (TopologyFixture f = new TopologyFixture(Map.of("cipherwatch.usage.emit", "on-change",
        "cipherwatch.usage.window.size", "PT10M", "cipherwatch.usage.window.advance", "PT5M",
        "cipherwatch.usage.window.grace", "PT1M"))) {
      for (int i = 0; i < minutes.length; i++) {
        f.send("t1", Direction.INBOUND, at(minutes[i]), List.of(0xC030, 0xC02F), suites[i]);
      }
      f.tick(at(40));
      List<String> rows = new ArrayList<>();
      for (CipherUsage u : TopologyFixture.values(f.usage)) {
        rows.add(u.getWindowEnd().toString().substring(11, 16) + "=" + new TreeMap<>(u.getCipherCounts()));
      }
      return rows;
    }
  }

  @Test
  void anotherSuiteAloneIsAChangeTheOrderOfSuitesIsNot() {
    String a = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
    String b = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    // 10:15 has as many handshakes, all CLEAN, as 10:05, but with another suite
    assertEquals(List.of("10:05={" + a + "=1}", "10:15={" + b + "=1}", "10:25={}"),
        suiteWindows(new int[] {1, 11}, new int[] {0xC030, 0xC02F}));
    // panes 10:00 and 10:10 hold the same suites, met in the opposite order: 10:15 repeats 10:10
    assertEquals(List.of("10:05={" + b + "=1, " + a + "=1}", "10:25={}"),
        suiteWindows(new int[] {1, 2, 11, 12}, new int[] {0xC030, 0xC02F, 0xC02F, 0xC030}));
  }

  // ------------------------------------------------------------------------------------------ helpers

  static long start(CipherUsage u) {
    return u.getWindowStart().toEpochMilli();
  }

  /** The fields a consumer fills forward: the counts and what follows from them. */
  static List<Object> counts(CipherUsage u) {
    return List.of(u.getHandshakes(), u.getEstablishedHandshakes(), u.getFailedHandshakes(),
        u.getDeprecatedHandshakes(), u.getDeprecatedShare(), u.getWouldBreakHandshakes(), u.getWouldBreakShare(),
        u.getCleanHandshakes(), u.getOffersDeprecatedHandshakes(), u.getPrefersDeprecatedHandshakes(),
        u.getDeprecatedOnlyHandshakes(), new TreeMap<>(u.getCipherCounts()), u.getRiskLevel());
  }

  static Map<String, TreeMap<Long, CipherUsage>> byKeyAndWindow(List<CipherUsage> rows) {
    Map<String, TreeMap<Long, CipherUsage>> m = new HashMap<>();
    for (CipherUsage u : rows) {
      String key = u.getTrunkId() + "|" + u.getDirection();
      CipherUsage before = m.computeIfAbsent(key, k -> new TreeMap<>()).put(start(u), u);
      assertNull(before, "one row per key and window: " + key + " " + u.getWindowStart());
    }
    return m;
  }
}
