package io.cipherwatch.readiness;

import java.util.ArrayList;
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
  // most pairs show one or two signatures a day: room for two, not ArrayList's default ten
  private final List<OfferCount> entries = new ArrayList<>(2);
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
    for (int i = 0; i < entries.size(); i++) {
      OfferCount e = entries.get(i);
      if (e.matches(h, offer, length, c, failed)) {
        e.add(1);
        return false;
      }
    }
    entries.add(new OfferCount(offer, length, c, failed, 1));
    if (entries.size() > 2 * LIMIT) {
      compact();
    }
    return true;
  }

  /** Adds a signature's counts (used when decoding and when merging days). */
  public void add(OfferCount o) {
    for (OfferCount e : entries) {
      if (e.sameSignature(o)) {
        e.add(o.count());
        return;
      }
    }
    entries.add(o.copy());
  }

  /** Adds handshakes whose signature was not kept. */
  public void addOther(long established, long failed) {
    otherEstablished += established;
    otherFailed += failed;
  }

  /** Keeps the {@link #LIMIT} most frequent signatures and folds the rest into the other counts. */
  public void compact() {
    if (entries.size() <= LIMIT) {
      return;
    }
    entries.sort(MOST_FREQUENT);
    while (entries.size() > LIMIT) {
      OfferCount dropped = entries.remove(entries.size() - 1);
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
      for (OfferCount o : d.entries) {
        m.add(o);
      }
      m.addOther(d.otherEstablished, d.otherFailed);
    }
    m.compact();
    m.entries.sort(MOST_FREQUENT);
    return m;
  }

  /** The kept signatures (live view; most frequent first after {@link #compact} or {@link #merge}). */
  public List<OfferCount> entries() {
    return entries;
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
    for (OfferCount e : entries) {
      n += e.count();
    }
    return n;
  }
}
