package io.cipherwatch.readiness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RemovalImpactTest {
  static final int[] S = {0x0035, 0x003D, 0x009C, 0x009D, 0xC014, 0xC028, 0xC02F, 0xC030};
  static final RemovalImpact DEPRECATED_PAIR = new RemovalImpact(S, new int[] {0x003D, 0xC028});

  /** The effect of one handshake as recorded through an OfferHistory (so offers are cleaned the real way). */
  static Effect inbound(RemovalImpact r, int chosen, Integer... offer) {
    return effect(r, true, null, chosen, offer);
  }

  static Effect effect(RemovalImpact r, boolean inbound, ProbeResult probe, int chosen, Integer... offer) {
    OfferHistory h = new OfferHistory();
    h.record(0, List.of(offer), chosen, chosen >= 0, 14);
    OfferCount o = h.days().get(0).entries().get(0);
    return r.effect(o, inbound, probe);
  }

  @Test
  void inboundOfferWithNothingLeftBreaks() {
    assertEquals(Effect.BREAKS, inbound(DEPRECATED_PAIR, 0x003D, 0x003D));
    // 0x002F is offered but the platform never supported it: no alternative
    assertEquals(Effect.BREAKS, inbound(DEPRECATED_PAIR, 0x003D, 0x003D, 0x002F));
    assertEquals(Effect.BREAKS, inbound(DEPRECATED_PAIR, 0xC028, 0xC028, 0x003D));
  }

  @Test
  void inboundOfferThatOnlyLosesItsFirstChoiceChanges() {
    assertEquals(Effect.CHANGES, inbound(DEPRECATED_PAIR, 0xC028, 0xC028, 0xC030));
    // the first *supported* suite counts: 0x002F ahead of it is not supported
    assertEquals(Effect.CHANGES, inbound(DEPRECATED_PAIR, 0xC028, 0x002F, 0xC028, 0xC030));
    // server preference picked the removed suite although the client ranked another first
    assertEquals(Effect.CHANGES, inbound(DEPRECATED_PAIR, 0x003D, 0xC030, 0x003D));
  }

  @Test
  void inboundOfferWhoseRemovedSuiteIsNotFirstIsUnaffected() {
    assertEquals(Effect.UNAFFECTED, inbound(DEPRECATED_PAIR, 0xC030, 0xC030, 0x003D));
    assertEquals(Effect.UNAFFECTED, inbound(DEPRECATED_PAIR, 0xC02F, 0xC02F));
  }

  @Test
  void greaseAndUnassignedCodesInOffersAreIgnored() {
    // GREASE first: still only 0x003D really offered
    assertEquals(Effect.BREAKS, inbound(DEPRECATED_PAIR, 0x003D, 0x0A0A, 0x003D));
    // an unassigned code (0x1234) is no alternative
    assertEquals(Effect.BREAKS, inbound(DEPRECATED_PAIR, 0x003D, 0x1234, 0x003D, 0xFAFA));
    // GREASE ahead of the removed first choice does not hide the first choice
    assertEquals(Effect.CHANGES, inbound(DEPRECATED_PAIR, 0xC028, 0x2A2A, 0xC028, 0x1234, 0xC030));
    // different GREASE values give the same signature
    OfferHistory h = new OfferHistory();
    h.record(0, List.of(0x0A0A, 0x003D), 0x003D, true, 14);
    h.record(1, List.of(0x3A3A, 0x003D, 0x1234), 0x003D, true, 14);
    assertEquals(1, h.days().get(0).entries().size());
    assertEquals(2, h.days().get(0).entries().get(0).count());
  }

  @Test
  void tls13HandshakesAreNotAffectedByRemovingTls12Suites() {
    assertEquals(Effect.UNAFFECTED, inbound(DEPRECATED_PAIR, 0x1301, 0x1301, 0x1302, 0x003D));
    assertEquals(Effect.UNAFFECTED, effect(DEPRECATED_PAIR, false, null, 0x1302, 0x1302, 0xC028));
    // unless R names that very TLS 1.3 suite: then the TLS 1.2 rules apply
    RemovalImpact r = new RemovalImpact(S, new int[] {0x1301});
    assertEquals(Effect.CHANGES, inbound(r, 0x1301, 0x1301, 0xC030));
    assertEquals(Effect.BREAKS, inbound(r, 0x1301, 0x1301));
  }

  @Test
  void failedHandshakesStayFailed() {
    assertEquals(Effect.FAILED, inbound(DEPRECATED_PAIR, -1, 0x003D));
    assertEquals(Effect.FAILED, effect(DEPRECATED_PAIR, false, null, -1, 0xC030));
  }

  @Test
  void inboundWithoutRecordedOfferIsUnverifiedOnlyWhenTheChosenSuiteGoes() {
    assertEquals(Effect.UNVERIFIED, inbound(DEPRECATED_PAIR, 0x003D));
    assertEquals(Effect.UNAFFECTED, inbound(DEPRECATED_PAIR, 0xC030));
  }

  @Test
  void outboundRemovedChoiceIsUnverifiedUntilAProbeSettlesIt() {
    Integer[] ours = {0xC030, 0xC02F, 0xC028, 0x003D};
    assertEquals(Effect.UNVERIFIED, effect(DEPRECATED_PAIR, false, null, 0xC028, ours));
    assertEquals(Effect.UNAFFECTED, effect(DEPRECATED_PAIR, false, null, 0xC030, ours));
    int[] remaining = DEPRECATED_PAIR.remainingCodes();
    ProbeResult accepted = new ProbeResult("t", 1, remaining, true, 0xC030);
    ProbeResult refused = new ProbeResult("t", 1, remaining, false, -1);
    ProbeResult refusedPartial = new ProbeResult("t", 1, new int[] {0xC030}, false, -1);
    ProbeResult acceptedWithRemoved = new ProbeResult("t", 1, new int[] {0xC030, 0xC028}, true, 0xC028);
    assertEquals(Effect.UNAFFECTED, effect(DEPRECATED_PAIR, false, accepted, 0xC028, ours));
    assertEquals(Effect.BREAKS, effect(DEPRECATED_PAIR, false, refused, 0xC028, ours));
    assertEquals(Effect.UNVERIFIED, effect(DEPRECATED_PAIR, false, refusedPartial, 0xC028, ours));
    assertEquals(Effect.UNVERIFIED, effect(DEPRECATED_PAIR, false, acceptedWithRemoved, 0xC028, ours));
  }

  @Test
  void removingSuitesThePlatformNeverSupportedChangesNothingInbound() {
    RemovalImpact r = new RemovalImpact(S, new int[] {0x002F});
    assertEquals(Effect.UNAFFECTED, inbound(r, 0xC030, 0x002F, 0xC030));
  }
}
