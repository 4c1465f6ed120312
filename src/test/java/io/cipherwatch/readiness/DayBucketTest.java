package io.cipherwatch.readiness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DayBucketTest {
  private static int[] offer(int i) {
    return new int[] {0xC02F, 0x1000 + i};
  }

  @Test
  void fillingPastTwiceTheLimitKeepsTheMostFrequentAndFoldsTheRest() {
    DayBucket b = new DayBucket(20_000);
    long total = 0;
    for (int i = 0; i < 3 * DayBucket.LIMIT; i++) {
      int times = i % 4 == 0 ? 3 : 1; // every fourth signature is frequent
      for (int k = 0; k < times; k++) {
        boolean changed = b.add(offer(i), 2, 0xC02F, false);
        if (i < 2 * DayBucket.LIMIT) { // before the first compaction
          assertEquals(k == 0, changed, "a new signature changes the bucket, a repeat not");
        }
        total++;
      }
    }
    assertTrue(b.entries().size() <= 2 * DayBucket.LIMIT);
    b.compact();
    List<OfferCount> kept = b.entries();
    assertEquals(DayBucket.LIMIT, kept.size());
    // the eight frequent signatures of the first 2 * LIMIT were never folded, and come first
    for (int i = 0; i < DayBucket.LIMIT / 2; i++) {
      assertEquals(3, kept.get(i).count());
    }
    for (int i = 1; i < kept.size(); i++) {
      assertTrue(kept.get(i - 1).count() >= kept.get(i).count(), "most frequent first");
    }
    assertEquals(total, b.handshakes());
    assertEquals(total - kept.stream().mapToLong(OfferCount::count).sum(), b.otherEstablished());
    assertEquals(0, b.otherFailed());
    assertThrows(UnsupportedOperationException.class, () -> kept.remove(0));
  }

  @Test
  void mergingAddsTheCountsOfTheSameSignature() {
    DayBucket a = new DayBucket(1);
    DayBucket b = new DayBucket(2);
    a.add(offer(1), 2, 0xC02F, false);
    b.add(offer(1), 2, 0xC02F, false);
    b.add(offer(2), 2, -1, true);
    b.addOther(4, 5);
    DayBucket m = DayBucket.merge(2, List.of(a, b));
    assertEquals(2, m.entries().size());
    assertEquals(2, m.entries().get(0).count());
    assertTrue(m.entries().get(1).failed());
    assertEquals(12, m.handshakes());
    assertFalse(a.entries().isEmpty());
  }
}
