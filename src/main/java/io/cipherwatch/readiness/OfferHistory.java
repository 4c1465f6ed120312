package io.cipherwatch.readiness;

import io.cipherwatch.catalog.CipherCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * The offer signatures of one (trunk, direction), one {@link DayBucket} per UTC day, oldest first. Days older
 * than the retention are dropped as newer ones arrive, so the readiness period slides and a daily series of
 * the last days is always at hand.
 */
public final class OfferHistory {
  private static final long MILLIS_PER_DAY = 86_400_000L;
  private final List<DayBucket> days = new ArrayList<>();
  private int[] scratch = new int[64];

  /** The UTC day of an epoch-millis timestamp. */
  public static long epochDay(long timestampMillis) {
    return Math.floorDiv(timestampMillis, MILLIS_PER_DAY);
  }

  /**
   * Counts one handshake; GREASE and unassigned codes are dropped from the offer before it is kept.
   *
   * @param timestampMillis the handshake's event time
   * @param offer the ClientHello offer as received (codes outside 0..0xFFFF are ignored too)
   * @param chosen the negotiated suite, or -1
   * @param established whether the handshake completed
   * @param retentionDays days kept: the bucket of a day older than the newest day minus this is dropped
   * @return false when the handshake is older than the retention and was not counted
   */
  public boolean record(long timestampMillis, List<Integer> offer, int chosen, boolean established,
      int retentionDays) {
    long day = epochDay(timestampMillis);
    if (!days.isEmpty() && day <= days.get(days.size() - 1).epochDay() - retentionDays) {
      return false;
    }
    if (scratch.length < offer.size()) {
      scratch = new int[offer.size()];
    }
    int n = 0;
    for (int i = 0; i < offer.size(); i++) {
      Integer c = offer.get(i);
      if (c != null && kept(c)) {
        scratch[n++] = c;
      }
    }
    bucket(day).add(scratch, n, chosen, !established);
    expire(day - retentionDays);
    return true;
  }

  /** Whether an offered code is kept in a signature: in range, neither GREASE nor unassigned. */
  public static boolean kept(int code) {
    return code >= 0 && code <= 0xFFFF && CipherCatalog.standard().byCode(code).assigned();
  }

  /** Adds a whole day (as read from a store); a day already present is merged into. */
  public void addDay(DayBucket day) {
    DayBucket b = bucket(day.epochDay());
    for (OfferCount o : day.entries()) {
      b.add(o);
    }
    b.addOther(day.otherEstablished(), day.otherFailed());
  }

  /** The bucket of a day, created in order when missing. */
  public DayBucket bucket(long day) {
    int i = days.size();
    while (i > 0 && days.get(i - 1).epochDay() > day) {
      i--;
    }
    if (i > 0 && days.get(i - 1).epochDay() == day) {
      return days.get(i - 1);
    }
    DayBucket b = new DayBucket(day);
    days.add(i, b);
    return b;
  }

  /** Drops the buckets of days up to and including {@code lastDroppedDay}. */
  public void expire(long lastDroppedDay) {
    while (!days.isEmpty() && days.get(0).epochDay() <= lastDroppedDay) {
      days.remove(0);
    }
  }

  /** The kept days, oldest first (live view). */
  public List<DayBucket> days() {
    return days;
  }

  /** The bucket of exactly one day, or null. */
  public DayBucket day(long day) {
    for (DayBucket b : days) {
      if (b.epochDay() == day) {
        return b;
      }
    }
    return null;
  }

  /** The days {@code firstDay..lastDay} (inclusive) merged into one bounded bucket dated {@code lastDay}. */
  public DayBucket period(long firstDay, long lastDay) {
    List<DayBucket> in = new ArrayList<>();
    for (DayBucket b : days) {
      if (b.epochDay() >= firstDay && b.epochDay() <= lastDay) {
        in.add(b);
      }
    }
    return DayBucket.merge(lastDay, in);
  }
}
