package io.cipherwatch.readiness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.Direction;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An organization's verdict is the worst of its pairs, published once per change; its store form round-trips. */
class OrganizationVerdictsTest {
  static KeyVerdict standing(Verdict v, long handshakes, long wouldBreak, long unverified) {
    return new KeyVerdict("org-a", "Org A", v, handshakes, wouldBreak, unverified);
  }

  static TrunkKey in(String trunk) {
    return new TrunkKey(trunk, Direction.INBOUND);
  }

  static TrunkKey out(String trunk) {
    return new TrunkKey(trunk, Direction.OUTBOUND);
  }

  @Test
  void theWorstPairDecidesAndOnlyAChangeIsPublished() {
    OrganizationVerdicts o = new OrganizationVerdicts();
    assertEquals(Verdict.NO_TRAFFIC, o.verdict(), "no pairs: no traffic");
    o.put(in("t1"), standing(Verdict.READY, 10, 0, 0));
    assertEquals(new OrganizationVerdicts.Change(null, Verdict.READY), o.publish(), "the first verdict");
    assertNull(o.publish(), "unchanged: nothing to publish");
    o.put(out("t1"), standing(Verdict.CHANGES, 5, 0, 0));
    assertEquals(new OrganizationVerdicts.Change(Verdict.READY, Verdict.CHANGES), o.publish());
    o.put(in("t2"), standing(Verdict.BREAKS, 4, 2, 0));
    o.put(out("t2"), standing(Verdict.UNVERIFIED, 4, 0, 4));
    assertEquals(new OrganizationVerdicts.Change(Verdict.CHANGES, Verdict.BREAKS), o.publish());
    o.put(in("t2"), standing(Verdict.BREAKS, 6, 3, 0));
    assertNull(o.publish(), "a second breaking handshake changes counts, not the verdict");
    assertArrayEquals(new long[] {25, 3, 4}, o.counts());
    assertArrayEquals(new long[] {1, 0, 1, 0, 0}, o.trunksByVerdict(), "a trunk counts by its worse direction");
    assertEquals(List.of("t2"), o.breakingTrunkIds(OrganizationVerdicts.BREAKING_IDS));
    o.remove(in("t2"));
    assertEquals(new OrganizationVerdicts.Change(Verdict.BREAKS, Verdict.UNVERIFIED), o.publish(),
        "a retracted pair no longer counts");
    o.remove(out("t2"));
    o.remove(in("t1"));
    o.remove(out("t1"));
    assertTrue(o.isEmpty());
  }

  @Test
  void noTrafficPairsAreTheLeastSevere() {
    OrganizationVerdicts o = new OrganizationVerdicts();
    o.put(in("quiet"), standing(Verdict.NO_TRAFFIC, 0, 0, 0));
    assertEquals(Verdict.NO_TRAFFIC, o.publish().current());
    o.put(in("busy"), standing(Verdict.READY, 1, 0, 0));
    assertEquals(Verdict.READY, o.publish().current());
    assertArrayEquals(new long[] {0, 0, 0, 1, 1}, o.trunksByVerdict());
  }

  @Test
  void breakingTrunkIdsAreBounded() {
    OrganizationVerdicts o = new OrganizationVerdicts();
    for (int i = 0; i < 50; i++) {
      o.put(in(String.format("t%02d", i)), standing(Verdict.BREAKS, 1, 1, 0));
    }
    List<String> ids = o.breakingTrunkIds(OrganizationVerdicts.BREAKING_IDS);
    assertEquals(20, ids.size());
    assertEquals("t00", ids.get(0));
    assertEquals(50, o.trunksByVerdict()[Verdict.BREAKS.ordinal()]);
  }

  @Test
  void theStoreFormRoundTripsAndRejectsCorruptBytes() {
    OrganizationVerdicts o = new OrganizationVerdicts();
    o.put(in("t1"), standing(Verdict.BREAKS, 7, 2, 0));
    o.put(out("t-ü"), new KeyVerdict("org-a", null, Verdict.UNVERIFIED, 3, 0, 3));
    o.publish();
    byte[] bytes = o.encode();
    OrganizationVerdicts back = OrganizationVerdicts.decode(bytes);
    assertEquals(Verdict.BREAKS, back.published());
    assertEquals("Org A", back.organizationName());
    assertEquals(o.trunkVerdicts(), back.trunkVerdicts());
    assertArrayEquals(o.counts(), back.counts());
    assertArrayEquals(bytes, back.encode());
    assertNull(back.publish());

    OrganizationVerdicts fresh = OrganizationVerdicts.decode(new OrganizationVerdicts().encode());
    assertNull(fresh.published());
    assertNull(fresh.organizationName());
    assertTrue(fresh.isEmpty());

    assertThrows(IllegalArgumentException.class, () -> OrganizationVerdicts.decode(new byte[3]));
    assertThrows(IllegalArgumentException.class, () -> OrganizationVerdicts.decode(Arrays.copyOf(bytes,
        bytes.length - 5)));
    byte[] huge = bytes.clone();
    huge[6 + 5] = 0x7F; // the pair count (after version, published, name length and "Org A")
    assertThrows(IllegalArgumentException.class, () -> OrganizationVerdicts.decode(huge));
  }

  @Test
  void aStandingMovesWhenItsOrganizationChanges() {
    KeyVerdict a = standing(Verdict.READY, 1, 0, 0);
    assertFalse(a.movedFrom(null));
    assertFalse(a.movedFrom(standing(Verdict.BREAKS, 9, 9, 0)));
    assertTrue(new KeyVerdict("org-b", "Org B", Verdict.READY, 1, 0, 0).movedFrom(a));
    assertTrue(new KeyVerdict(null, null, Verdict.READY, 1, 0, 0).movedFrom(a));
  }
}
