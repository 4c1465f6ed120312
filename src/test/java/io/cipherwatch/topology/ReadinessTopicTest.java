package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.OrganizationReadiness;
import io.cipherwatch.avro.ReadinessVerdict;
import io.cipherwatch.avro.RemoteProbe;
import io.cipherwatch.policy.ActivePolicy;
import io.cipherwatch.policy.CipherPolicy;
import io.cipherwatch.policy.PolicyRecords;
import io.cipherwatch.probe.ProbeReport;
import io.cipherwatch.readiness.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The removal-readiness topic: one record per organization each time its verdict changes, judged once per
 * evaluation interval (one minute) of event time, re-judged when days leave the period, the policy changes, a
 * probe arrives or a trunk moves to another organization.
 */
class ReadinessTopicTest {
  static final int[] SUPPORTED = {0x0035, 0x003D, 0x009C, 0x009D, 0xC014, 0xC028, 0xC02F, 0xC030};
  static final long DAY = 86_400_000L;
  static final Instant T0 = TopologyFixture.T0;
  final TopologyFixture f = new TopologyFixture(Map.of());
  final TestOutputTopic<String, OrganizationReadiness> readiness = readinessTopic(f);

  static TestOutputTopic<String, OrganizationReadiness> readinessTopic(TopologyFixture f) {
    return f.driver.createOutputTopic(f.cfg.readinessTopic(), Serdes.String().deserializer(),
        CipherwatchTopology.avro(OrganizationReadiness.class, f.cfg.serdeConfig()).deserializer());
  }

  @AfterEach
  void close() {
    f.close();
  }

  static void publishPolicy(TopologyFixture f, long version, int... deprecated) {
    TestInputTopic<String, byte[]> policy = f.driver.createInputTopic(f.cfg.policyTopic(),
        Serdes.String().serializer(), Serdes.ByteArray().serializer());
    ActivePolicy p = new ActivePolicy(version, new CipherPolicy(deprecated, SUPPORTED), null, Map.of());
    policy.pipeInput(PolicyRecords.KEY, CipherwatchTopology.avro(io.cipherwatch.avro.CipherPolicy.class,
        f.cfg.serdeConfig()).serializer().serialize(f.cfg.policyTopic(), PolicyRecords.toAvro(p, "test")));
  }

  static void publishProbe(TopologyFixture f, ProbeReport probe) {
    Serde<RemoteProbe> serde = CipherwatchTopology.avro(RemoteProbe.class, f.cfg.serdeConfig());
    f.driver.createInputTopic(f.cfg.probesTopic(), Serdes.String().serializer(), serde.serializer())
        .pipeInput(probe.trunkId(), probe.toAvro());
  }

  void ready(String trunk, Instant at) {
    f.send(trunk, Direction.INBOUND, at, List.of(0xC030), 0xC030);
  }

  void breaking(String trunk, Instant at) {
    f.send(trunk, Direction.INBOUND, at, List.of(0x003D), 0x003D);
  }

  /** The records written since the last call, as (key, verdict name or null for a tombstone). */
  List<KeyValue<String, String>> changes() {
    return readiness.readKeyValuesToList().stream()
        .map(kv -> KeyValue.pair(kv.key, kv.value == null ? null
            : kv.value.getVerdict() + "<-" + kv.value.getPreviousVerdict()))
        .toList();
  }

  @Test
  void aBreakingOfferTurnsTheOrganizationToBreaksOnce() {
    f.metadata("t1", "Main", "acme", "Lumen");
    ready("t1", T0);
    assertEquals(List.of(KeyValue.pair("acme-id", "READY<-null")), changes(), "judged at the first record");
    breaking("t1", T0.plusSeconds(30));
    assertEquals(List.of(), changes(), "not per event: at the next interval boundary of event time");
    f.tick(T0.plusSeconds(61));
    List<OrganizationReadiness> rows = readiness.readValuesToList();
    assertEquals(1, rows.size());
    OrganizationReadiness r = rows.get(0);
    assertEquals(ReadinessVerdict.BREAKS, r.getVerdict());
    assertEquals(ReadinessVerdict.READY, r.getPreviousVerdict());
    assertEquals("acme-id", r.getOrganizationId());
    assertEquals("acme", r.getOrganizationName());
    assertEquals(T0.plusSeconds(61), r.getAsOf());
    assertEquals(List.of(0x003D, 0xC028), r.getRemoved());
    assertEquals(0L, r.getPolicyVersion());
    assertEquals(1L, r.getTrunks());
    assertEquals(1L, r.getBreakingTrunks());
    assertEquals(List.of("t1"), r.getBreakingTrunkIds());
    assertEquals(2L, r.getHandshakes());
    assertEquals(1L, r.getWouldBreak());
    assertEquals(0L, r.getUnverified());

    breaking("t1", T0.plusSeconds(90));
    f.tick(T0.plusSeconds(130));
    f.tick(T0.plusSeconds(200));
    assertEquals(List.of(), changes(), "a second breaking handshake does not change the verdict");
  }

  @Test
  void daysLeavingThePeriodChangeVerdicts() {
    f.metadata("a1", "A one", "acme", "Lumen");
    f.metadata("g1", "G one", "globex", "Lumen");
    f.metadata("g2", "G two", "globex", "Lumen");
    breaking("a1", T0);
    breaking("g1", T0);
    ready("g2", T0.plusMillis(3 * DAY));
    changes();
    // the period is the 7 UTC days ending with the as-of day: T0's day (2026-03-02) is in until 03-08 23:59:59
    f.tick(Instant.parse("2026-03-08T23:59:30Z"));
    assertEquals(List.of(), changes());
    f.tick(Instant.parse("2026-03-09T00:00:30Z"));
    List<KeyValue<String, String>> c = changes();
    assertEquals(2, c.size(), c.toString());
    assertTrue(c.contains(KeyValue.pair("acme-id", "NO_TRAFFIC<-BREAKS")), c.toString());
    assertTrue(c.contains(KeyValue.pair("globex-id", "READY<-BREAKS")), c.toString());
  }

  @Test
  void aNewPolicyVersionIsAppliedToEveryPair() {
    f.metadata("t1", "Main", "acme", "Lumen");
    f.send("t1", Direction.INBOUND, T0, List.of(0xC030, 0x009C), 0xC030);
    assertEquals(List.of(KeyValue.pair("acme-id", "READY<-null")), changes());
    publishPolicy(f, 1, 0xC030);
    f.tick(T0.plusSeconds(60));
    List<OrganizationReadiness> rows = readiness.readValuesToList();
    assertEquals(1, rows.size());
    assertEquals(ReadinessVerdict.CHANGES, rows.get(0).getVerdict(), "loses its first choice, keeps 0x009C");
    assertEquals(1L, rows.get(0).getPolicyVersion());
    assertEquals(List.of(0xC030), rows.get(0).getRemoved());
    publishPolicy(f, 2, 0xC030, 0x009C);
    f.tick(T0.plusSeconds(120));
    assertEquals(List.of(KeyValue.pair("acme-id", "BREAKS<-CHANGES")), changes());
  }

  @Test
  void withoutNewEventsTheWallClockStepJudgesAsOfTheEventTime() {
    f.metadata("t1", "Main", "acme", "Lumen");
    Instant last = T0.plusSeconds(5 * 3600 + 17);
    f.send("t1", Direction.INBOUND, last, List.of(0xC030, 0x009C), 0xC030);
    changes();
    publishPolicy(f, 1, 0xC030);
    assertEquals(List.of(), changes(), "nothing judged before a step");
    f.driver.advanceWallClockTime(java.time.Duration.ofMinutes(1));
    List<OrganizationReadiness> rows = readiness.readValuesToList();
    assertEquals(1, rows.size());
    assertEquals(ReadinessVerdict.CHANGES, rows.get(0).getVerdict());
    assertEquals(last, rows.get(0).getAsOf(), "as of the task's stream time, not the wall clock");
  }

  @Test
  void aProbeSettlesAnUnverifiedOutboundRemote() {
    f.metadata("t3", "Out", "acme", "Lumen");
    f.send("t3", Direction.OUTBOUND, T0, List.of(0xC030, 0xC028), 0xC028);
    assertEquals(List.of(KeyValue.pair("acme-id", "UNVERIFIED<-null")), changes());
    int[] remaining = {0x0035, 0x009C, 0x009D, 0xC014, 0xC02F, 0xC030};
    publishProbe(f, new ProbeReport("t3", "sbc:5061", T0, new int[] {0x003D, 0xC028}, remaining, new int[0], true,
        0xC030, "TLSv1.2", null));
    f.tick(T0.plusSeconds(60));
    assertEquals(List.of(KeyValue.pair("acme-id", "READY<-UNVERIFIED")), changes());
    f.tick(T0.plusSeconds(120));
    assertEquals(List.of(), changes(), "an unchanged probe is not judged again");
  }

  @Test
  void aTrunkThatMovesIsRetractedFromItsOldOrganization() {
    f.metadata("t1", "T one", "acme", "Lumen");
    f.metadata("a2", "A two", "acme", "Lumen");
    f.metadata("g1", "G one", "globex", "Lumen");
    f.metadata("s1", "S one", "solo", "Lumen");
    breaking("t1", T0);
    ready("a2", T0);
    ready("g1", T0);
    f.send("s1", Direction.INBOUND, T0, List.of(0xC028, 0xC030), 0xC028);
    f.tick(T0.plusSeconds(60));
    List<KeyValue<String, String>> first = changes();
    assertTrue(first.containsAll(List.of(KeyValue.pair("acme-id", "BREAKS<-null"),
        KeyValue.pair("globex-id", "READY<-null"), KeyValue.pair("solo-id", "CHANGES<-null"))), first.toString());
    f.metadata("t1", "T one", "globex", "Lumen");
    f.metadata("s1", "S one", "globex", "Lumen");
    f.tick(T0.plusSeconds(120));
    List<KeyValue<String, String>> c = changes();
    assertEquals(3, c.size(), c.toString());
    assertTrue(c.contains(KeyValue.pair("acme-id", "READY<-BREAKS")), c.toString());
    assertTrue(c.contains(KeyValue.pair("globex-id", "BREAKS<-READY")), c.toString());
    assertTrue(c.contains(KeyValue.pair("solo-id", null)), "its last trunk left: a tombstone " + c);
    assertNull(f.driver.getKeyValueStore(StoreNames.READINESS_ORGANIZATIONS).get("solo-id"));
  }

  @Test
  void trunksWithoutMetadataAreGroupedUnderTheEmptyKey() {
    breaking("unknown", T0);
    List<KeyValue<String, OrganizationReadiness>> rows = readiness.readKeyValuesToList();
    assertEquals(1, rows.size());
    assertEquals("", rows.get(0).key);
    assertNull(rows.get(0).value.getOrganizationId());
    assertEquals(ReadinessVerdict.BREAKS, rows.get(0).value.getVerdict());
  }

  @Test
  void theAvroVerdictsAreTheDomainVerdictsInOrder() {
    assertEquals(Verdict.values().length, ReadinessVerdict.values().length);
    for (Verdict v : Verdict.values()) {
      assertEquals(v.name(), ReadinessVerdict.values()[v.ordinal()].name());
    }
  }
}
