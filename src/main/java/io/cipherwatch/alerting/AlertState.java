package io.cipherwatch.alerting;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * Mutable alert state of one (trunkId, direction): the open alerts with their evidence, the start
 * of the current clean stretch (for REGRESSION) and sparse per-bucket handshake counts of the
 * failures window (for HANDSHAKE_FAILURES). Only {@link AlertEngine} mutates it; {@link
 * AlertStateCodec} persists it. Not thread-safe. {@link #equals} is structural, so a decoded copy
 * equals its original.
 */
public final class AlertState {
  /** {@link #cleanSince} when no clean stretch is running. */
  static final long NO_STRETCH = Long.MIN_VALUE;

  private static final int TYPES = AlertType.count();
  private static final long[] NO_BUCKETS = new long[0];

  /** Bit {@code 1 << type.ordinal()} set while that alert is open. */
  int openMask;
  /** Event time of the first handshake of the running clean stretch, or {@link #NO_STRETCH}. */
  long cleanSince = NO_STRETCH;
  /** Bucket width the counts below were taken with; 0 while there are none. */
  long bucketMs;
  /** Number of non-empty buckets kept. */
  int bucketCount;
  /**
   * Pairs (bucket index, counts) sorted by ascending bucket index, where bucket index =
   * floorDiv(timestamp, bucketMs) and counts = handshakes {@code << 32 | failures}.
   */
  long[] buckets = NO_BUCKETS;
  /** Evidence of each open alert by type ordinal; null until an alert first opens. */
  OpenAlert[] alerts;

  /** Evidence kept for one open alert. */
  static final class OpenAlert {
    long idMsb;
    long idLsb;
    long openedAt;
    String openingEventId;
    int openingChosenSuite;
    int[] openingOffer;
    long handshakesSinceOpen;
    long lastEvidenceAt;

    boolean sameAs(OpenAlert o) {
      return idMsb == o.idMsb
          && idLsb == o.idLsb
          && openedAt == o.openedAt
          && openingEventId.equals(o.openingEventId)
          && openingChosenSuite == o.openingChosenSuite
          && Arrays.equals(openingOffer, o.openingOffer)
          && handshakesSinceOpen == o.handshakesSinceOpen
          && lastEvidenceAt == o.lastEvidenceAt;
    }

    String alertId() {
      return new UUID(idMsb, idLsb).toString();
    }
  }

  private AlertState() {}

  /** State of a key never seen before: nothing open, no clean stretch, no counts. */
  public static AlertState empty() {
    return new AlertState();
  }

  /** Whether an alert of this type is open. */
  public boolean isOpen(AlertType type) {
    return (openMask & (1 << type.ordinal())) != 0;
  }

  /** Number of open alerts. */
  public int openCount() {
    return Integer.bitCount(openMask);
  }

  /** Id of the open alert of this type, or null when none is open. */
  public String alertId(AlertType type) {
    return isOpen(type) ? alerts[type.ordinal()].alertId() : null;
  }

  /** Event time the open alert of this type was opened at. */
  public long openedAt(AlertType type) {
    return open(type).openedAt;
  }

  /** Event time of the last handshake that kept the open alert of this type alive. */
  public long lastEvidenceAt(AlertType type) {
    return open(type).lastEvidenceAt;
  }

  /** Handshakes of this key since the open alert of this type opened, the opening one included. */
  public long handshakesSinceOpen(AlertType type) {
    return open(type).handshakesSinceOpen;
  }

  /** eventId of the handshake that opened the alert of this type. */
  public String openingEventId(AlertType type) {
    return open(type).openingEventId;
  }

  private OpenAlert open(AlertType type) {
    if (!isOpen(type)) {
      throw new IllegalStateException("no " + type + " alert is open; check isOpen first");
    }
    return alerts[type.ordinal()];
  }

  OpenAlert slot(int ordinal) {
    return alerts[ordinal];
  }

  /** Marks the alert open and returns its new, empty evidence slot to fill. */
  OpenAlert openSlot(int ordinal) {
    if (alerts == null) {
      alerts = new OpenAlert[TYPES];
    }
    OpenAlert a = new OpenAlert();
    alerts[ordinal] = a;
    openMask |= 1 << ordinal;
    return a;
  }

  /** Marks the alert resolved and drops its evidence. */
  void close(int ordinal) {
    openMask &= ~(1 << ordinal);
    alerts[ordinal] = null;
  }

  static long bucketIndex(long[] buckets, int i) {
    return buckets[2 * i];
  }

  static int bucketHandshakes(long[] buckets, int i) {
    return (int) (buckets[2 * i + 1] >>> 32);
  }

  static int bucketFailures(long[] buckets, int i) {
    return (int) buckets[2 * i + 1];
  }

  /** Drops all bucket counts and makes {@code width} the bucket width of future counts. */
  void resetBuckets(long width) {
    bucketMs = width;
    bucketCount = 0;
  }

  /**
   * Counts one handshake in bucket {@code index}, keeping only the {@code keep} newest bucket
   * indexes (ending at the newest bucket seen). Returns false, counting nothing, when the bucket is
   * older than that range.
   */
  boolean count(long index, boolean failed, int keep) {
    long add = (1L << 32) | (failed ? 1 : 0);
    int n = bucketCount;
    if (n == 0 || index > buckets[2 * n - 2]) {
      long oldest = index - keep + 1;
      int drop = 0;
      while (drop < n && buckets[2 * drop] < oldest) {
        drop++;
      }
      if (drop > 0) {
        n -= drop;
        if (buckets.length > 4 * (n + 1)) {
          // mostly empty after the drop (a key back after a quiet spell): trimmed to the buckets kept and the new one
          buckets = Arrays.copyOfRange(buckets, 2 * drop, 2 * drop + 2 * (n + 1));
        } else {
          System.arraycopy(buckets, 2 * drop, buckets, 0, 2 * n);
        }
      }
      insert(n, n, index, add);
      return true;
    }
    if (index < buckets[2 * n - 2] - keep + 1) {
      return false;
    }
    int i = n - 1;
    while (i >= 0 && buckets[2 * i] > index) {
      i--;
    }
    if (i >= 0 && buckets[2 * i] == index) {
      buckets[2 * i + 1] += add;
    } else {
      insert(n, i + 1, index, add);
    }
    return true;
  }

  /**
   * Inserts a bucket at position {@code at} of the {@code n} kept ones, growing the array by half when full: most
   * keys hold one to three buckets, so room for four was mostly empty (half of the array's heap per key).
   */
  private void insert(int n, int at, long index, long counts) {
    if (2 * n + 2 > buckets.length) {
      buckets = Arrays.copyOf(buckets, 2 * (n + 1 + (n >> 1)));
    }
    System.arraycopy(buckets, 2 * at, buckets, 2 * at + 2, 2 * (n - at));
    buckets[2 * at] = index;
    buckets[2 * at + 1] = counts;
    bucketCount = n + 1;
  }

  /** Sets the decoded buckets (pairs as in {@link #buckets}, already sorted). */
  void setBuckets(long width, long[] pairs, int count) {
    bucketMs = width;
    buckets = pairs;
    bucketCount = count;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof AlertState s)
        || openMask != s.openMask
        || cleanSince != s.cleanSince
        || bucketCount != s.bucketCount
        || (bucketCount > 0 && bucketMs != s.bucketMs)
        || !Arrays.equals(buckets, 0, 2 * bucketCount, s.buckets, 0, 2 * bucketCount)) {
      return false;
    }
    for (int t = 0; t < TYPES; t++) {
      if ((openMask & (1 << t)) != 0 && !alerts[t].sameAs(s.alerts[t])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(openMask, cleanSince, bucketCount);
    for (int i = 0; i < 2 * bucketCount; i++) {
      h = 31 * h + Long.hashCode(buckets[i]);
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("AlertState[open=");
    String sep = "";
    sb.append('{');
    for (int t = 0; t < TYPES; t++) {
      if ((openMask & (1 << t)) != 0) {
        OpenAlert a = alerts[t];
        sb.append(sep)
            .append(AlertType.ofOrdinal(t))
            .append(" id=")
            .append(a.alertId())
            .append(" openedAt=")
            .append(a.openedAt)
            .append(" lastEvidenceAt=")
            .append(a.lastEvidenceAt)
            .append(" handshakes=")
            .append(a.handshakesSinceOpen);
        sep = ", ";
      }
    }
    sb.append("} cleanSince=").append(cleanSince == NO_STRETCH ? "none" : cleanSince);
    sb.append(" bucketMs=").append(bucketMs).append(" buckets=[");
    for (int i = 0; i < bucketCount; i++) {
      sb.append(i == 0 ? "" : " ")
          .append(bucketIndex(buckets, i))
          .append(':')
          .append(bucketHandshakes(buckets, i))
          .append('/')
          .append(bucketFailures(buckets, i));
    }
    return sb.append("]]").toString();
  }
}
