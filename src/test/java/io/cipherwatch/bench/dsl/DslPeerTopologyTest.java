package io.cipherwatch.bench.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.serde.AvroSerde;
import io.cipherwatch.serde.MockSchemaRegistry;
import io.cipherwatch.simulate.FleetSimulator;
import io.cipherwatch.simulate.FleetSpec;
import io.cipherwatch.simulate.SimulatedRecord;
import io.cipherwatch.topology.CipherwatchTopology;
import io.cipherwatch.topology.TopologyConfig;
import io.cipherwatch.topology.TopologyMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DSL peer is only a fair peer if it computes what cipherwatch computes: on the same simulated input (the
 * simulator's mix, malformed records included), its usage rows equal cipherwatch's, row for row.
 */
class DslPeerTopologyTest {
  private static final long HOUR = 3_600_000L;
  private final String scope = "dsl-peer-" + UUID.randomUUID();

  @TempDir Path dir;

  @AfterEach
  void dropRegistry() {
    MockSchemaRegistry.drop(scope);
  }

  @Test
  void theDslPeerWritesTheSameUsageRowsAsCipherwatch() {
    CipherwatchConfig cfg = CipherwatchConfig.of(Map.of("schema.registry.url", "mock://" + scope));
    TopologyConfig tc = TopologyConfig.from(cfg, 1, TopologyMetrics.NONE);
    DslPeerTopology.Spec spec = new DslPeerTopology.Spec(tc.inputTopic(), tc.metadataTopic(),
        "dsl-trunk-metadata", "dsl-usage", tc.policy(), cfg.windowSize(), cfg.windowAdvance(), cfg.windowGrace(),
        tc.serdeConfig());

    long start = Instant.parse("2026-03-02T08:00:00Z").toEpochMilli();
    long span = 4 * HOUR;
    FleetSimulator sim = new FleetSimulator(FleetSpec.defaults(60, start, span), 7);
    List<TrunkMetadata> trunks = sim.trunks();
    AvroSerde<HandshakeEvent> events = new AvroSerde<>(HandshakeEvent.class);
    events.configure(tc.serdeConfig(), false);
    int n = 6_000;
    List<SimulatedRecord> input = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      input.add(sim.next(start + span * i / n));
    }
    // one valid event far later closes every window of the input in both (its own trunk's rows are left out)
    SimulatedRecord closer = sim.next(start + span + 3 * HOUR);
    while (closer.isFault()) {
      closer = sim.next(start + span + 3 * HOUR);
    }

    Map<String, CipherUsage> cipherwatch = run(CipherwatchTopology.buildTopology(tc), tc, tc.usageTopic(), trunks,
        input, closer, events, closer.key());
    Map<String, CipherUsage> dsl = run(DslPeerTopology.build(spec), tc, "dsl-usage", trunks, input, closer, events,
        closer.key());

    assertTrue(cipherwatch.size() > 500, "rows: " + cipherwatch.size());
    assertEquals(cipherwatch.keySet(), dsl.keySet(), "the same (trunk, direction, window) rows");
    cipherwatch.forEach((k, row) -> assertEquals(row, dsl.get(k), k));
  }

  private Map<String, CipherUsage> run(Topology topology, TopologyConfig tc, String usageTopic,
      List<TrunkMetadata> trunks, List<SimulatedRecord> input, SimulatedRecord closer,
      AvroSerde<HandshakeEvent> events, String closerTrunk) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "dsl-peer-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "test:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve(UUID.randomUUID().toString()).toString());
    // the emit-on-window-close check runs at most this often (wall clock): every record here
    p.put(StreamsConfig.InternalConfig.EMIT_INTERVAL_MS_KSTREAMS_WINDOWED_AGGREGATION, 0L);
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        org.apache.kafka.streams.errors.LogAndContinueExceptionHandler.class);
    AvroSerde<TrunkMetadata> metadataSerde = new AvroSerde<>(TrunkMetadata.class);
    metadataSerde.configure(tc.serdeConfig(), false);
    AvroSerde<CipherUsage> usageSerde = new AvroSerde<>(CipherUsage.class);
    usageSerde.configure(tc.serdeConfig(), false);
    Map<String, CipherUsage> rows = new TreeMap<>();
    try (TopologyTestDriver driver = new TopologyTestDriver(topology, p)) {
      TestInputTopic<String, TrunkMetadata> md = driver.createInputTopic(tc.metadataTopic(),
          Serdes.String().serializer(), metadataSerde.serializer());
      trunks.forEach(t -> md.pipeInput(t.getTrunkId(), t));
      TestInputTopic<byte[], byte[]> in = driver.createInputTopic(tc.inputTopic(), Serdes.ByteArray().serializer(),
          Serdes.ByteArray().serializer());
      List<SimulatedRecord> all = new ArrayList<>(input);
      all.add(closer);
      for (SimulatedRecord r : all) {
        byte[] value = r.rawValue() != null ? r.rawValue() : events.serializer().serialize(tc.inputTopic(), r.event());
        long ts = r.event() != null ? r.event().getTimestamp().toEpochMilli() : 0;
        in.pipeInput(r.key().getBytes(StandardCharsets.UTF_8), value, Instant.ofEpochMilli(Math.max(ts, 1)));
      }
      for (CipherUsage u : driver.createOutputTopic(usageTopic, Serdes.String().deserializer(),
          usageSerde.deserializer()).readValuesToList()) {
        if (!u.getTrunkId().equals(closerTrunk)) {
          String key = u.getTrunkId() + "|" + u.getDirection() + "|" + u.getWindowStart();
          assertEquals(null, rows.put(key, u), "one row per (trunk, direction, window): " + key);
        }
      }
    }
    return rows;
  }
}
