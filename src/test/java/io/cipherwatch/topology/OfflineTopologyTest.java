package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.config.Settings;
import io.cipherwatch.policy.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link OfflineTopology} against the real topology in the test driver, on the same input: simulated handshakes
 * with trunks going silent, undecodable and hostile records, late events, undecodable metadata and a closing
 * tick. Every output topic must hold the same records in the same order.
 */
class OfflineTopologyTest {
  private static final long HOUR = SimulatedHandshakes.HOUR;

  /** The outputs of one run, in order. */
  record Outputs(List<CipherUsage> usage, List<FleetUsage> fleet, List<DeprecationAlert> alerts,
      List<DeadLetter> deadLetters) {}

  /** One input record: an event, raw bytes, or a tick (key and value null, headers set). */
  private record In(byte[] key, byte[] value, long timestamp, boolean tick) {}

  @ParameterizedTest
  @ValueSource(strings = {"every-window", "on-change"})
  void writesWhatTheTopologyWrites(String mode) {
    SimulatedHandshakes sim = new SimulatedHandshakes(TopologyFixture.T0.toEpochMilli(), 6_000, 40, 17L);
    Map<String, String> settings = Map.of(Settings.USAGE_EMIT.key(), mode);
    try (TopologyFixture f = new TopologyFixture(settings)) {
      List<In> input = input(f, sim);
      TrunkMetadata bad = sim.trunks.get(1);
      byte[] badMetadata = "not avro".getBytes(StandardCharsets.UTF_8);

      TestInputTopic<String, byte[]> rawMetadata = f.driver.createInputTopic(f.cfg.metadataTopic(),
          Serdes.String().serializer(), Serdes.ByteArray().serializer());
      for (TrunkMetadata md : sim.trunks) {
        rawMetadata.pipeInput(md.getTrunkId(), md == bad ? badMetadata : metadata(f, md));
      }
      for (In in : input) {
        if (in.tick) {
          f.tick(Instant.ofEpochMilli(in.timestamp));
        } else {
          f.input.pipeInput(new TestRecord<>(in.key, in.value, Instant.ofEpochMilli(in.timestamp)));
        }
      }
      Outputs driver = new Outputs(TopologyFixture.values(f.usage), TopologyFixture.values(f.fleet),
          TopologyFixture.values(f.alerts), TopologyFixture.values(f.deadLetters));

      Outputs offline = new Outputs(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      Map<String, Object> handlerConfig = new HashMap<>(f.cfg.serdeConfig());
      handlerConfig.put(Settings.TOPIC_DLQ.key(), f.cfg.dlqTopic());
      OfflineTopology t = new OfflineTopology(f.cfg, handlerConfig, new OfflineTopology.Sink() {
        @Override
        public void usage(CipherUsage row) {
          offline.usage.add(row);
        }

        @Override
        public void alert(DeprecationAlert alert) {
          offline.alerts.add(alert);
        }

        @Override
        public void fleet(FleetUsage row) {
          offline.fleet.add(row);
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
          offline.deadLetters.add(deadLetter);
        }
      });
      for (TrunkMetadata md : sim.trunks) { // the test driver stamps them with its clock, T0
        t.metadata(md.getTrunkId(), md == bad ? badMetadata : metadata(f, md), TopologyFixture.T0.toEpochMilli());
      }
      for (In in : input) {
        t.input(in.key, in.value, in.timestamp, in.tick ? CipherwatchTopology.tickHeaders(in.timestamp) : null);
      }

      assertTrue(driver.usage.size() > 1_000 && driver.alerts.size() > 10 && driver.fleet.size() > 100,
          "a run with every kind of output: " + driver.usage.size() + " rows, " + driver.alerts.size()
              + " alerts, " + driver.fleet.size() + " fleet rows");
      Set<String> reasons = new TreeSet<>();
      driver.deadLetters.forEach(d -> reasons.add(d.getReason()));
      assertTrue(reasons.containsAll(List.of(DeadLetterReason.BAD_METADATA.name(), DeadLetterReason.LATE.name(),
          DeadLetterReason.UNDECODABLE.name())) && reasons.size() >= 4, "dead letters of every kind: " + reasons);
      assertEquals(driver.usage, offline.usage);
      assertEquals(driver.fleet, offline.fleet);
      assertEquals(driver.alerts, offline.alerts);
      assertEquals(driver.deadLetters, offline.deadLetters);
    }
  }

  private static byte[] metadata(TopologyFixture f, TrunkMetadata md) {
    return CipherwatchTopology.avro(TrunkMetadata.class, f.cfg.serdeConfig()).serializer()
        .serialize(f.cfg.metadataTopic(), md);
  }

  /** The simulated events with hostile records, late events and a closing tick mixed in. */
  private static List<In> input(TopologyFixture f, SimulatedHandshakes sim) {
    List<In> in = new ArrayList<>();
    long last = 0;
    for (int i = 0; i < sim.events.size(); i++) {
      HandshakeEvent e = sim.events.get(i);
      last = e.getTimestamp().toEpochMilli();
      in.add(new In(e.getTrunkId().getBytes(StandardCharsets.UTF_8), f.encode(e), last, false));
      if (i % 997 == 0) {
        in.add(new In("hostile".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 1, 2, 3}, last, false));
        in.add(new In(null, null, last, false));
      }
      if (i % 1499 == 0 && i > 0) {
        HandshakeEvent late = HandshakeEvent.newBuilder(e).setEventId("late-" + i)
            .setTimestamp(Instant.ofEpochMilli(last - 3 * HOUR)).build();
        in.add(new In(e.getTrunkId().getBytes(StandardCharsets.UTF_8), f.encode(late), last - 3 * HOUR, false));
      }
    }
    in.add(new In(null, null, last + 2 * HOUR, true));
    return in;
  }
}
