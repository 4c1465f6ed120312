package io.cipherwatch.topology;

import static io.cipherwatch.topology.TopologyFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.AlertState;
import io.cipherwatch.avro.AlertType;
import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.avro.RiskLevel;
import io.cipherwatch.config.CipherwatchConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CipherwatchTopologyTest {
  static final List<Integer> MODERN = List.of(0xC02F, 0xC030);
  static final List<Integer> PREFERS = List.of(0xC028, 0xC030);
  static final List<Integer> ONLY = List.of(0x003D, 0x002F);
  static final List<Integer> HYGIENE = List.of(0xC030, 0x003D);
  static final Direction IN = Direction.INBOUND;
  static final Direction OUT = Direction.OUTBOUND;

  private TopologyFixture f;

  private TopologyFixture tumbling10m() {
    f = new TopologyFixture(Map.of("cipherwatch.usage.window.size", "PT10M",
        "cipherwatch.usage.window.advance", "PT10M", "cipherwatch.usage.window.grace", "PT1M"));
    return f;
  }

  @AfterEach
  void close() {
    if (f != null) {
      f.close();
    }
  }

  static Instant at(int minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  /**
   * {@code max.task.idle.ms=-1} (a default) only decides which of a task's partitions goes first: with one source
   * topic per sub-topology (global tables aside), a task has one partition and the setting changes no order.
   */
  @Test
  void everySubTopologyReadsOneTopicSoNotWaitingForOtherPartitionsChangesNoOrder() {
    f = new TopologyFixture(Map.of());
    assertEquals("-1", CipherwatchConfig.defaults().kafka().get("max.task.idle.ms"));
    TopologyDescription d = CipherwatchTopology.buildTopology(f.cfg).describe();
    assertEquals(3, d.subtopologies().size(), d.toString());
    for (TopologyDescription.Subtopology sub : d.subtopologies()) {
      Set<String> topics = new HashSet<>();
      for (TopologyDescription.Node n : sub.nodes()) {
        if (n instanceof TopologyDescription.Source source) {
          topics.addAll(source.topicSet());
          assertNull(source.topicPattern(), "a pattern source could read several topics");
        }
      }
      assertEquals(1, topics.size(), "sub-topology " + sub.id() + " reads " + topics);
    }
  }

  @Test
  void countsOneTumblingWindowPerTrunkAndDirectionAfterItCloses() {
    tumbling10m();
    f.send("t1", IN, at(1), MODERN, 0xC02F);
    f.send("t1", IN, at(2), PREFERS, 0xC028);
    f.send("t1", IN, at(3), ONLY, 0x003D);
    f.send("t1", IN, at(4), HYGIENE, 0xC030);
    f.send("t1", IN, at(5), MODERN, null);
    f.send("t1", OUT, at(6), List.of(0xC030, 0xC028), 0xC028);
    assertTrue(f.usage.isEmpty(), "nothing is emitted before the window closes");
    f.send("t1", IN, at(10).plusSeconds(59), MODERN, 0xC02F);
    assertTrue(f.usage.isEmpty(), "the window waits for its grace period");
    f.send("t1", IN, at(11), MODERN, 0xC02F);

    List<CipherUsage> rows = TopologyFixture.values(f.usage);
    assertEquals(2, rows.size());
    CipherUsage in = rows.stream().filter(r -> r.getDirection() == IN).findFirst().orElseThrow();
    assertEquals(T0, in.getWindowStart());
    assertEquals(at(10), in.getWindowEnd());
    assertEquals(5, in.getHandshakes());
    assertEquals(4, in.getEstablishedHandshakes());
    assertEquals(1, in.getFailedHandshakes());
    assertEquals(2, in.getDeprecatedHandshakes());
    assertEquals(0.5, in.getDeprecatedShare(), 1e-9);
    assertEquals(1, in.getWouldBreakHandshakes());
    assertEquals(0.25, in.getWouldBreakShare(), 1e-9);
    assertEquals(1, in.getCleanHandshakes());
    assertEquals(1, in.getOffersDeprecatedHandshakes());
    assertEquals(1, in.getPrefersDeprecatedHandshakes());
    assertEquals(1, in.getDeprecatedOnlyHandshakes());
    assertEquals(RiskLevel.CRITICAL, in.getRiskLevel());
    assertEquals(Map.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 1L, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", 1L,
        "TLS_RSA_WITH_AES_256_CBC_SHA256", 1L, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", 1L), in.getCipherCounts());
    assertNull(in.getTrunkName(), "unknown trunk: metadata fields are null");

    CipherUsage out = rows.stream().filter(r -> r.getDirection() == OUT).findFirst().orElseThrow();
    assertEquals(1, out.getDeprecatedOnlyHandshakes());
    assertEquals(1.0, out.getWouldBreakShare(), 1e-9);
  }

  @Test
  void eventExactlyAtWindowEndBelongsToTheNextWindow() {
    tumbling10m();
    f.send("t1", IN, at(0), MODERN, 0xC02F);
    f.send("t1", IN, at(10), MODERN, 0xC02F);
    f.send("t1", IN, at(21), MODERN, 0xC02F);
    List<CipherUsage> rows = TopologyFixture.values(f.usage);
    assertEquals(2, rows.size());
    assertEquals(1, rows.get(0).getHandshakes());
    assertEquals(at(10), rows.get(1).getWindowStart());
    assertEquals(1, rows.get(1).getHandshakes());
  }

  @Test
  void hoppingWindowsAreAssembledFromPanesOncePerWindow() {
    f = new TopologyFixture(Map.of("cipherwatch.usage.window.size", "PT1H",
        "cipherwatch.usage.window.advance", "PT5M", "cipherwatch.usage.window.grace", "PT5M"));
    f.send("t1", IN, at(7), PREFERS, 0xC028);
    f.send("t1", IN, at(20), MODERN, 0xC02F);
    f.tick(at(7 * 60));
    List<CipherUsage> rows = TopologyFixture.values(f.usage);
    // windows containing 10:07 start at 09:10..10:05 (12); containing 10:20 start at 09:25..10:20 (12); union 15
    assertEquals(15, rows.size());
    Set<Instant> starts = new HashSet<>();
    for (CipherUsage r : rows) {
      assertTrue(starts.add(r.getWindowStart()), "one row per window");
      assertEquals(Duration.ofHours(1), Duration.between(r.getWindowStart(), r.getWindowEnd()));
      boolean has7 = !r.getWindowStart().isAfter(at(7)) && r.getWindowEnd().isAfter(at(7));
      boolean has20 = !r.getWindowStart().isAfter(at(20)) && r.getWindowEnd().isAfter(at(20));
      assertEquals((has7 ? 1 : 0) + (has20 ? 1 : 0), r.getHandshakes(), "window " + r.getWindowStart());
      assertEquals(has7 ? RiskLevel.WARNING : RiskLevel.CLEAN, r.getRiskLevel());
    }
    for (int i = 1; i < rows.size(); i++) {
      assertTrue(rows.get(i).getWindowStart().isAfter(rows.get(i - 1).getWindowStart()), "emitted in order");
    }
  }

  @Test
  void outOfOrderEventWithinGraceIsCountedAndLateEventGoesToDeadLetters() {
    tumbling10m();
    f.send("t1", IN, at(1), MODERN, 0xC02F);
    f.send("t1", IN, at(10).plusSeconds(30), MODERN, 0xC02F);
    f.send("t1", IN, at(9), ONLY, 0x003D); // within grace: counted in [0,10)
    f.send("t1", IN, at(11), MODERN, 0xC02F); // closes [0,10)
    f.send("t1", IN, at(8), ONLY, 0x003D); // late
    List<CipherUsage> rows = TopologyFixture.values(f.usage);
    assertEquals(1, rows.size());
    assertEquals(2, rows.get(0).getHandshakes());
    assertEquals(1, rows.get(0).getWouldBreakHandshakes());
    List<DeadLetter> dl = TopologyFixture.values(f.deadLetters);
    assertEquals(1, dl.size());
    assertEquals("LATE", dl.get(0).getReason());
    assertEquals("t1", dl.get(0).getTrunkId());
    assertNotNull(dl.get(0).getOriginalValue());
    // the late event still counted for alerts: the DEPRECATED_ONLY alert opened on the 10:09 event
    List<DeprecationAlert> al = TopologyFixture.values(f.alerts);
    assertEquals(1, al.size());
    assertEquals(AlertType.DEPRECATED_ONLY, al.get(0).getType());
  }

  @Test
  void metadataIsJoinedAndUpdatesApplyToLaterWindows() {
    tumbling10m();
    f.metadata("t1", "Main trunk", "Acme", "Lumen");
    f.send("t1", IN, at(1), MODERN, 0xC02F);
    f.send("t1", IN, at(11), MODERN, 0xC02F);
    f.metadata("t1", "Main trunk v2", "Acme", "Bandwidth");
    f.send("t1", IN, at(21), MODERN, 0xC02F);
    List<CipherUsage> rows = TopologyFixture.values(f.usage);
    assertEquals(2, rows.size());
    assertEquals("Main trunk", rows.get(0).getTrunkName());
    assertEquals("Lumen", rows.get(0).getCarrier());
    assertEquals("Acme", rows.get(0).getOrganizationName());
    assertEquals("noc@Acme.example", rows.get(0).getContact());
    assertEquals("Main trunk v2", rows.get(1).getTrunkName());
    assertEquals("Bandwidth", rows.get(1).getCarrier());
  }

  @Test
  void fleetRollupSumsTrunksPerDirectionAndWindow() {
    tumbling10m();
    f.send("a", IN, at(1), MODERN, 0xC02F);
    f.send("b", IN, at(2), ONLY, 0x003D);
    f.send("b", IN, at(3), ONLY, 0x003D);
    f.send("c", IN, at(4), PREFERS, 0xC028);
    f.send("c", OUT, at(5), List.of(0xC030, 0xC028), 0xC030);
    f.send("a", IN, at(12), MODERN, 0xC02F);
    List<FleetUsage> rows = TopologyFixture.values(f.fleet);
    assertEquals(2, rows.size());
    FleetUsage in = rows.stream().filter(r -> r.getDirection() == IN).findFirst().orElseThrow();
    assertEquals(3, in.getTrunks());
    assertEquals(4, in.getHandshakes());
    assertEquals(3, in.getDeprecatedHandshakes());
    assertEquals(0.75, in.getDeprecatedShare(), 1e-9);
    assertEquals(0.5, in.getWouldBreakShare(), 1e-9);
    assertEquals(1, in.getCriticalTrunks());
    assertEquals(1, in.getWarningTrunks());
    assertEquals(0, in.getInfoTrunks());
    assertEquals(1, in.getCleanTrunks());
    assertEquals(2L, in.getCipherCounts().get("TLS_RSA_WITH_AES_256_CBC_SHA256"));
    FleetUsage out = rows.stream().filter(r -> r.getDirection() == OUT).findFirst().orElseThrow();
    assertEquals(1, out.getTrunks());
    assertEquals(1, out.getCleanTrunks());
    KeyValueStore<String, FleetUsage> latest = f.driver.getKeyValueStore(StoreNames.FLEET_LATEST);
    assertEquals(4, latest.get("INBOUND").getHandshakes());
  }

  @Test
  void invalidInputGoesToDeadLettersWithReasonAndOriginalBytes() {
    tumbling10m();
    byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
    f.sendRaw("k".getBytes(StandardCharsets.UTF_8), garbage);
    f.sendRaw("k".getBytes(StandardCharsets.UTF_8), null);
    f.send(f.event(" ", IN, at(1), MODERN, 0xC02F).build());
    f.send(f.event("t1", IN, at(1), MODERN, 0xC02F).setEdgeId("").build());
    f.send(f.event("t1", IN, at(1), List.of(0x0A0A), null).build());
    f.send(f.event("t1", IN, at(1), MODERN, 0xC02F).setNegotiatedCipherSuite(null).build());
    f.send(f.event("t1", IN, at(1), MODERN, 0x003D).build());
    f.send(f.event("t1", IN, at(1), MODERN, null).setNegotiatedCipherSuite(0xC02F).build());
    f.send(f.event("t1", IN, at(1), List.of(0x1FFFF), null).build());
    List<DeadLetter> dl = TopologyFixture.values(f.deadLetters);
    assertEquals(List.of("BAD_MAGIC_BYTE", "UNDECODABLE", "BLANK_TRUNK_ID", "BLANK_EDGE_ID", "EMPTY_OFFER",
        "ESTABLISHED_WITHOUT_CIPHER", "CHOSEN_NOT_OFFERED", "FAILED_WITH_CIPHER", "CODE_OUT_OF_RANGE"),
        dl.stream().map(DeadLetter::getReason).toList());
    assertEquals(java.nio.ByteBuffer.wrap(garbage), dl.get(0).getOriginalValue());
    assertEquals(f.cfg.inputTopic(), dl.get(0).getTopic());
    assertEquals(0L, dl.get(0).getOffset());
    assertTrue(dl.get(0).getMessage().length() > 20);
    // the stream keeps going
    f.send("t1", IN, at(1), List.of(0x0A0A, 0x1234, 0xC02F), 0x1234);
    f.send("t1", IN, at(12), MODERN, 0xC02F);
    List<CipherUsage> rows = TopologyFixture.values(f.usage);
    assertEquals(1, rows.size());
    assertEquals(Map.of("UNKNOWN_0x1234", 1L), rows.get(0).getCipherCounts(), "unknown codes are valid input");
  }

  @Test
  void catchUpOverManyHoursEmitsEveryWindowExactlyOnce() {
    f = new TopologyFixture(Map.of());
    int hours = 6;
    for (int m = 0; m < hours * 60; m += 3) {
      f.send("t" + (m % 7), m % 2 == 0 ? IN : OUT, at(m), MODERN, 0xC02F);
    }
    f.tick(at(hours * 60 + 120));
    List<CipherUsage> rows = TopologyFixture.values(f.usage);
    Set<String> keys = new HashSet<>();
    long total = 0;
    for (CipherUsage r : rows) {
      assertTrue(keys.add(r.getTrunkId() + r.getDirection() + r.getWindowStart()), "duplicate " + r);
      total += r.getHandshakes();
    }
    // every event is counted in exactly 12 hopping windows
    assertEquals(hours * 20L * 12, total);
    List<FleetUsage> fleet = TopologyFixture.values(f.fleet);
    long fleetTotal = fleet.stream().mapToLong(FleetUsage::getHandshakes).sum();
    assertEquals(total, fleetTotal);
  }

  @Test
  void alertsOpenOnceAndCarryEvidenceAndMetadata() {
    tumbling10m();
    f.metadata("t1", "Main trunk", "Acme", "Lumen");
    f.send("t1", OUT, at(1), List.of(0xC030, 0xC02F, 0xC028, 0x003D), 0xC028);
    f.send("t1", OUT, at(2), List.of(0xC030, 0xC02F, 0xC028, 0x003D), 0xC028);
    List<DeprecationAlert> al = TopologyFixture.values(f.alerts);
    assertEquals(1, al.size());
    DeprecationAlert a = al.get(0);
    assertEquals(AlertState.OPEN, a.getState());
    assertEquals("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", a.getNegotiatedCipherSuite());
    assertEquals("ECDHE-RSA-AES256-SHA384", a.getNegotiatedCipherSuiteOpenssl());
    assertEquals(4, a.getOfferedCipherSuites().size());
    assertEquals("Acme", a.getOrganizationName());
    assertEquals("noc@Acme.example", a.getContact());
    assertTrue(a.getMessage().contains("ECDHE-RSA-AES256-SHA384"), a.getMessage());
    KeyValueStore<String, DeprecationAlert> latest = f.driver.getKeyValueStore(StoreNames.ALERTS_LATEST);
    assertEquals(a.getAlertId(), latest.get("t1|OUTBOUND|DEPRECATED_ONLY").getAlertId());
    // clean for more than resolve-after (1h): resolves on the first clean handshake after that
    f.send("t1", OUT, at(30), List.of(0xC030), 0xC030);
    f.send("t1", OUT, at(62), List.of(0xC030), 0xC030);
    al = TopologyFixture.values(f.alerts);
    assertEquals(1, al.size());
    assertEquals(AlertState.RESOLVED, al.get(0).getState());
    assertEquals(a.getAlertId(), al.get(0).getAlertId());
    assertEquals(at(62), al.get(0).getResolvedAt());
  }

  @Test
  void metadataChangeWhileAnAlertIsOpenShowsOnItsResolution() {
    tumbling10m();
    f.metadata("t1", "Old name", "Acme", "Lumen");
    f.send("t1", IN, at(1), ONLY, 0x003D);
    f.metadata("t1", "New name", "Acme Corp", "Bandwidth");
    f.send("t1", IN, at(2), ONLY, 0x003D);
    f.send("t1", IN, at(62), MODERN, 0xC02F);
    List<DeprecationAlert> al = TopologyFixture.values(f.alerts);
    assertEquals(2, al.size());
    assertEquals(AlertState.OPEN, al.get(0).getState());
    assertEquals("Old name", al.get(0).getTrunkName());
    assertEquals(AlertState.RESOLVED, al.get(1).getState());
    assertEquals(al.get(0).getAlertId(), al.get(1).getAlertId(), "same alert despite the metadata change");
    assertEquals("New name", al.get(1).getTrunkName());
    assertEquals("Bandwidth", al.get(1).getCarrier());
    assertEquals(3, al.get(1).getHandshakesSinceOpen(), "opening, keep-alive and resolving handshakes");
  }

  @Test
  void tickHeaderClosesWindowsWithoutCounting() {
    tumbling10m();
    f.send("t1", IN, at(1), MODERN, 0xC02F);
    f.tick(at(30));
    List<CipherUsage> rows = TopologyFixture.values(f.usage);
    assertEquals(1, rows.size());
    assertEquals(1, rows.get(0).getHandshakes());
    assertTrue(f.deadLetters.isEmpty());
    ReadOnlyKeyValueStore<String, CipherUsage> latest = f.usageLatest();
    assertEquals(1, latest.get("t1|INBOUND").getHandshakes());
    assertNull(latest.get("t1|OUTBOUND"), "no handshake that way");
    assertNull(latest.get("t1|SIDEWAYS"), "not a direction");
    assertNull(latest.get("t1"), "no direction");
    assertEquals(1, latest.approximateNumEntries());
  }
}
