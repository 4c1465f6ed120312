package io.cipherwatch.readiness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.Direction;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * An organization's verdict is the worst of its pairs, published once per change; the constant-time tally equals
 * a recount from the members after any sequence of changes; its store forms round-trip.
 */
class OrganizationTallyTest {
  static OrganizationTally.Member m(Verdict v, long handshakes, long wouldBreak, long unverified) {
    return new OrganizationTally.Member(v, handshakes, wouldBreak, unverified);
  }

  /** A tally driven like the processor drives it, with the members it keeps. */
  static final class Org {
    final OrganizationTally tally = new OrganizationTally();
    final Map<TrunkKey, OrganizationTally.Member> members = new TreeMap<>();

    void set(String trunk, Direction d, OrganizationTally.Member after) {
      TrunkKey k = new TrunkKey(trunk, d);
      Direction otherDir = d == Direction.INBOUND ? Direction.OUTBOUND : Direction.INBOUND;
      tally.apply(members.get(k), after, members.get(new TrunkKey(trunk, otherDir)));
      if (after == null) {
        members.remove(k);
      } else {
        members.put(k, after);
      }
    }
  }

  @Test
  void theWorstPairDecidesAndOnlyAChangeIsPublished() {
    Org o = new Org();
    assertEquals(Verdict.NO_TRAFFIC, o.tally.verdict(), "no pairs: no traffic");
    o.set("t1", Direction.INBOUND, m(Verdict.READY, 10, 0, 0));
    assertEquals(new OrganizationTally.Change(null, Verdict.READY), o.tally.publish(), "the first verdict");
    assertNull(o.tally.publish(), "unchanged: nothing to publish");
    o.set("t1", Direction.OUTBOUND, m(Verdict.CHANGES, 5, 0, 0));
    assertEquals(new OrganizationTally.Change(Verdict.READY, Verdict.CHANGES), o.tally.publish());
    o.set("t2", Direction.INBOUND, m(Verdict.BREAKS, 4, 2, 0));
    o.set("t2", Direction.OUTBOUND, m(Verdict.UNVERIFIED, 4, 0, 4));
    assertEquals(new OrganizationTally.Change(Verdict.CHANGES, Verdict.BREAKS), o.tally.publish());
    o.set("t2", Direction.INBOUND, m(Verdict.BREAKS, 6, 3, 0));
    assertNull(o.tally.publish(), "a second breaking handshake changes counts, not the verdict");
    assertArrayEquals(new long[] {25, 3, 4}, o.tally.counts());
    assertArrayEquals(new long[] {1, 0, 1, 0, 0}, o.tally.trunksByVerdict(), "a trunk counts by its worse direction");
    assertEquals(2, o.tally.trunks());
    o.set("t2", Direction.INBOUND, null);
    assertEquals(new OrganizationTally.Change(Verdict.BREAKS, Verdict.UNVERIFIED), o.tally.publish(),
        "a retracted pair no longer counts");
    o.set("t2", Direction.OUTBOUND, null);
    o.set("t1", Direction.INBOUND, null);
    assertFalse(o.tally.isEmpty());
    o.set("t1", Direction.OUTBOUND, null);
    assertTrue(o.tally.isEmpty());
    assertEquals(0, o.tally.trunks());
  }

  @Test
  void noTrafficPairsAreTheLeastSevere() {
    Org o = new Org();
    o.set("quiet", Direction.INBOUND, m(Verdict.NO_TRAFFIC, 0, 0, 0));
    assertEquals(Verdict.NO_TRAFFIC, o.tally.publish().current());
    o.set("busy", Direction.INBOUND, m(Verdict.READY, 1, 0, 0));
    assertEquals(Verdict.READY, o.tally.publish().current());
    assertArrayEquals(new long[] {0, 0, 0, 1, 1}, o.tally.trunksByVerdict());
  }

  @Test
  void theConstantTimeTallyEqualsARecountAfterAnySequence() {
    Random rnd = new Random(7);
    Verdict[] verdicts = Verdict.values();
    for (int run = 0; run < 50; run++) {
      Org o = new Org();
      for (int step = 0; step < 200; step++) {
        String trunk = "t" + rnd.nextInt(6);
        Direction d = rnd.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND;
        o.set(trunk, d, rnd.nextInt(5) == 0 ? null
            : m(verdicts[rnd.nextInt(verdicts.length)], rnd.nextInt(100), rnd.nextInt(10), rnd.nextInt(10)));
        Map<String, Verdict> byTrunk = new TreeMap<>();
        long[] counts = new long[3];
        Verdict worst = null;
        for (Map.Entry<TrunkKey, OrganizationTally.Member> e : o.members.entrySet()) {
          byTrunk.merge(e.getKey().trunkId(), e.getValue().verdict(), Verdict::worst);
          counts[0] += e.getValue().handshakes();
          counts[1] += e.getValue().wouldBreak();
          counts[2] += e.getValue().unverified();
          worst = Verdict.worst(worst, e.getValue().verdict());
        }
        long[] trunks = new long[verdicts.length];
        byTrunk.values().forEach(v -> trunks[v.ordinal()]++);
        assertEquals(Verdict.worst(worst, null), o.tally.verdict());
        assertArrayEquals(trunks, o.tally.trunksByVerdict());
        assertArrayEquals(counts, o.tally.counts());
        assertEquals(o.members.isEmpty(), o.tally.isEmpty());
      }
    }
  }

  @Test
  void breakingTrunksAreTheFirstByTrunkIdAndBounded() {
    List<Map.Entry<String, OrganizationTally.Member>> members = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String t = String.format("t%02d", i);
      members.add(new AbstractMap.SimpleEntry<>(t, m(i % 2 == 0 ? Verdict.BREAKS : Verdict.READY, 1, 0, 0)));
      members.add(new AbstractMap.SimpleEntry<>(t, m(Verdict.BREAKS, 1, 1, 0)));
    }
    List<String> ids = OrganizationTally.breakingTrunks(members.iterator(), OrganizationTally.BREAKING_IDS);
    assertEquals(20, ids.size());
    assertEquals("t00", ids.get(0));
    assertEquals("t01", ids.get(1), "a trunk breaking in one direction only");
    assertEquals("t19", ids.get(19));
  }

  @Test
  void theStoreFormsRoundTripAndRejectCorruptBytes() {
    Org o = new Org();
    o.set("t1", Direction.INBOUND, m(Verdict.BREAKS, 7, 2, 0));
    o.set("t-ü", Direction.OUTBOUND, m(Verdict.UNVERIFIED, 3, 0, 3));
    o.tally.organizationName("Org Ä");
    o.tally.organizationName(null);
    o.tally.publish();
    byte[] bytes = o.tally.encode();
    OrganizationTally back = OrganizationTally.decode(bytes);
    assertEquals(Verdict.BREAKS, back.published());
    assertEquals("Org Ä", back.organizationName());
    assertArrayEquals(o.tally.trunksByVerdict(), back.trunksByVerdict());
    assertArrayEquals(o.tally.counts(), back.counts());
    assertArrayEquals(bytes, back.encode());
    assertNull(back.publish());
    OrganizationTally fresh = OrganizationTally.decode(new OrganizationTally().encode());
    assertNull(fresh.published());
    assertNull(fresh.organizationName());
    assertTrue(fresh.isEmpty());
    OrganizationTally.Member member = m(Verdict.CHANGES, 9, 0, 1);
    assertEquals(member, OrganizationTally.Member.decode(member.encode()));
    assertNull(OrganizationTally.Member.decode(null));

    assertThrows(IllegalArgumentException.class, () -> OrganizationTally.decode(new byte[3]));
    byte[] badName = bytes.clone();
    badName[bytes.length - "Org Ä".getBytes(java.nio.charset.StandardCharsets.UTF_8).length - 4] = 0x7F;
    assertThrows(IllegalArgumentException.class, () -> OrganizationTally.decode(badName));
    byte[] badVerdict = member.encode();
    badVerdict[1] = 9;
    assertThrows(IllegalArgumentException.class, () -> OrganizationTally.Member.decode(badVerdict));
    assertThrows(IllegalArgumentException.class, () -> OrganizationTally.Member.decode(new byte[5]));
  }

  @Test
  void aStandingMovesWhenItsOrganizationChanges() {
    KeyVerdict a = new KeyVerdict("org-a", "Org A", Verdict.READY, 1, 0, 0);
    assertFalse(a.movedFrom(null));
    assertFalse(a.movedFrom(new KeyVerdict("org-a", null, Verdict.BREAKS, 9, 9, 0)));
    assertTrue(new KeyVerdict("org-b", "Org B", Verdict.READY, 1, 0, 0).movedFrom(a));
    assertTrue(new KeyVerdict(null, null, Verdict.READY, 1, 0, 0).movedFrom(a));
  }
}
