package io.cipherwatch.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.OrganizationReadiness;
import io.cipherwatch.avro.ReadinessVerdict;
import io.cipherwatch.metrics.Records;
import io.cipherwatch.serde.AvroSerde;
import io.cipherwatch.policy.Classification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The topology on a real broker with exactly-once, outputs read with read_committed. */
class TopologyIT {
  static final long HOUR = 3_600_000L;
  static final long MIN = 60_000L;

  static long[] counts(CipherUsage u) {
    long[] c = new long[Classification.values().length];
    c[Classification.FAILED.ordinal()] = u.getFailedHandshakes();
    c[Classification.DEPRECATED_ONLY.ordinal()] = u.getDeprecatedOnlyHandshakes();
    c[Classification.PREFERS_DEPRECATED.ordinal()] = u.getPrefersDeprecatedHandshakes();
    c[Classification.OFFERS_DEPRECATED.ordinal()] = u.getOffersDeprecatedHandshakes();
    c[Classification.CLEAN.ordinal()] = u.getCleanHandshakes();
    return c;
  }

  static void assertWindowsMatch(Map<String, long[]> expected, List<CipherUsage> rows) {
    Map<String, long[]> actual = new HashMap<>();
    for (CipherUsage u : rows) {
      String key = u.getTrunkId() + "|" + u.getDirection() + "|" + u.getWindowStart().toEpochMilli();
      long[] prev = actual.put(key, counts(u));
      assertEquals(null, prev, "window emitted twice: " + key);
    }
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      long[] a = actual.get(e.getKey());
      assertTrue(a != null, "window missing: " + e.getKey());
      assertArrayEquals(e.getValue(), a, "counts of " + e.getKey());
    }
    assertEquals(expected.size(), actual.size(), "no unexpected windows");
  }

  @Test
  void exactlyOnceOutputsEqualAnIndependentCount() throws Exception {
    int partitions = 4;
    try (StreamsCluster c = new StreamsCluster(partitions, Map.of())) {
      long start = Math.floorDiv(System.currentTimeMillis() - 5 * HOUR, HOUR) * HOUR;
      Workload w = new Workload(7, 120, 4000, start, 3 * HOUR, 2 * MIN);
      try (CipherwatchApp app = c.startApp(null)) {
        for (HandshakeEvent e : w.events) {
          c.send(e);
        }
        for (int i = 0; i < 25; i++) {
          c.sendRaw(("bad-" + i).getBytes(StandardCharsets.UTF_8), "garbage".getBytes(StandardCharsets.UTF_8));
        }
        c.tick(w.maxTimestamp() + 2 * HOUR, partitions);
        c.flush();
        Map<String, long[]> expected = w.expectedWindows(HOUR, 5 * MIN);
        List<CipherUsage> usage = c.readAll(c.topic("usage"), CipherUsage.class, Duration.ofSeconds(120));
        assertWindowsMatch(expected, usage);

        Map<String, Long> fleetExpected = new HashMap<>();
        expected.forEach((k, v) -> {
          String[] parts = k.split("\\|");
          long n = 0;
          for (long x : v) {
            n += x;
          }
          fleetExpected.merge(parts[1] + "|" + parts[2], n, Long::sum);
        });
        List<FleetUsage> fleet = c.readAll(c.topic("fleet"), FleetUsage.class, Duration.ofSeconds(60));
        Map<String, Long> fleetActual = new HashMap<>();
        for (FleetUsage f : fleet) {
          Long prev = fleetActual.put(f.getDirection() + "|" + f.getWindowStart().toEpochMilli(), f.getHandshakes());
          assertEquals(null, prev, "fleet window emitted twice");
        }
        assertEquals(fleetExpected, fleetActual);

        List<DeadLetter> dl = c.readAll(c.topic("dlq"), DeadLetter.class, Duration.ofSeconds(30));
        assertEquals(25, dl.size());
        assertTrue(dl.stream().allMatch(d -> d.getReason().equals("BAD_MAGIC_BYTE")));

        // through the readiness-by-organization repartition topic: each organization's verdict changes, in order
        List<OrganizationReadiness> readiness = c.readAll(c.topic("readiness"), OrganizationReadiness.class,
            Duration.ofSeconds(30));
        assertTrue(!readiness.isEmpty(), "the removal-readiness topic has the organizations' verdicts");
        Map<String, ReadinessVerdict> last = new HashMap<>();
        for (OrganizationReadiness r : readiness) {
          String org = String.valueOf(r.getOrganizationId());
          assertEquals(last.get(org), r.getPreviousVerdict(), "a readiness record lost or repeated: " + r);
          assertTrue(r.getVerdict() != r.getPreviousVerdict(), r.toString());
          last.put(org, r.getVerdict());
        }
      }
    }
  }

  @Test
  void backlogOfHoursReadAtFullSpeedEmitsEveryWindowExactlyOnce() throws Exception {
    int partitions = 4;
    try (StreamsCluster c = new StreamsCluster(partitions, Map.of())) {
      long start = Math.floorDiv(System.currentTimeMillis() - 10 * HOUR, HOUR) * HOUR;
      Workload w = new Workload(11, 2000, 60_000, start, 6 * HOUR, 30_000);
      for (HandshakeEvent e : w.events) {
        c.send(e);
      }
      c.tick(w.maxTimestamp() + 2 * HOUR, partitions);
      c.flush();
      Map<String, long[]> expected = w.expectedWindows(HOUR, 5 * MIN);
      long t0 = System.nanoTime();
      try (CipherwatchApp app = c.startApp(null)) {
        List<CipherUsage> usage = c.readAll(c.topic("usage"), CipherUsage.class, Duration.ofSeconds(300));
        System.out.printf("backlog: %d events, %d windows emitted in %d ms%n", w.events.size(), usage.size(),
            (System.nanoTime() - t0) / 1_000_000);
        assertWindowsMatch(expected, usage);
      }
    }
  }

  @Test
  void readingWaitsUntilTheApplicationIsIdleSoLateDuplicatesShow() throws Exception {
    try (StreamsCluster c = new StreamsCluster(1, Map.of())) {
      AvroSerde<FleetUsage> serde = new AvroSerde<>(FleetUsage.class);
      serde.configure(c.base, false);
      // input the application (no instance running here) has not consumed yet
      c.sendRaw("k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
      for (long end = 1; end <= 2; end++) {
        c.sendRecord(c.topic("fleet"), serde.serializer().serialize(c.topic("fleet"),
            Records.fleet(Direction.INBOUND, end * 60, 1, 0, 0, Map.of(), 0, 0, 0, 1)));
      }
      c.flush();
      Thread lateWriter = new Thread(() -> {
        try {
          Thread.sleep(10_000);
          // a duplicate written after the expected two rows, then the input consumed
          c.sendRecord(c.topic("fleet"), serde.serializer().serialize(c.topic("fleet"),
              Records.fleet(Direction.INBOUND, 120, 1, 0, 0, Map.of(), 0, 0, 0, 1)));
          c.flush();
          c.commitApplicationOffsetsToEnd(c.topic("input"));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      lateWriter.start();
      List<FleetUsage> rows = c.readAll(c.topic("fleet"), FleetUsage.class, Duration.ofSeconds(60));
      lateWriter.join();
      assertEquals(3, rows.size(), "the duplicate written after the expected rows is read too");
      assertEquals(Set.of(60_000L, 120_000L), rows.stream()
          .map(f -> f.getWindowEnd().toEpochMilli() - Records.START.toEpochMilli()).collect(Collectors.toSet()));
    }
  }
}
