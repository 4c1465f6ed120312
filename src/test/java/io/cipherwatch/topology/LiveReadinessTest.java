package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.readiness.DayBucketCodec;
import io.cipherwatch.readiness.OfferHistory;
import io.cipherwatch.readiness.Readiness;
import io.cipherwatch.readiness.ReadinessReport;
import io.cipherwatch.readiness.RemovalImpact;
import io.cipherwatch.readiness.TrunkKey;
import io.cipherwatch.readiness.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The window processor keeps per-day offer signatures that answer the same questions as the offline command. */
class LiveReadinessTest {
  static final long DAY = 86_400_000L;
  final TopologyFixture f = new TopologyFixture(Map.of());

  @AfterEach
  void close() {
    f.close();
  }

  Map<TrunkKey, OfferHistory> histories() {
    return histories(f);
  }

  /** The offer histories of a fixture's days of offers, as the API reads them (every entry decodes). */
  static Map<TrunkKey, OfferHistory> histories(TopologyFixture f) {
    Map<TrunkKey, OfferHistory> out = new HashMap<>();
    assertEquals(0, DayBucketCodec.histories(days(f).iterator(), out));
    return out;
  }

  /** The days of offers in a fixture's trunk-state and readiness-state stores. */
  static List<Map.Entry<byte[], byte[]>> days(TopologyFixture f) {
    return ReadinessDays.merge(entries(f, StoreNames.TRUNK_STATE), entries(f, StoreNames.READINESS_STATE));
  }

  static List<Map.Entry<byte[], byte[]>> entries(TopologyFixture f, String storeName) {
    KeyValueStore<Bytes, byte[]> store = f.driver.getKeyValueStore(storeName);
    List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        entries.add(new AbstractMap.SimpleEntry<>(kv.key.get(), kv.value));
      }
    }
    return entries;
  }

  int storedDays() {
    return days(f).size();
  }

  @Test
  void theLatestProbePerTrunkIsKeptInTheGlobalStore() {
    org.apache.kafka.common.serialization.Serde<io.cipherwatch.avro.RemoteProbe> serde =
        CipherwatchTopology.avro(io.cipherwatch.avro.RemoteProbe.class, f.cfg.serdeConfig());
    org.apache.kafka.streams.TestInputTopic<String, io.cipherwatch.avro.RemoteProbe> probes =
        f.driver.createInputTopic(f.cfg.probesTopic(), org.apache.kafka.common.serialization.Serdes.String()
            .serializer(), serde.serializer());
    io.cipherwatch.probe.ProbeReport first = new io.cipherwatch.probe.ProbeReport("t2", "sbc:5061",
        TopologyFixture.T0, new int[] {0x003D}, new int[] {0xC030}, new int[0], false, -1, null, "handshake_failure");
    io.cipherwatch.probe.ProbeReport second = new io.cipherwatch.probe.ProbeReport("t2", "sbc:5061",
        TopologyFixture.T0.plusSeconds(60), new int[] {0x003D}, new int[] {0xC030}, new int[0], true, 0xC030,
        "TLSv1.2", null);
    probes.pipeInput("t2", first.toAvro());
    probes.pipeInput("t2", second.toAvro());
    KeyValueStore<String, byte[]> store = f.driver.getKeyValueStore(StoreNames.REMOTE_PROBES);
    io.cipherwatch.avro.RemoteProbe kept = serde.deserializer().deserialize(f.cfg.probesTopic(), store.get("t2"));
    assertEquals(second.result(), io.cipherwatch.probe.ProbeReport.result(kept));
  }

  @Test
  void aPairWhoseStateIsEvictedKeepsItsDayOfOffersInReadinessState() {
    try (TopologyFixture g = new TopologyFixture(Map.of("cipherwatch.state.idle-ttl", "PT2H"))) {
      Instant t0 = TopologyFixture.T0;
      g.send("t1", Direction.INBOUND, t0, List.of(0xC030, 0x003D), 0xC030);
      g.send("t1", Direction.INBOUND, t0.plusSeconds(60), List.of(0x003D), 0x003D);
      assertEquals(0, entries(g, StoreNames.READINESS_STATE).size(), "the newest day is in trunk-state");
      g.tick(t0.plusSeconds(4 * 3600)); // silent for the TTL: evicted at the next sweep
      g.tick(t0.plusSeconds(6 * 3600));
      assertEquals(0, entries(g, StoreNames.TRUNK_STATE).size(), "t1's state was evicted");
      assertEquals(1, entries(g, StoreNames.READINESS_STATE).size());
      OfferHistory h = histories(g).get(new TrunkKey("t1", Direction.INBOUND));
      assertEquals(2, h.days().get(0).handshakes(), "both handshakes of the day are kept");
    }
  }

  @Test
  void offerSignaturesPerDayGiveVerdictsAndTheStateSlides() {
    Instant t0 = TopologyFixture.T0;
    f.send("t1", Direction.INBOUND, t0, List.of(0x0A0A, 0x003D), 0x003D);
    f.send("t1", Direction.INBOUND, t0.plusSeconds(60), List.of(0x003D), 0x003D);
    f.send("t1", Direction.INBOUND, t0.plusMillis(DAY), List.of(0xC028, 0xC030), 0xC028);
    // a late event for the first day, after the second day started
    f.send("t1", Direction.INBOUND, t0.plusSeconds(120), List.of(0xC030), 0xC030);
    f.send("t2", Direction.OUTBOUND, t0, List.of(0xC030, 0xC028), 0xC028);
    f.send("t3", Direction.INBOUND, t0, List.of(0x003D), null);
    Readiness r = new Readiness(Duration.ofDays(7), 0.001);
    ReadinessReport rep = r.report(histories(), Map.of(), Map.of(),
        new RemovalImpact(new int[] {0x0035, 0x003D, 0x009C, 0x009D, 0xC014, 0xC028, 0xC02F, 0xC030},
            new int[] {0x003D, 0xC028}), t0.plusMillis(DAY));
    assertEquals(6, rep.fleet().handshakes());
    assertEquals(1, rep.fleet().failed());
    assertEquals(2, rep.fleet().wouldBreak());
    assertEquals(1, rep.fleet().unverified());
    assertEquals("t1", rep.trunks().get(0).trunkId());
    assertEquals(Verdict.BREAKS, rep.trunks().get(0).verdict());
    assertEquals(Verdict.UNVERIFIED, rep.trunks().get(1).verdict());
    assertEquals(Verdict.READY, rep.trunks().get(2).verdict());
    assertEquals(4, storedDays());
    // 20 days later: t1's new day drops its days beyond the 14-day retention
    f.send("t1", Direction.INBOUND, t0.plusMillis(20 * DAY), List.of(0xC030), 0xC030);
    assertEquals(3, storedDays());
    assertEquals(1, histories().get(new TrunkKey("t1", Direction.INBOUND)).days().size());
  }
}
