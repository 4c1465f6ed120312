package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.OrganizationReadiness;
import io.cipherwatch.avro.ReadinessVerdict;
import io.cipherwatch.probe.ProbeReport;
import io.cipherwatch.readiness.OfferHistory;
import io.cipherwatch.readiness.OrganizationTally;
import io.cipherwatch.readiness.ProbeResult;
import io.cipherwatch.readiness.Readiness;
import io.cipherwatch.readiness.ReadinessReport;
import io.cipherwatch.readiness.RemovalImpact;
import io.cipherwatch.readiness.TrunkInfo;
import io.cipherwatch.readiness.TrunkKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On a simulated stream (12 days, late events, a policy change, probes, a trunk moving organization and one
 * losing its metadata) the organizations' verdicts in the topic's latest records are exactly those of
 * {@code Readiness.report} over the same readiness state, as-of time and R; the topic never repeats a verdict.
 */
class ReadinessTopicReportTest {
  static final int[] DEPRECATED_V1 = {0x003D, 0xC014, 0xC028};
  final TopologyFixture f = new TopologyFixture(Map.of());
  final TestOutputTopic<String, OrganizationReadiness> topic = ReadinessTopicTest.readinessTopic(f);

  @AfterEach
  void close() {
    f.close();
  }

  /** (offer, chosen or null for a failed handshake). */
  record Offer(List<Integer> offer, Integer chosen) {}

  static final Offer C030 = new Offer(List.of(0xC030), 0xC030);
  static final Offer C02F = new Offer(List.of(0xC030, 0xC02F), 0xC02F);
  static final Offer TLS13 = new Offer(List.of(0x0A0A, 0x1301, 0xC030), 0x1301);
  static final Offer FAILED = new Offer(List.of(0x003D), null);
  static final Offer C028 = new Offer(List.of(0xC028, 0xC030), 0xC028);
  static final Offer ONLY_3D = new Offer(List.of(0x003D), 0x003D);
  static final Offer ONLY_C014 = new Offer(List.of(0xC014), 0xC014);
  /** What each trunk offers; OUT trunks are outbound only. */
  static final List<Offer> READY = List.of(C030, C02F, TLS13, FAILED);
  static final List<Offer> CHANGES = List.of(C030, C02F, TLS13, FAILED, C028);
  static final List<Offer> BREAKS = List.of(C030, C028, ONLY_3D, ONLY_C014);
  static final List<Offer> OUT = List.of(C030, C028);
  static final Map<String, List<Offer>> PROFILES = Map.ofEntries(Map.entry("a1", CHANGES), Map.entry("a2", OUT),
      Map.entry("a3", READY), Map.entry("g1", OUT), Map.entry("g2", READY), Map.entry("i1", BREAKS),
      Map.entry("i2", READY), Map.entry("s1", CHANGES), Map.entry("n1", BREAKS), Map.entry("n2", READY));

  @Test
  void theTopicsLatestVerdictsAreTheReportsOrganizations() {
    Map<String, String> orgOf = new TreeMap<>(Map.of("a1", "acme", "a2", "acme", "a3", "acme", "g1", "globex",
        "g2", "globex", "i1", "initech", "i2", "initech", "s1", "solo"));
    orgOf.forEach((t, o) -> f.metadata(t, t, o, "Lumen"));
    List<String> trunks = new ArrayList<>(orgOf.keySet());
    trunks.add("n1"); // without metadata
    trunks.add("n2");
    Random rnd = new Random(20260302);
    Instant t = TopologyFixture.T0;
    Map<String, ProbeResult> probes = new HashMap<>();
    int events = 2_000;
    for (int i = 0; i < events; i++) {
      t = t.plusSeconds(rnd.nextInt(1_000));
      String trunk = trunks.get(rnd.nextInt(trunks.size()));
      // quiet trunks: i1 stops after the first quarter, so its days leave the period
      if (trunk.equals("i1") && i > events / 4) {
        trunk = "a1";
      }
      List<Offer> profile = PROFILES.get(trunk);
      Direction d = profile == OUT || rnd.nextInt(10) >= 7 ? Direction.OUTBOUND : Direction.INBOUND;
      Offer o = profile.get(rnd.nextInt(profile.size()));
      Instant at = rnd.nextInt(20) == 0 ? t.minusSeconds(rnd.nextInt(6 * 3600)) : t;
      f.send(trunk, d, at, o.offer(), o.chosen());
      if (i == events * 4 / 10) {
        ReadinessTopicTest.publishPolicy(f, 1, DEPRECATED_V1);
      }
      if (i == events / 2) {
        int[] remaining = {0x0035, 0x009C, 0x009D, 0xC02F, 0xC030};
        for (ProbeReport p : List.of(
            new ProbeReport("g1", "g1:5061", t, DEPRECATED_V1, remaining, new int[0], true, 0xC030, "TLSv1.2", null),
            new ProbeReport("a2", "a2:5061", t, DEPRECATED_V1, remaining, new int[0], false, -1, null, "alert"))) {
          ReadinessTopicTest.publishProbe(f, p);
          probes.put(p.trunkId(), p.result());
        }
      }
      if (i == events * 6 / 10) {
        f.metadata("a3", "a3", "globex", "Lumen");
        orgOf.put("a3", "globex");
        f.metadata.pipeInput("i2", null);
        orgOf.remove("i2");
      }
    }
    Instant asOf = t.plusSeconds(120);
    f.tick(asOf);

    Map<String, OrganizationReadiness> latest = new HashMap<>();
    Map<String, ReadinessVerdict> last = new HashMap<>();
    int records = 0;
    for (KeyValue<String, OrganizationReadiness> kv : topic.readKeyValuesToList()) {
      records++;
      if (kv.value == null) {
        latest.remove(kv.key);
        last.remove(kv.key);
        continue;
      }
      assertEquals(last.get(kv.key), kv.value.getPreviousVerdict(), "each record names the verdict before it");
      assertNotEquals(last.get(kv.key), kv.value.getVerdict(), "a record only when the verdict changed");
      last.put(kv.key, kv.value.getVerdict());
      latest.put(kv.key, kv.value);
    }

    Map<TrunkKey, OfferHistory> histories = LiveReadinessTest.histories(f);
    Map<String, TrunkInfo> infos = new HashMap<>();
    for (TrunkKey k : histories.keySet()) {
      String org = orgOf.get(k.trunkId());
      infos.put(k.trunkId(), org == null ? TrunkInfo.UNKNOWN : new TrunkInfo(org + "-id", org, k.trunkId(), null));
    }
    ReadinessReport report = new Readiness(Duration.ofDays(7), 0.001).report(histories, infos, probes,
        new RemovalImpact(ReadinessTopicTest.SUPPORTED, DEPRECATED_V1), asOf);

    KeyValueStore<String, byte[]> orgStore = f.driver.getKeyValueStore(StoreNames.READINESS_ORGANIZATIONS);
    Set<String> verdictsSeen = new HashSet<>();
    for (ReadinessReport.Organization o : report.organizations()) {
      String key = o.organizationId() == null ? "" : o.organizationId();
      OrganizationReadiness r = latest.remove(key);
      assertNotNull(r, "no record for " + key + " (" + o.verdict() + ")");
      assertEquals(o.verdict().name(), r.getVerdict().name(), key);
      verdictsSeen.add(o.verdict().name());
      OrganizationTally state = OrganizationTally.decode(orgStore.get(key));
      assertEquals(o.verdict(), state.verdict(), key);
      assertEquals(o.trunks(), state.trunks(), key);
      assertArrayEquals(new long[] {o.counts().handshakes(), o.counts().wouldBreak(), o.counts().unverified()},
          state.counts(), key);
    }
    assertEquals(Map.of(), latest, "organizations the report does not have");
    assertTrue(verdictsSeen.size() >= 4, "a varied scenario: " + verdictsSeen);
    assertTrue(report.organizations().stream().anyMatch(o -> o.organizationId() == null));
    assertTrue(records > report.organizations().size(), "verdicts changed along the way: " + records);
  }
}
