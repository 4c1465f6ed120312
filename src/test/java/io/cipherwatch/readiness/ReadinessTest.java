package io.cipherwatch.readiness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cipherwatch.avro.Direction;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadinessTest {
  static final long DAY = 86_400_000L;
  static final Instant AS_OF = Instant.parse("2026-03-15T12:00:00Z");
  final Readiness readiness = new Readiness(Duration.ofDays(7), 0.001);
  final Map<TrunkKey, OfferHistory> histories = new HashMap<>();

  void add(String trunk, Direction d, Instant at, int times, int chosen, Integer... offer) {
    OfferHistory h = histories.computeIfAbsent(new TrunkKey(trunk, d), k -> new OfferHistory());
    for (int i = 0; i < times; i++) {
      h.record(at.toEpochMilli(), List.of(offer), chosen, chosen >= 0, readiness.retentionDays());
    }
  }

  @Test
  void periodIsTheLastSevenUtcDaysEndingWithTheAsOfDay() {
    assertEquals(7, readiness.periodDays());
    assertEquals(14, readiness.retentionDays());
    assertEquals(1, new Readiness(Duration.ofHours(1), 0.001).periodDays());
    // 2026-03-09 00:00 is the first day in; 2026-03-08 23:59 is out
    add("a", Direction.INBOUND, Instant.parse("2026-03-08T23:59:59Z"), 5, 0x003D, 0x003D);
    add("a", Direction.INBOUND, Instant.parse("2026-03-09T00:00:00Z"), 1, 0xC030, 0xC030);
    ReadinessReport r = report(Map.of());
    assertEquals(1, r.fleet().handshakes());
    assertEquals(Verdict.READY, r.trunks().get(0).verdict());
  }

  ReadinessReport report(Map<String, TrunkInfo> meta) {
    return readiness.report(histories, meta, Map.of(), RemovalImpactTest.DEPRECATED_PAIR, AS_OF);
  }

  @Test
  void organizationsTakeTheWorstVerdictAndUnknownTrunksGroupUnderNull() {
    add("a1", Direction.INBOUND, AS_OF, 3, 0xC030, 0xC030);
    add("a2", Direction.INBOUND, AS_OF, 1, 0xC028, 0xC028, 0xC030);
    add("b1", Direction.INBOUND, AS_OF, 2, 0x003D, 0x003D);
    add("b1", Direction.OUTBOUND, AS_OF, 2, 0xC030, 0xC030, 0xC028);
    add("x", Direction.OUTBOUND, AS_OF, 2, 0xC028, 0xC030, 0xC028);
    Map<String, TrunkInfo> meta = Map.of(
        "a1", new TrunkInfo("org-a", "Org A", "A one", "a@example.com"),
        "a2", new TrunkInfo("org-a", "Org A", "A two", null),
        "b1", new TrunkInfo("org-b", "Org B", "B one", null),
        "quiet", new TrunkInfo("org-c", "Org C", "Quiet", null));
    ReadinessReport r = report(meta);
    assertEquals(10, r.fleet().handshakes());
    assertEquals(2, r.fleet().wouldBreak());
    assertEquals(2, r.fleet().unverified());
    List<ReadinessReport.Organization> orgs = r.organizations();
    assertEquals(4, orgs.size());
    assertEquals("org-b", orgs.get(0).organizationId());
    assertEquals(Verdict.BREAKS, orgs.get(0).verdict());
    assertEquals(1, orgs.get(0).trunks());
    assertNull(orgs.get(1).organizationId());
    assertEquals(Verdict.UNVERIFIED, orgs.get(1).verdict());
    assertEquals("org-a", orgs.get(2).organizationId());
    assertEquals(Verdict.CHANGES, orgs.get(2).verdict());
    assertEquals(2, orgs.get(2).trunks());
    assertEquals(Verdict.NO_TRAFFIC, orgs.get(3).verdict());
    ReadinessReport.TrunkRow first = r.trunks().get(0);
    assertEquals("b1", first.trunkId());
    assertEquals(Direction.INBOUND, first.direction());
    assertArrayEquals(new int[] {0x003D}, first.sampleOffer());
    assertArrayEquals(new int[] {0x003D, 0xC028}, r.remove());
  }

  @Test
  void fleetSeriesAndTrendFollowTheDailyWouldBreakShare() {
    // 14 days: day d has 100 handshakes, 10 - d of which would break (none from day 10 on)
    for (int d = 0; d < 14; d++) {
      Instant day = AS_OF.minusMillis((13 - d) * DAY);
      int breaking = Math.max(0, 10 - d);
      add("t", Direction.INBOUND, day, breaking, 0x003D, 0x003D);
      add("t", Direction.INBOUND, day, 100 - breaking, 0xC030, 0xC030);
    }
    ReadinessReport r = report(Map.of());
    assertEquals(14, r.fleetSeries().size());
    assertEquals(LocalDate.of(2026, 3, 2), r.fleetSeries().get(0).day());
    assertEquals(0.10, r.fleetSeries().get(0).share(), 1e-12);
    // the last day's share is 0: ready as of that day
    assertEquals(LocalDate.of(2026, 3, 15), r.trend().projectedReadyDate());
    // over the period (last 7 days: d = 7..13) 3+2+1 handshakes of 700 would break
    assertEquals(700, r.fleet().handshakes());
    assertEquals(6, r.fleet().wouldBreak());
  }

  @Test
  void historyDropsDaysBeyondTheRetention() {
    OfferHistory h = new OfferHistory();
    h.record(0, List.of(0xC030), 0xC030, true, 14);
    h.record(13 * DAY, List.of(0xC030), 0xC030, true, 14);
    assertEquals(2, h.days().size());
    h.record(14 * DAY, List.of(0xC030), 0xC030, true, 14);
    assertEquals(2, h.days().size());
    assertEquals(13, h.days().get(0).epochDay());
    // too old to count now
    assertEquals(false, h.record(0, List.of(0xC030), 0xC030, true, 14));
  }

  @Test
  void impactIsWhatTheReportSaysForEachPair() {
    add("a", Direction.INBOUND, AS_OF, 3, 0x003D, 0x003D);
    add("a", Direction.INBOUND, AS_OF.minusMillis(9 * DAY), 3, 0xC030, 0xC030);
    add("b", Direction.OUTBOUND, AS_OF.minusMillis(2 * DAY), 2, 0xC028, 0xC030, 0xC028);
    add("c", Direction.INBOUND, AS_OF.minusMillis(8 * DAY), 1, 0xC030, 0xC030);
    ReadinessReport r = report(Map.of());
    long asOfDay = OfferHistory.epochDay(AS_OF.toEpochMilli());
    assertEquals(3, r.trunks().size());
    for (ReadinessReport.TrunkRow row : r.trunks()) {
      ImpactCounts c = readiness.impact(histories.get(new TrunkKey(row.trunkId(), row.direction())), asOfDay,
          row.direction(), null, RemovalImpactTest.DEPRECATED_PAIR);
      assertEquals(row.verdict(), c.verdict(), row.trunkId());
      assertEquals(row.counts().handshakes(), c.handshakes());
      assertEquals(row.counts().wouldBreak(), c.wouldBreak());
      assertEquals(row.counts().unverified(), c.unverified());
    }
    assertEquals(Verdict.NO_TRAFFIC, r.trunks().get(2).verdict(), "c's only day left the period");
  }
}
