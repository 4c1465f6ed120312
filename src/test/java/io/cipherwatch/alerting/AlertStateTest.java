package io.cipherwatch.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The failure buckets of a key: counted as before, in an array sized to what the key holds. */
class AlertStateTest {
  private static final int KEEP = 60;

  @Test
  void aKeyWithFewBucketsHoldsAnArrayOfThatSize() {
    AlertState s = AlertState.empty();
    s.resetBuckets(60_000);
    s.count(100, false, KEEP);
    assertEquals(2, s.buckets.length, "one bucket: its index and its counts");
    s.count(100, true, KEEP);
    assertEquals(2, s.buckets.length);
    s.count(101, false, KEEP);
    s.count(103, false, KEEP);
    assertEquals(3, s.bucketCount);
    assertTrue(s.buckets.length <= 8, "three buckets in " + s.buckets.length);
    assertEquals(2, AlertState.bucketHandshakes(s.buckets, 0));
    assertEquals(1, AlertState.bucketFailures(s.buckets, 0));
  }

  @Test
  void aKeyBackAfterAQuietSpellLetsGoOfItsEmptyRoom() {
    AlertState s = AlertState.empty();
    s.resetBuckets(60_000);
    for (long b = 0; b < KEEP; b++) {
      s.count(b, b % 7 == 0, KEEP);
    }
    assertEquals(KEEP, s.bucketCount);
    int full = s.buckets.length;
    // a busy key moving on minute by minute keeps its array
    s.count(KEEP, false, KEEP);
    assertEquals(KEEP, s.bucketCount);
    assertEquals(full, s.buckets.length);
    // quiet for 58 minutes: two of the old buckets are still in the window, beside the new one
    s.count(KEEP + 58, true, KEEP);
    assertEquals(3, s.bucketCount);
    assertEquals(6, s.buckets.length);
    assertEquals(KEEP - 1, AlertState.bucketIndex(s.buckets, 0));
    assertEquals(KEEP + 58, AlertState.bucketIndex(s.buckets, 2));
    assertEquals(1, AlertState.bucketFailures(s.buckets, 2));
    // quiet for longer than the window: only the new bucket
    s.count(10 * KEEP, false, KEEP);
    assertEquals(1, s.bucketCount);
    assertEquals(2, s.buckets.length);
    assertEquals(10 * KEEP, AlertState.bucketIndex(s.buckets, 0));
  }

  @Test
  void aBucketOlderThanTheKeptRangeIsNotCounted() {
    AlertState s = AlertState.empty();
    s.resetBuckets(60_000);
    s.count(500, false, KEEP);
    assertEquals(false, s.count(500 - KEEP, false, KEEP));
    assertEquals(true, s.count(500 - KEEP + 1, false, KEEP));
    assertEquals(2, s.bucketCount);
    assertEquals(500 - KEEP + 1, AlertState.bucketIndex(s.buckets, 0));
  }
}
