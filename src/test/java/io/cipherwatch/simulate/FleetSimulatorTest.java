package io.cipherwatch.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.avro.TrunkMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {

  /** Wednesday 2026-01-07 00:00 UTC. */
  private static final long START = Instant.parse("2026-01-07T00:00:00Z").toEpochMilli();
  private static final long DAY = 86_400_000L;
  private static final int EVENTS = 100_000;
  private static final Set<String> FAILURE_REASONS =
      Set.of("handshake_failure", "insufficient_security", "certificate_unknown", "decrypt_error", "timeout");

  /** One simulated day of a 5,000-trunk fleet with the default mix, shared by the read-only tests. */
  private static FleetSpec daySpec;
  private static FleetSimulator day;
  private static Map<String, TrunkPlan> dayPlans;
  private static List<SimulatedRecord> dayRecords;

  @BeforeAll
  static void simulateOneDay() {
    daySpec = FleetSpec.defaults(5_000, START, DAY);
    day = new FleetSimulator(daySpec, 20260107L);
    dayPlans = plansById(day);
    dayRecords = new ArrayList<>(EVENTS);
    for (int i = 0; i < EVENTS; i++) {
      dayRecords.add(day.next(START + i * (DAY / EVENTS)));
    }
  }

  @Test
  void sameSeedGivesTheSameRecordsByteForByte() throws IOException {
    FleetSpec spec = FleetSpec.defaults(300, START, DAY).withFaultRate(0.01);
    FleetSimulator a = new FleetSimulator(spec, 7);
    FleetSimulator b = new FleetSimulator(spec, 7);
    for (int i = 0; i < a.trunks().size(); i++) {
      assertArrayEquals(bytes(a.trunks().get(i).toByteBuffer()), bytes(b.trunks().get(i).toByteBuffer()));
    }
    for (int i = 0; i < 20_000; i++) {
      long t = START + i * 4_321L;
      SimulatedRecord ra = a.next(t);
      SimulatedRecord rb = b.next(t);
      assertEquals(ra.key(), rb.key());
      assertEquals(ra.faultKind(), rb.faultKind());
      assertArrayEquals(ra.rawValue(), rb.rawValue());
      assertArrayEquals(encode(ra.event()), encode(rb.event()), "record " + i);
    }
  }

  @Test
  void otherSeedGivesAnotherFleetAndStream() {
    FleetSpec spec = FleetSpec.defaults(300, START, DAY).withFaultRate(0);
    FleetSimulator a = new FleetSimulator(spec, 7);
    FleetSimulator b = new FleetSimulator(spec, 8);
    Set<String> namesA = new HashSet<>();
    a.trunks().forEach(m -> namesA.add(m.getTrunkId()));
    assertTrue(b.trunks().stream().noneMatch(m -> namesA.contains(m.getTrunkId())));
    int sameTrunkName = 0;
    for (int i = 0; i < spec.trunks(); i++) {
      if (a.trunks().get(i).getTrunkName().equals(b.trunks().get(i).getTrunkName())) {
        sameTrunkName++;
      }
    }
    assertTrue(sameTrunkName < spec.trunks() / 2, sameTrunkName + " identical trunk names");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      ids.add(a.next(START + i).event().getEventId());
      ids.add(b.next(START + i).event().getEventId());
    }
    assertEquals(2_000, ids.size(), "event ids must be unique within and across seeds");
  }

  @Test
  void trunkMetadataLooksLikeARealFleet() {
    List<TrunkMetadata> trunks = day.trunks();
    assertEquals(daySpec.trunks(), trunks.size());
    Set<String> ids = new HashSet<>();
    Map<String, String> orgNames = new HashMap<>();
    Set<String> regions = Set.of(Regions.NAMES);
    Set<String> carriers = new HashSet<>();
    int premise = 0;
    int noContact = 0;
    for (TrunkMetadata m : trunks) {
      assertTrue(ids.add(m.getTrunkId()), "duplicate trunkId " + m.getTrunkId());
      String previous = orgNames.put(m.getOrganizationId(), m.getOrganizationName());
      assertTrue(previous == null || previous.equals(m.getOrganizationName()));
      assertTrue(regions.contains(m.getRegion()), m.getRegion());
      assertTrue(m.getTrunkName().startsWith(m.getOrganizationName().split(" ")[0]), m.getTrunkName());
      assertTrue(m.getTrunkName().endsWith(" - " + m.getCarrier()), m.getTrunkName());
      carriers.add(m.getCarrier());
      if (m.getTrunkType().equals("BYOC_PREMISE")) {
        premise++;
      } else {
        assertEquals("BYOC_CLOUD", m.getTrunkType());
      }
      if (m.getContact() == null) {
        noContact++;
      } else {
        assertTrue(m.getContact().matches("[a-z-]+@[a-z0-9-]+\\.example"), m.getContact());
      }
      assertTrue(Set.of("enterprise", "midmarket", "smb").contains(m.getLabels().get("tier")), m.getLabels().toString());
      assertNotNull(m.getLabels().get("sbcVendor"));
      assertEquals(List.of("tier", "sbcVendor"), new ArrayList<>(m.getLabels().keySet()), "fixed label order");
    }
    assertEquals(daySpec.organizations(), orgNames.size());
    assertEquals(daySpec.organizations(), new HashSet<>(orgNames.values()).size(), "organization names are unique");
    assertTrue(carriers.size() >= 8, "carriers " + carriers);
    assertTrue(premise > trunks.size() / 20 && premise < trunks.size() / 4, "premise trunks " + premise);
    assertTrue(noContact > 0 && noContact < trunks.size() / 4, "trunks without contact " + noContact);
  }

  @Test
  void everyWellFormedEventFollowsTheNegotiationRules() {
    int failed = 0;
    int wellFormed = 0;
    for (SimulatedRecord r : dayRecords) {
      if (r.isFault()) {
        continue;
      }
      wellFormed++;
      HandshakeEvent e = r.event();
      assertNull(r.rawValue());
      assertEquals(e.getTrunkId(), r.key());
      assertValid(e);
      if (e.getOutcome() == HandshakeOutcome.FAILED) {
        failed++;
      }
      encode(e); // every well-formed event must serialize
    }
    double failureShare = failed / (double) wellFormed;
    assertTrue(failureShare > 0.003 && failureShare < 0.007, "failure share " + failureShare);
  }

  @Test
  void eventsFollowTheirTrunkPlan() {
    for (SimulatedRecord r : dayRecords) {
      if (r.isFault() || r.event().getOutcome() == HandshakeOutcome.FAILED) {
        continue;
      }
      HandshakeEvent e = r.event();
      long t = e.getTimestamp().toEpochMilli();
      TlsProfile profile = dayPlans.get(e.getTrunkId()).profile(e.getDirection(), t);
      if (e.getDirection() == Direction.INBOUND) {
        assertEquals(profile.offer(), withoutGrease(e.getOfferedCipherSuites()));
        assertEquals(profile.inboundChoice(), e.getNegotiatedCipherSuite());
      } else {
        assertEquals(profile.outboundChoice(), e.getNegotiatedCipherSuite());
      }
    }
  }

  @Test
  void greaseComesOnlyFromTheGreaseProfileWithVaryingValues() {
    Set<Integer> greaseValues = new HashSet<>();
    int greased = 0;
    for (SimulatedRecord r : dayRecords) {
      if (r.isFault() || r.event().getDirection() != Direction.INBOUND) {
        continue;
      }
      HandshakeEvent e = r.event();
      TlsProfile profile = dayPlans.get(e.getTrunkId()).profile(Direction.INBOUND, e.getTimestamp().toEpochMilli());
      int first = e.getOfferedCipherSuites().get(0);
      assertEquals(profile.usesGrease(), EdgeTls.grease(first), () -> profile + " offer " + e.getOfferedCipherSuites());
      if (EdgeTls.grease(first)) {
        greased++;
        greaseValues.add(first);
      }
      assertTrue(e.getOfferedCipherSuites().stream().skip(1).noneMatch(EdgeTls::grease));
    }
    assertTrue(greased > 1_000, "greased offers " + greased);
    assertEquals(16, greaseValues.size(), "GREASE values seen " + greaseValues);
  }

  @Test
  void scenarioMixLandsNearTheSpec() {
    assertMix(daySpec, day, dayRecords);
    for (long seed = 1; seed <= 3; seed++) {
      FleetSimulator other = new FleetSimulator(daySpec, seed);
      List<SimulatedRecord> records = new ArrayList<>(EVENTS);
      for (int i = 0; i < EVENTS; i++) {
        records.add(other.next(START + i * (DAY / EVENTS)));
      }
      assertMix(daySpec, other, records);
    }
  }

  /** Trunk counts match the shares exactly; the traffic-weighted shares within 1 point + 10%. */
  private static void assertMix(FleetSpec spec, FleetSimulator sim, List<SimulatedRecord> records) {
    Map<Scenario, Integer> trunks = new EnumMap<>(Scenario.class);
    sim.plans().forEach(p -> trunks.merge(p.scenario(), 1, Integer::sum));
    Map<String, TrunkPlan> plans = plansById(sim);
    Map<Scenario, Integer> events = new EnumMap<>(Scenario.class);
    int wellFormed = 0;
    for (SimulatedRecord r : records) {
      if (!r.isFault()) {
        wellFormed++;
        events.merge(plans.get(r.key()).scenario(), 1, Integer::sum);
      }
    }
    for (Scenario s : Scenario.values()) {
      double share = spec.share(s);
      assertEquals(share * spec.trunks(), trunks.getOrDefault(s, 0), 1.0, "trunks in " + s);
      double eventShare = events.getOrDefault(s, 0) / (double) wellFormed;
      assertEquals(share, eventShare, 0.01 + 0.1 * share, "event share of " + s + " " + events);
    }
  }

  @Test
  void scenariosShowTheirSymptomsBeforeRemediation() {
    Map<Scenario, int[]> symptoms = new EnumMap<>(Scenario.class); // {inbound deprecated, outbound deprecated, offers deprecated}
    for (SimulatedRecord r : dayRecords) {
      if (r.isFault() || r.event().getOutcome() == HandshakeOutcome.FAILED) {
        continue;
      }
      HandshakeEvent e = r.event();
      TrunkPlan plan = dayPlans.get(e.getTrunkId());
      long t = e.getTimestamp().toEpochMilli();
      if (plan.remediated(t) || plan.onSecondary(t)) {
        continue;
      }
      int[] counts = symptoms.computeIfAbsent(plan.scenario(), s -> new int[3]);
      boolean deprecated = EdgeTls.deprecated(e.getNegotiatedCipherSuite());
      boolean inbound = e.getDirection() == Direction.INBOUND;
      if (deprecated) {
        counts[inbound ? 0 : 1]++;
      }
      if (inbound && e.getOfferedCipherSuites().stream().anyMatch(EdgeTls::deprecated)) {
        counts[2]++;
      }
      switch (plan.scenario()) {
        case CLEAN, FAILOVER -> assertFalse(deprecated || counts[2] > 0, () -> plan + " " + e);
        case HYGIENE -> assertFalse(deprecated, () -> plan + " " + e);
        case PREFERS_DEPRECATED -> assertEquals(inbound, deprecated, () -> plan + " " + e);
        case SERVER_PREFERENCE -> assertEquals(!inbound, deprecated, () -> plan + " " + e);
        case DEPRECATED_ONLY -> {
          if (deprecated && inbound) {
            assertTrue(e.getOfferedCipherSuites().stream().noneMatch(s -> EdgeTls.supported(s) && !EdgeTls.deprecated(s)));
          }
        }
      }
    }
    assertTrue(symptoms.get(Scenario.HYGIENE)[2] > 0);
    assertTrue(symptoms.get(Scenario.PREFERS_DEPRECATED)[0] > 0);
    assertTrue(symptoms.get(Scenario.SERVER_PREFERENCE)[1] > 0);
    assertTrue(symptoms.get(Scenario.DEPRECATED_ONLY)[0] > 0);
    assertTrue(symptoms.get(Scenario.DEPRECATED_ONLY)[1] > 0);
  }

  @Test
  void remediationSwitchesProfilesAfterTheFixTime() {
    long atRisk = day.plans().stream().filter(p -> p.scenario() != Scenario.CLEAN).count();
    List<TrunkPlan> fixed = day.plans().stream().filter(p -> p.remediatedAtMillis() != TrunkPlan.NEVER).toList();
    assertEquals(Math.round(daySpec.remediatedShare() * atRisk), fixed.size());
    for (TrunkPlan p : fixed) {
      assertNotEquals(Scenario.CLEAN, p.scenario());
      assertTrue(p.remediatedAtMillis() >= START + DAY / 20 && p.remediatedAtMillis() <= START + DAY - DAY / 20,
          p.toString());
    }
    int deprecatedBefore = 0;
    int afterFix = 0;
    for (SimulatedRecord r : dayRecords) {
      if (r.isFault() || r.event().getOutcome() == HandshakeOutcome.FAILED) {
        continue;
      }
      HandshakeEvent e = r.event();
      TrunkPlan plan = dayPlans.get(e.getTrunkId());
      if (plan.remediatedAtMillis() == TrunkPlan.NEVER) {
        continue;
      }
      boolean deprecated = EdgeTls.deprecated(e.getNegotiatedCipherSuite());
      if (plan.remediated(e.getTimestamp().toEpochMilli())) {
        afterFix++;
        assertFalse(deprecated, () -> "fixed trunk negotiated a deprecated suite: " + plan + " " + e);
        assertTrue(e.getDirection() == Direction.OUTBOUND
            || e.getOfferedCipherSuites().stream().noneMatch(EdgeTls::deprecated), () -> "fixed trunk still offers: " + e);
      } else if (deprecated) {
        deprecatedBefore++;
      }
    }
    assertTrue(deprecatedBefore > 100, "deprecated handshakes of fixed trunks before the fix " + deprecatedBefore);
    assertTrue(afterFix > 1_000, "handshakes of fixed trunks after the fix " + afterFix);
    // The fleet's deprecated share goes down over the span (same hour of day, so the same regions are awake).
    assertTrue(deprecatedShare(0, DAY / 12) > 1.2 * deprecatedShare(DAY - DAY / 12, DAY));
  }

  @Test
  void failoverProducesDeprecatedHandshakesOnOtherwiseCleanTrunks() {
    List<TrunkPlan> failover = day.plans().stream().filter(p -> p.scenario() == Scenario.FAILOVER).toList();
    assertFalse(failover.isEmpty());
    double onSecondary = 0;
    for (TrunkPlan p : failover) {
      assertNotNull(p.secondaryProfile());
      assertTrue(p.inboundProfile().offer().stream().noneMatch(EdgeTls::deprecated), p.toString());
      assertFalse(EdgeTls.deprecated(p.outboundProfile().outboundChoice()), p.toString());
      int minutes = 0;
      for (long t = START; t < START + DAY; t += 60_000) {
        if (p.onSecondary(t)) {
          minutes++;
        }
        assertEquals(p.onSecondary(t), p.onSecondary(t + DAY), "schedule repeats every span");
      }
      assertTrue(minutes > 0, "no failover stretch in the span: " + p);
      onSecondary += minutes / 1440.0;
    }
    double timeShare = onSecondary / failover.size();
    assertEquals(daySpec.failoverTimeShare(), timeShare, 0.25 * daySpec.failoverTimeShare(), "time on secondary");
    assertTrue(day.plans().stream().filter(p -> p.scenario() != Scenario.FAILOVER)
        .allMatch(p -> p.secondaryProfile() == null && !p.onSecondary(START + DAY / 2)));

    int regressions = 0;
    int noCommonSuite = 0;
    for (SimulatedRecord r : dayRecords) {
      if (r.isFault()) {
        continue;
      }
      HandshakeEvent e = r.event();
      TrunkPlan plan = dayPlans.get(e.getTrunkId());
      long t = e.getTimestamp().toEpochMilli();
      boolean viaNoCommon = plan.scenario() == Scenario.FAILOVER && plan.onSecondary(t) && !plan.remediated(t)
          && plan.secondaryProfile() == TlsProfile.LEGACY_NO_COMMON;
      if (viaNoCommon) {
        noCommonSuite++;
        assertEquals(HandshakeOutcome.FAILED, e.getOutcome(), e::toString);
        assertEquals("handshake_failure", e.getFailureReason(), e::toString);
      }
      if (plan.scenario() != Scenario.FAILOVER || e.getOutcome() == HandshakeOutcome.FAILED) {
        continue;
      }
      boolean deprecated = EdgeTls.deprecated(e.getNegotiatedCipherSuite());
      if (deprecated) {
        regressions++;
        assertTrue(plan.onSecondary(t) && !plan.remediated(t), () -> "deprecated off the secondary SBC: " + plan + " " + e);
      }
      if (!plan.onSecondary(t)) {
        assertTrue(e.getDirection() == Direction.OUTBOUND
            || e.getOfferedCipherSuites().stream().noneMatch(EdgeTls::deprecated), e::toString);
      }
    }
    assertTrue(regressions > 20, "deprecated handshakes via the secondary SBC: " + regressions);
    assertTrue(noCommonSuite > 5, "failed handshakes via a secondary SBC without a common suite: " + noCommonSuite);
  }

  @Test
  void trafficFollowsLocalBusinessHours() {
    int usEast = Arrays.asList(Regions.NAMES).indexOf("us-east-1");
    Map<String, String> regionOf = new HashMap<>();
    day.trunks().forEach(m -> regionOf.put(m.getTrunkId(), m.getRegion()));
    int[] perLocalHour = new int[24];
    for (SimulatedRecord r : dayRecords) {
      if (!r.isFault() && "us-east-1".equals(regionOf.get(r.key()))) {
        long local = r.event().getTimestamp().toEpochMilli() + Regions.UTC_OFFSET_MINUTES[usEast] * 60_000L;
        perLocalHour[(int) Math.floorMod(local / 3_600_000L, 24L)]++;
      }
    }
    double business = 0;
    double night = 0;
    for (int h = 9; h < 17; h++) {
      business += perLocalHour[h] / 8.0;
    }
    for (int h = 0; h < 6; h++) {
      night += perLocalHour[h] / 6.0;
    }
    assertTrue(business > 4 * night, "us-east-1 events per hour: business " + business + ", night " + night);
    for (long t = START; t < START + DAY; t += 3_600_000L) {
      double activity = day.activity(t);
      assertTrue(activity > 0 && activity <= 1, "activity " + activity);
    }
  }

  @Test
  void faultsAppearAtTheFaultRateAndBreakExactlyTheirRule() {
    FleetSpec spec = FleetSpec.defaults(500, START, DAY).withFaultRate(0.05);
    FleetSimulator faulty = new FleetSimulator(spec, 99);
    FleetSimulator clean = new FleetSimulator(spec.withFaultRate(0), 99);
    int events = 50_000;
    Map<FaultKind, Integer> kinds = new EnumMap<>(FaultKind.class);
    for (int i = 0; i < events; i++) {
      long t = START + i * 1_700L;
      SimulatedRecord r = faulty.next(t);
      SimulatedRecord same = clean.next(t);
      assertFalse(same.isFault());
      if (!r.isFault()) {
        assertArrayEquals(encode(same.event()), encode(r.event()), "faults must not change the other records");
        continue;
      }
      kinds.merge(r.faultKind(), 1, Integer::sum);
      assertFaultIsExactly(r, same.event());
    }
    int total = kinds.values().stream().mapToInt(Integer::intValue).sum();
    assertEquals(spec.faultRate() * events, total, 0.1 * spec.faultRate() * events, "faults " + kinds);
    for (FaultKind kind : FaultKind.values()) {
      assertTrue(kinds.getOrDefault(kind, 0) > total / FaultKind.values().length / 2, "faults " + kinds);
    }
  }

  @Test
  void defaultFaultRateIsSmallAndZeroMeansNone() {
    long faults = dayRecords.stream().filter(SimulatedRecord::isFault).count();
    assertEquals(daySpec.faultRate() * EVENTS, faults, 60, "faults at the default rate");
    FleetSimulator none = new FleetSimulator(FleetSpec.defaults(200, START, DAY).withFaultRate(0), 5);
    for (int i = 0; i < 100_000; i++) {
      assertFalse(none.next(START + i * 800L).isFault());
    }
  }

  @Test
  void aMillionEventsForTheBenchmarkFleet() {
    FleetSimulator bench = new FleetSimulator(FleetSpec.defaults(50_000, START, DAY), 1);
    assertEquals(50_000, bench.trunks().size());
    Set<String> keys = new HashSet<>();
    int n = 1_000_000;
    for (int i = 0; i < n; i++) {
      SimulatedRecord r = bench.next(START + i * 86L);
      keys.add(r.key());
    }
    assertTrue(keys.size() > 30_000, "distinct trunks in 1 M events " + keys.size());
  }

  // ---- helpers ----

  private static void assertValid(HandshakeEvent e) {
    assertFalse(e.getEventId().isBlank());
    assertTrue(e.getEdgeId().matches("edge-[a-z]+-[a-z]+-\\d-0[1-4]"), e.getEdgeId());
    assertFalse(e.getTrunkId().isBlank());
    assertEquals("TLSv1.2", e.getProtocolVersion());
    List<Integer> offer = e.getOfferedCipherSuites();
    assertFalse(offer.isEmpty());
    String address = e.getRemoteAddress();
    assertTrue(address.startsWith("192.0.2.") || address.startsWith("198.51.100.") || address.startsWith("203.0.113."),
        address);
    assertNotNull(e.getRemoteUserAgent());
    Integer chosen = e.getNegotiatedCipherSuite();
    if (e.getDirection() == Direction.OUTBOUND) {
      assertEquals(EdgeTls.PLATFORM_OFFER, offer);
      assertTrue(e.getSni().endsWith(".example"), e.getSni());
    } else {
      assertNull(e.getSni());
    }
    if (e.getOutcome() == HandshakeOutcome.ESTABLISHED) {
      assertNotNull(chosen, e::toString);
      assertNull(e.getFailureReason());
      assertTrue(offer.contains(chosen), e::toString);
      assertTrue(EdgeTls.supported(chosen), e::toString);
      if (e.getDirection() == Direction.INBOUND) {
        assertEquals(offer.stream().filter(EdgeTls::supported).findFirst().orElseThrow(), chosen, e::toString);
      }
    } else {
      assertNull(chosen, e::toString);
      assertTrue(FAILURE_REASONS.contains(e.getFailureReason()), e::toString);
    }
  }

  private static void assertFaultIsExactly(SimulatedRecord r, HandshakeEvent original) {
    FaultKind kind = r.faultKind();
    if (kind == FaultKind.UNDECODABLE) {
      assertNull(r.event());
      assertEquals(original.getTrunkId(), r.key());
      assertTrue(r.rawValue().length > 0 && r.rawValue()[0] == '{', "not Avro, not Confluent framing");
      return;
    }
    HandshakeEvent e = r.event();
    assertNull(r.rawValue());
    assertEquals(e.getTrunkId(), r.key());
    assertEquals(kind == FaultKind.BLANK_TRUNK_ID, e.getTrunkId().isBlank(), kind.name());
    assertEquals(kind == FaultKind.BLANK_EDGE_ID, e.getEdgeId().isBlank(), kind.name());
    assertEquals(kind == FaultKind.EMPTY_OFFER, e.getOfferedCipherSuites().isEmpty(), kind.name());
    boolean established = e.getOutcome() == HandshakeOutcome.ESTABLISHED;
    Integer chosen = e.getNegotiatedCipherSuite();
    assertEquals(kind == FaultKind.ESTABLISHED_WITHOUT_CIPHER, established && chosen == null, kind.name());
    assertEquals(kind == FaultKind.CHOSEN_NOT_OFFERED,
        chosen != null && !e.getOfferedCipherSuites().isEmpty() && !e.getOfferedCipherSuites().contains(chosen),
        kind.name());
    assertEquals(kind == FaultKind.FAILED_WITH_CIPHER, !established && chosen != null, kind.name());
    assertEquals(original.getEventId(), e.getEventId());
    encode(e); // malformed by the rules, but still valid Avro
  }

  private static double deprecatedShare(long fromOffset, long toOffset) {
    int established = 0;
    int deprecated = 0;
    for (SimulatedRecord r : dayRecords) {
      if (r.isFault() || r.event().getOutcome() != HandshakeOutcome.ESTABLISHED) {
        continue;
      }
      long offset = r.event().getTimestamp().toEpochMilli() - START;
      if (offset >= fromOffset && offset < toOffset) {
        established++;
        if (EdgeTls.deprecated(r.event().getNegotiatedCipherSuite())) {
          deprecated++;
        }
      }
    }
    return deprecated / (double) established;
  }

  private static List<Integer> withoutGrease(List<Integer> offer) {
    return offer.stream().filter(s -> !EdgeTls.grease(s)).toList();
  }

  private static Map<String, TrunkPlan> plansById(FleetSimulator sim) {
    Map<String, TrunkPlan> byId = new HashMap<>();
    sim.plans().forEach(p -> byId.put(p.trunkId(), p));
    return byId;
  }

  private static byte[] encode(HandshakeEvent event) {
    if (event == null) {
      return null;
    }
    try {
      return bytes(event.toByteBuffer());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }
}
