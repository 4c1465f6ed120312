package io.cipherwatch.readiness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImpactCountsTest {
  static final RemovalImpact R = RemovalImpactTest.DEPRECATED_PAIR;

  static ImpactCounts counts(boolean inbound, ProbeResult probe, OfferHistory h) {
    return ImpactCounts.of(h.period(0, 0), inbound, probe, R);
  }

  static void add(OfferHistory h, int times, int chosen, Integer... offer) {
    for (int i = 0; i < times; i++) {
      h.record(i, List.of(offer), chosen, chosen >= 0, 14);
    }
  }

  @Test
  void noHandshakeIsNoTraffic() {
    ImpactCounts c = counts(true, null, new OfferHistory());
    assertEquals(Verdict.NO_TRAFFIC, c.verdict());
    assertNull(c.sample());
    assertEquals(0.0, c.wouldBreakShare());
  }

  @Test
  void onlyFailedHandshakesAreReadyAndNeverWouldBreak() {
    OfferHistory h = new OfferHistory();
    add(h, 3, -1, 0x003D);
    ImpactCounts c = counts(true, null, h);
    assertEquals(Verdict.READY, c.verdict());
    assertEquals(3, c.handshakes());
    assertEquals(3, c.failed());
    assertEquals(0, c.wouldBreak());
  }

  @Test
  void oneBreakingHandshakeAmongManyBreaksAndTheShareCountsAllHandshakes() {
    OfferHistory h = new OfferHistory();
    add(h, 6, 0xC030, 0xC030);
    add(h, 2, 0xC028, 0xC028, 0xC030);
    add(h, 1, -1, 0xC030);
    add(h, 1, 0x003D, 0x003D);
    ImpactCounts c = counts(true, null, h);
    assertEquals(Verdict.BREAKS, c.verdict());
    assertEquals(10, c.handshakes());
    assertEquals(1, c.failed());
    assertEquals(1, c.wouldBreak());
    assertEquals(2, c.changes());
    assertEquals(0.1, c.wouldBreakShare(), 1e-12);
    assertArrayEquals(new int[] {0x003D}, c.sample().offer());
  }

  @Test
  void changesWithoutFailuresIsChangesWithTheMostFrequentChangingOffer() {
    OfferHistory h = new OfferHistory();
    add(h, 5, 0xC030, 0xC030);
    add(h, 1, 0xC028, 0xC028, 0xC030);
    add(h, 2, 0x003D, 0x003D, 0x009C);
    ImpactCounts c = counts(true, null, h);
    assertEquals(Verdict.CHANGES, c.verdict());
    assertArrayEquals(new int[] {0x003D, 0x009C}, c.sample().offer());
  }

  @Test
  void outboundUnverifiedOutranksChangesAndAProbeSettlesIt() {
    OfferHistory h = new OfferHistory();
    add(h, 4, 0xC028, 0xC030, 0xC028);
    add(h, 4, 0xC030, 0xC030, 0xC028);
    assertEquals(Verdict.UNVERIFIED, counts(false, null, h).verdict());
    assertEquals(4, counts(false, null, h).unverified());
    ProbeResult ok = new ProbeResult("t", 0, R.remainingCodes(), true, 0xC030);
    assertEquals(Verdict.READY, counts(false, ok, h).verdict());
    ProbeResult refused = new ProbeResult("t", 0, R.remainingCodes(), false, -1);
    assertEquals(Verdict.BREAKS, counts(false, refused, h).verdict());
    assertEquals(4, counts(false, refused, h).wouldBreak());
  }

  @Test
  void signaturesBeyondTheBoundAreFoldedIntoOtherAndCountAsUnverified() {
    OfferHistory h = new OfferHistory();
    // 40 distinct offers of a modern suite plus a unassigned-free varying second entry
    int[] extras = RemovalImpactTest.S;
    for (int i = 0; i < 40; i++) {
      // each distinct: chosen 0xC030, offer = [0xC030, 0xC02F] repeated i+1 times via different lengths
      Integer[] offer = new Integer[i + 1];
      for (int j = 0; j <= i; j++) {
        offer[j] = j == 0 ? 0xC030 : extras[j % extras.length];
      }
      add(h, i < 10 ? 5 : 1, 0xC030, offer);
    }
    DayBucket period = h.period(0, 0);
    assertEquals(DayBucket.LIMIT, period.entries().size());
    assertEquals(80, period.handshakes());
    // the ten frequent ones (5 each) were kept
    assertEquals(5, period.entries().get(9).count());
    assertTrue(period.otherEstablished() > 0);
    ImpactCounts c = ImpactCounts.of(period, true, null, R);
    assertEquals(Verdict.UNVERIFIED, c.verdict());
    assertEquals(period.otherEstablished(), c.unverified());
    assertNull(c.sample());
  }

  @Test
  void worstVerdictOrder() {
    assertEquals(Verdict.BREAKS, Verdict.worst(Verdict.READY, Verdict.BREAKS));
    assertEquals(Verdict.UNVERIFIED, Verdict.worst(Verdict.UNVERIFIED, Verdict.CHANGES));
    assertEquals(Verdict.READY, Verdict.worst(Verdict.NO_TRAFFIC, Verdict.READY));
    assertEquals(Verdict.NO_TRAFFIC, Verdict.worst(null, null));
  }
}
