package io.cipherwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.topology.StoreNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * {@code usage-latest} has no changelog: a restarted instance rebuilds it from the restored {@code trunk-state}.
 * After a restart (in-memory stores restored from their changelogs, nothing new to process), every key's row
 * must equal the newest row the first run wrote to the usage topic, for trunks active until the end and for
 * trunks that went quiet hours earlier.
 */
class UsageLatestRestartIT {
  static final long MIN = 60_000L;

  @Test
  void latestRowsAreRebuiltFromTrunkStateOnRestart() throws Exception {
    int partitions = 2;
    long start = Math.floorDiv(System.currentTimeMillis() - 10 * 60 * MIN, 60 * MIN) * 60 * MIN;
    long endMinute = 4 * 60;
    // window end -> keys with an event in that 1 h window, for the expected row count
    Map<String, TreeSet<Long>> windows = new HashMap<>();
    try (StreamsCluster c = new StreamsCluster(partitions, Map.of())) {
      List<HandshakeEvent> events = new ArrayList<>();
      for (int t = 0; t < 12; t++) {
        // trunk t falls quiet after minute 30 + 20 t (the last ones stay busy to the end)
        long quietAfter = Math.min(endMinute, 30 + 20L * t);
        for (long minute = t % 3; minute < quietAfter; minute += 3 + t % 4) {
          Workload.Shape s = Workload.SHAPES.get((int) ((t + minute / 45) % Workload.SHAPES.size()));
          long ts = start + minute * MIN + t * 1_000L;
          events.add(HandshakeEvent.newBuilder().setEventId("u-" + t + "-" + minute).setEdgeId("edge")
              .setTrunkId("trunk-" + t).setDirection(s.dir()).setTimestamp(Instant.ofEpochMilli(ts))
              .setProtocolVersion("TLSv1.2").setOfferedCipherSuites(s.offer()).setNegotiatedCipherSuite(s.chosen())
              .setOutcome(s.chosen() == null ? HandshakeOutcome.FAILED : HandshakeOutcome.ESTABLISHED).build());
          long pane = Math.floorDiv(ts, 5 * MIN) * 5 * MIN;
          for (long end = pane + 5 * MIN; end <= pane + 60 * MIN; end += 5 * MIN) {
            windows.computeIfAbsent("trunk-" + t + "|" + s.dir(), k -> new TreeSet<>()).add(end);
          }
        }
      }
      // in event-time order, as edges publish them (nothing is late)
      events.sort(Comparator.comparing(HandshakeEvent::getTimestamp));
      events.forEach(c::send);
      long tick = start + (endMinute + 20) * MIN;
      c.tick(tick, partitions);
      c.flush();
      long closed = Math.floorDiv(tick - 5 * MIN, 5 * MIN) * 5 * MIN;
      long expectedRows = windows.values().stream().mapToLong(s -> s.headSet(closed, true).size()).sum();

      Path state = Files.createTempDirectory("cw-latest");
      Map<String, CipherUsage> newest = new TreeMap<>();
      try (CipherwatchApp app = c.startApp(state)) {
        List<CipherUsage> rows = c.readUntil(c.topic("usage"), CipherUsage.class, l -> l.size() >= expectedRows,
            Duration.ofSeconds(90));
        assertEquals(expectedRows, rows.size(), "usage rows of the first run");
        for (CipherUsage u : rows) {
          newest.merge(u.getTrunkId() + "|" + u.getDirection(), u,
              (a, b) -> a.getWindowEnd().isAfter(b.getWindowEnd()) ? a : b);
        }
      }
      assertEquals(windows.keySet(), newest.keySet());
      assertTrue(newest.values().stream().anyMatch(u -> u.getWindowEnd().toEpochMilli() < closed - 60 * MIN),
          "some keys went quiet long before the end");

      // the in-memory store's changelog rolls small segments, so compaction bounds what a restore reads
      String changelog = c.base.get("application.id") + "-" + StoreNames.TRUNK_STATE + "-changelog";
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, changelog);
      try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", c.kafka.bootstrapServers()))) {
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertEquals("compact", config.get("cleanup.policy").value());
        assertEquals(Integer.toString(64 << 20), config.get("segment.bytes").value());
        assertEquals("3600000", config.get("segment.ms").value());
      }

      try (CipherwatchApp app = c.startApp(state)) {
        Map<String, CipherUsage> rebuilt = readLatest(app);
        assertEquals(newest.keySet(), rebuilt.keySet());
        for (Map.Entry<String, CipherUsage> e : newest.entrySet()) {
          CipherUsage want = e.getValue();
          CipherUsage got = rebuilt.get(e.getKey());
          assertEquals(want.getWindowStart(), got.getWindowStart(), e.getKey());
          assertEquals(want.getWindowEnd(), got.getWindowEnd(), e.getKey());
          assertEquals(want, got, e.getKey());
        }
      }
    }
  }

  private static Map<String, CipherUsage> readLatest(CipherwatchApp app) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        ReadOnlyKeyValueStore<String, CipherUsage> store = app.streams().store(StoreQueryParameters.fromNameAndType(
            StoreNames.USAGE_LATEST, QueryableStoreTypes.keyValueStore()));
        Map<String, CipherUsage> out = new TreeMap<>();
        try (KeyValueIterator<String, CipherUsage> it = store.all()) {
          while (it.hasNext()) {
            KeyValue<String, CipherUsage> kv = it.next();
            out.put(kv.key, kv.value);
          }
        }
        return out;
      } catch (InvalidStateStoreException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }
}
