package io.cipherwatch.topology;

import io.cipherwatch.readiness.DayBucket;
import java.util.HashMap;
import java.util.Map;

/**
 * The day buckets a readiness task keeps decoded, one per (trunk, direction): the newest day it counted for each.
 * When the task's events reach a new UTC day, the buckets of days before yesterday are dropped (they are complete
 * in {@code readiness-state}; a late event reloads its day from there), so pairs that went silent do not stay in
 * memory.
 */
final class RecentBuckets {
  private final Map<String, DayBucket> buckets = new HashMap<>();
  private long newestDay = Long.MIN_VALUE;

  /** The pair's kept bucket, or null. */
  DayBucket get(String pairKey) {
    return buckets.get(pairKey);
  }

  /** Keeps {@code bucket} as the pair's newest. */
  void put(String pairKey, DayBucket bucket) {
    buckets.put(pairKey, bucket);
  }

  /** An event of {@code epochDay} is being counted: on a new newest day, drops the buckets before yesterday. */
  void seen(long epochDay) {
    if (epochDay > newestDay) {
      newestDay = epochDay;
      buckets.values().removeIf(b -> b.epochDay() < epochDay - 1);
    }
  }

  /** Buckets kept. */
  int size() {
    return buckets.size();
  }
}
