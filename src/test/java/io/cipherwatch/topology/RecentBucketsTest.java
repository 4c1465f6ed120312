package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.cipherwatch.readiness.DayBucket;
import org.junit.jupiter.api.Test;

class RecentBucketsTest {
  @Test
  void aNewDayDropsTheBucketsOfPairsSilentSinceBeforeYesterday() {
    RecentBuckets r = new RecentBuckets();
    r.seen(100);
    r.put("0a", new DayBucket(100));
    r.put("0b", new DayBucket(100));
    r.seen(101);
    DayBucket b101 = new DayBucket(101);
    r.put("0b", b101);
    assertEquals(2, r.size(), "yesterday's buckets stay (late events of yesterday are common)");

    r.seen(101);
    r.seen(99);
    assertEquals(2, r.size(), "only a new newest day drops anything");

    r.seen(102);
    assertNull(r.get("0a"), "silent since day 100: dropped, its day is complete in the store");
    assertSame(b101, r.get("0b"));
    r.seen(103);
    assertEquals(0, r.size());
  }
}
