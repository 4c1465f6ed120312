package io.cipherwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.topology.SwitchableRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;

/**
 * A running instance (exactly-once, real broker) whose schema registry answers 503 while records written with a
 * schema version it has not seen arrive: the records wait (parked) without a dead letter, a thread replacement or
 * a rebalance, {@code /ready}'s flag shows the wait, and once the registry is back every window row is exact.
 */
class RegistryOutageIT {
  static final long MIN = 60_000L;

  @Test
  void theInstanceWaitsForTheRegistryWithoutRebalancingAndLosesNothing() throws Exception {
    int partitions = 3;
    try (SwitchableRegistry registry = new SwitchableRegistry();
        StreamsCluster c = new StreamsCluster(partitions, Map.of("schema.registry.url", registry.url(),
            "max.retries", "0", "schema.registry.request.timeout.ms", "2000",
            "cipherwatch.usage.window.size", "PT10M", "cipherwatch.usage.window.advance", "PT10M",
            "cipherwatch.usage.window.grace", "PT1M"))) {
      Map<String, String> m = new HashMap<>(c.base);
      m.put("state.dir", Files.createTempDirectory("cw-it").toString());
      List<KafkaStreams.State> states = new CopyOnWriteArrayList<>();
      try (CipherwatchApp app = new CipherwatchApp(CipherwatchConfig.of(m))) {
        app.addStateListener((now, before) -> states.add(now));
        app.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (app.streams().state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        long start = Math.floorDiv(System.currentTimeMillis() - 5 * 60 * MIN, 60 * MIN) * 60 * MIN;
        // warm-up with the registry up: every output type is written once (its schema id is then cached)
        for (int t = 0; t < 6; t++) {
          c.send(event("w-" + t, "trunk-" + t, start + t * 1000, List.of(0x003D), 0x003D));
        }
        c.sendRaw("trunk-0".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
        c.tick(start + 20 * MIN, partitions);
        c.flush();
        List<CipherUsage> warm = c.readUntil(c.topic("usage"), CipherUsage.class, l -> l.size() >= 6,
            Duration.ofSeconds(60));
        assertEquals(6, warm.size());
        Set<String> threads = threadNames(app.streams());
        int states0 = states.size();

        int v2 = registry.register(SwitchableRegistry.HANDSHAKE_V2);
        registry.down(true);
        Map<String, Long> expected = new TreeMap<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(c)) {
          for (int i = 0; i < 600; i++) {
            String trunk = "trunk-" + (i % 12);
            long ts = start + 30 * MIN + i * 2_000L;
            HandshakeEvent e = event("o-" + i, trunk, ts, List.of(0xC02F, 0xC030), 0xC02F);
            producer.send(new ProducerRecord<>(c.topic("input"), null, ts, trunk.getBytes(StandardCharsets.UTF_8),
                SwitchableRegistry.v2Frame(v2, e)));
            expected.merge(trunk + "@" + Instant.ofEpochMilli(Math.floorDiv(ts, 10 * MIN) * 10 * MIN), 1L,
                Long::sum);
          }
          producer.flush();
        }
        c.tick(start + 120 * MIN, partitions);
        c.flush();
        long waitDeadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (app.registryHealth().parkedRecords() < 600 + partitions && System.nanoTime() < waitDeadline) {
          Thread.sleep(100);
        }
        assertEquals(600 + partitions, app.registryHealth().parkedRecords(), "every record waits, ticks too");
        assertTrue(app.registryHealth().waiting());
        Thread.sleep(10_000);
        assertTrue(registry.unavailableAnswers.get() >= 3, "retried: " + registry.unavailableAnswers.get());
        assertTrue(app.scrape().contains("cipherwatch_registry_waiting_partitions " + partitions + ".0"),
            "the wait is visible in the metrics");

        long up = System.nanoTime();
        registry.down(false);
        while (app.registryHealth().waiting() && System.nanoTime() - up < Duration.ofSeconds(60).toNanos()) {
          Thread.sleep(20);
        }
        double drainedSeconds = (System.nanoTime() - up) / 1e9;
        List<CipherUsage> rows = c.readUntil(c.topic("usage"), CipherUsage.class,
            l -> l.stream().mapToLong(CipherUsage::getHandshakes).sum() >= 6 + 600, Duration.ofSeconds(120));
        System.out.printf("registry outage: %d records parked, all drained %.2f s after the registry answered%n",
            600 + partitions, drainedSeconds);

        Map<String, Long> actual = new TreeMap<>();
        for (CipherUsage r : rows) {
          assertEquals(Direction.INBOUND, r.getDirection());
          if (r.getWindowStart().toEpochMilli() < start + 30 * MIN) {
            continue; // the warm-up's rows
          }
          actual.merge(r.getTrunkId() + "@" + r.getWindowStart(), r.getHandshakes(), Long::sum);
        }
        assertEquals(expected, actual, "every window row exact, none twice");
        List<DeadLetter> dls = c.readUntil(c.topic("dlq"), DeadLetter.class, l -> l.size() >= 1,
            Duration.ofSeconds(10));
        assertEquals(1, dls.size(), "only the warm-up's garbage record: " + dls);
        assertEquals(false, app.registryHealth().waiting());
        assertEquals(threads, threadNames(app.streams()), "no stream thread was replaced");
        assertEquals(List.of(), states.subList(states0, states.size()), "no rebalance, no state change");
      }
    }
  }

  private static HandshakeEvent event(String id, String trunk, long ts, List<Integer> offer, Integer chosen) {
    return HandshakeEvent.newBuilder().setEventId(id).setEdgeId("edge").setTrunkId(trunk)
        .setDirection(Direction.INBOUND).setTimestamp(Instant.ofEpochMilli(ts)).setProtocolVersion("TLSv1.2")
        .setOfferedCipherSuites(offer).setNegotiatedCipherSuite(chosen).setOutcome(HandshakeOutcome.ESTABLISHED)
        .build();
  }

  private static Set<String> threadNames(KafkaStreams streams) {
    Set<String> names = new TreeSet<>();
    for (ThreadMetadata t : streams.metadataForLocalThreads()) {
      names.add(t.threadName());
    }
    return names;
  }

  private static KafkaProducer<byte[], byte[]> producer(StreamsCluster c) {
    Map<String, Object> p = new HashMap<>(c.kafka.adminConfig());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaProducer<>(p);
  }

}
