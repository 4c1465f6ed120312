package io.cipherwatch.simulate;

import java.util.Arrays;
import java.util.function.LongToDoubleFunction;

/**
 * Spreads a fixed number of events over an event-time span, denser where the fleet is busier: the span is
 * cut into buckets (one minute, or longer for very long spans) weighted by an activity curve such as
 * {@link FleetSimulator#activity(long)}, and event {@code i} of {@code n} falls at the point where the
 * cumulative activity reaches {@code (i + 0.5) / n} of the total. Times are non-decreasing in the index and
 * lie in {@code [start, start + span)}. Immutable; {@link #timeOf(long)} allocates nothing.
 */
public final class EventTimeline {
  private static final long MINUTE = 60_000L;
  private static final int MAX_BUCKETS = 200_000;

  private final long startMillis;
  private final long spanMillis;
  private final long count;
  private final double bucketMillis;
  /** cumulative[b] = activity of buckets 0..b-1; one more entry than buckets. */
  private final double[] cumulative;

  /**
   * @param startMillis first possible event time (epoch millis)
   * @param spanMillis length of the span, at least 1 ms
   * @param count number of events to place, at least 1
   * @param activity relative event rate at an event time; must be positive
   */
  public EventTimeline(long startMillis, long spanMillis, long count, LongToDoubleFunction activity) {
    if (spanMillis < 1) {
      throw new IllegalArgumentException("spanMillis must be at least 1 ms, got " + spanMillis);
    }
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    this.startMillis = startMillis;
    this.spanMillis = spanMillis;
    this.count = count;
    int buckets = (int) Math.min(MAX_BUCKETS, Math.max(1, (spanMillis + MINUTE - 1) / MINUTE));
    this.bucketMillis = spanMillis / (double) buckets;
    this.cumulative = new double[buckets + 1];
    for (int b = 0; b < buckets; b++) {
      double w = activity.applyAsDouble(startMillis + (long) ((b + 0.5) * bucketMillis));
      if (!(w > 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("activity must be positive and finite, got " + w + " at "
            + (startMillis + (long) ((b + 0.5) * bucketMillis)));
      }
      cumulative[b + 1] = cumulative[b] + w;
    }
  }

  /** Event time of event {@code index} (0-based, below the count). */
  public long timeOf(long index) {
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException("event index " + index + " outside 0.." + (count - 1));
    }
    int buckets = cumulative.length - 1;
    double target = (index + 0.5) / count * cumulative[buckets];
    int found = Arrays.binarySearch(cumulative, target);
    int b = found >= 0 ? Math.min(found, buckets - 1) : Math.min(-found - 2, buckets - 1);
    double within = (target - cumulative[b]) / (cumulative[b + 1] - cumulative[b]);
    long t = startMillis + Math.round((b + within) * bucketMillis);
    return Math.min(Math.max(t, startMillis), startMillis + spanMillis - 1);
  }
}
