package io.cipherwatch.readiness;

import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The offer signatures of one (trunk, direction) on one UTC day (or merged over several days), bounded: the
 * most frequent {@link #LIMIT} signatures are kept and the rest are folded into "other" counts. While a day is
 * being filled up to twice the limit is held, so a signature that becomes frequent late still makes the cut.
 */
public final class DayBucket {
  /** How many signatures a bucket reports. */
  public static final int LIMIT = 16;
  private static final Comparator<OfferCount> MOST_FREQUENT =
      Comparator.comparingLong(OfferCount::count).reversed();

  private final long epochDay;
  // most pairs show one or two signatures a day: room for two, in an array of its own (no list object per pair)
  private OfferCount[] entries = new OfferCount[2];
  private int size;
  private long otherEstablished;
  private long otherFailed;

  public DayBucket(long epochDay) {
    this.epochDay = epochDay;
  }

  /** The UTC day (days since 1970-01-01); for a merged bucket, the last day merged. */
  public long epochDay() {
    return epochDay;
  }

  /**
   * Counts one handshake with an already cleaned offer ({@code offer[0..length)}); returns whether the bucket's
   * signatures changed (a new one, or some folded into the other counts), not only a count.
   */
  public boolean add(int[] offer, int length, int chosen, boolean failed) {
    int c = failed ? -1 : chosen;
    int h = OfferCount.hash(offer, length, c, failed);
    for (int i = 0; i < size; i++) {
      OfferCount e = entries[i];
      if (e.matches(h, offer, length, c, failed)) {
        e.add(1);
        return false;
      }
    }
    append(new OfferCount(offer, length, c, failed, 1));
    if (size > 2 * LIMIT) {
      compact();
    }
    return true;
  }

  /** Adds a signature's counts (used when decoding and when merging days). */
  public void add(OfferCount o) {
    for (int i = 0; i < size; i++) {
      if (entries[i].sameSignature(o)) {
        entries[i].add(o.count());
        return;
      }
    }
    append(o.copy());
  }

  private void append(OfferCount o) {
    if (size == entries.length) {
      entries = Arrays.copyOf(entries, 2 * size);
    }
    entries[size++] = o;
  }

  /** Adds handshakes whose signature was not kept. */
  public void addOther(long established, long failed) {
    otherEstablished += established;
    otherFailed += failed;
  }

  /** Keeps the {@link #LIMIT} most frequent signatures and folds the rest into the other counts. */
  public void compact() {
    if (size <= LIMIT) {
      return;
    }
    Arrays.sort(entries, 0, size, MOST_FREQUENT);
    while (size > LIMIT) {
      OfferCount dropped = entries[--size];
      entries[size] = null;
      if (dropped.failed()) {
        otherFailed += dropped.count();
      } else {
        otherEstablished += dropped.count();
      }
    }
  }

  /** Merges several buckets into one bounded bucket dated {@code epochDay}. */
  public static DayBucket merge(long epochDay, List<DayBucket> days) {
    DayBucket m = new DayBucket(epochDay);
    for (DayBucket d : days) {
      for (int i = 0; i < d.size; i++) {
        m.add(d.entries[i]);
      }
      m.addOther(d.otherEstablished, d.otherFailed);
    }
    m.compact();
    Arrays.sort(m.entries, 0, m.size, MOST_FREQUENT);
    return m;
  }

  /**
   * The kept signatures (a read-only view of this bucket as it is now; most frequent first after
   * {@link #compact} or {@link #merge}).
   */
  public List<OfferCount> entries() {
    return Collections.unmodifiableList(Arrays.asList(entries).subList(0, size));
  }

  /** Established handshakes whose signature was not kept. */
  public long otherEstablished() {
    return otherEstablished;
  }

  /** Failed handshakes whose signature was not kept. */
  public long otherFailed() {
    return otherFailed;
  }

  /** All handshakes counted. */
  public long handshakes() {
    long n = otherEstablished + otherFailed;
    for (int i = 0; i < size; i++) {
      n += entries[i].count();
    }
    return n;
  }
}
