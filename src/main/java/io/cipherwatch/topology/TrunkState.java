package io.cipherwatch.topology;

import io.cipherwatch.alerting.AlertState;
import io.cipherwatch.alerting.AlertStateCodec;
import io.cipherwatch.codec.Varint;
import io.cipherwatch.policy.Classification;
import io.cipherwatch.readiness.DayBucket;
import io.cipherwatch.readiness.DayBucketCodec;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Everything cipherwatch keeps for one (trunk, direction): its alert state, its usage panes (counts per
 * advance-sized slice of event time, ascending by start) and the offer signatures of its newest UTC day (for
 * removal readiness; earlier days are in {@code readiness-state}), held decoded by the window processor and
 * written to the {@code trunk-state} store as one record per event.
 *
 * <p>Binary form, version 3: a version byte; the event time of the newest handshake as a zig-zag varint
 * ({@link #NONE} when unknown: states written by version 1, which lacks it, read so); the alert state
 * ({@link AlertStateCodec}) as varint length and bytes; the pane count (varint); then, if any, the first pane's
 * start as 8 big-endian bytes followed by its counts ({@link UsageCounts#writeTo}), and for each further pane the
 * varint distance from the previous start followed by its counts; then (version 3; versions 1 and 2 read as
 * none) a varint 0 when there is no day of offers, else 1, the day as a zig-zag varint and the bucket
 * ({@link DayBucketCodec#write}).
 */
final class TrunkState implements HashKeyValueStore.Live {
  static final byte VERSION = 3;
  private static final byte VERSION_WITHOUT_OFFERS = 2;
  private static final byte VERSION_WITHOUT_LAST_SEEN = 1;
  static final long NONE = Long.MIN_VALUE;
  private static final long[] NO_STARTS = new long[0];
  private static final int[] NO_COUNTS = new int[0];

  final String trunkId;
  final byte direction;
  /** The store key ({@link StoreKeys#trunkState}). */
  final byte[] key;
  AlertState alert;
  /** Event time of the newest handshake of this key, or {@link #NONE} when unknown. */
  long lastSeen = NONE;
  /** End of the newest window emitted for this key since the processor started (a marker, not persisted). */
  long emittedEnd = NONE;
  /** This trunk's metadata as last looked up, valid while the cache's generation is {@link #metadataGeneration}. */
  MetadataCache.Entry metadata;
  long metadataGeneration = -1;
  /** The offer signatures of the newest UTC day with a handshake, or null (kept by {@link ReadinessTracker}). */
  DayBucket offers;
  /** Pane starts at [0, count), ascending; a shared empty array while the key has no pane (idle keys hold none). */
  private long[] starts = NO_STARTS;
  /**
   * The panes' counts, packed one after another in start order ({@link UsageCounts#packedLength}) at [0, used):
   * one array per key instead of an object and an array per pane, so closing a window reads one array; ints,
   * so a count stops at {@link Integer#MAX_VALUE} ({@link UsageCounts#saturatedAdd}).
   */
  private int[] counts = NO_COUNTS;
  private int used;
  private int count;

  private TrunkState(String trunkId, byte direction, byte[] key, AlertState alert) {
    this.trunkId = trunkId;
    this.direction = direction;
    this.key = key;
    this.alert = alert;
  }

  /** The state of a key never seen: no alert state, no panes. */
  static TrunkState empty(String trunkId, byte direction) {
    return new TrunkState(trunkId, direction, StoreKeys.trunkState(trunkId, direction), AlertState.empty());
  }

  /** The newest day of offers of a state, or null for none or no state. */
  static DayBucket offersOf(TrunkState s) {
    return s == null ? null : s.offers;
  }

  int paneCount() {
    return count;
  }

  long paneStart(int i) {
    return starts[i];
  }

  /** A copy of the counts of pane {@code i}. */
  UsageCounts pane(int i) {
    UsageCounts c = new UsageCounts();
    c.addPacked(counts, offset(i));
    return c;
  }

  /**
   * Counts one handshake ({@code chosen} -1 for a failed one) in the pane starting at {@code start}, created
   * empty at its place in start order when missing; returns whether it was created.
   */
  boolean count(long start, Classification cls, int chosen) {
    int before = count;
    int at = paneOffset(start);
    UsageCounts.packedCount(counts, at, cls);
    if (chosen >= 0) {
      addSuite(at, chosen, 1);
    }
    return count > before;
  }

  /** Adds {@code c} to the pane starting at {@code start}, created empty when missing. */
  void add(long start, UsageCounts c) {
    int at = paneOffset(start);
    c.addClassesTo(counts, at);
    for (int i = 0; i < c.cipherCount(); i++) {
      addSuite(at, c.cipherCode(i), c.cipherHandshakes(i));
    }
  }

  /** Offset of the packed counts of pane {@code i}. */
  private int offset(int i) {
    int at = 0;
    for (int k = 0; k < i; k++) {
      at += UsageCounts.packedLength(counts, at);
    }
    return at;
  }

  /** Offset of the pane starting at {@code start}, inserted empty at its place in start order when missing. */
  private int paneOffset(long start) {
    int i = count;
    while (i > 0 && starts[i - 1] > start) {
      i--;
    }
    if (i > 0 && starts[i - 1] == start) {
      return offset(i - 1);
    }
    if (count == starts.length) {
      // by half: half the keys hold a single pane
      starts = Arrays.copyOf(starts, count + 1 + (count >> 1));
    }
    System.arraycopy(starts, i, starts, i + 1, count - i);
    starts[i] = start;
    count++;
    int at = offset(i);
    makeRoom(at, UsageCounts.PACKED_EMPTY);
    UsageCounts.packEmpty(counts, at);
    return at;
  }

  private void addSuite(int at, int code, long n) {
    int slot = UsageCounts.packedSuiteSlot(counts, at, code);
    if (slot >= 0) {
      counts[slot] = UsageCounts.saturatedAdd(counts[slot], n);
      return;
    }
    makeRoom(at + UsageCounts.packedLength(counts, at), 2);
    UsageCounts.packedAppendSuite(counts, at, code, n);
  }

  /** Opens {@code k} ints at {@code pos}, growing the array by half (with room for a suite) when full. */
  private void makeRoom(int pos, int k) {
    if (used + k > counts.length) {
      counts = Arrays.copyOf(counts, Math.max(used + k + 2, used + (used >> 1)));
    }
    System.arraycopy(counts, pos, counts, pos + k, used - pos);
    used += k;
  }

  /**
   * Drops the panes that start before {@code start}; with the last pane the arrays go too (an idle key holds no
   * counts), and an array left mostly empty is trimmed.
   */
  void dropPanesBefore(long start) {
    int k = 0;
    while (k < count && starts[k] < start) {
      k++;
    }
    if (k == 0) {
      return;
    }
    if (k == count) {
      starts = NO_STARTS;
      counts = NO_COUNTS;
      used = 0;
      count = 0;
      return;
    }
    int at = offset(k);
    System.arraycopy(starts, k, starts, 0, count - k);
    System.arraycopy(counts, at, counts, 0, used - at);
    count -= k;
    used -= at;
    if (counts.length > 2 * used + UsageCounts.PACKED_EMPTY) {
      counts = Arrays.copyOf(counts, used + 2);
    }
  }

  /** The counts of the panes starting in [start, end), summed into {@code sum} (cleared first), which it returns. */
  UsageCounts countsIn(long start, long end, UsageCounts sum) {
    sum.clear();
    int at = 0;
    for (int i = 0; i < count && starts[i] < end; i++) {
      if (starts[i] >= start) {
        sum.addPacked(counts, at);
      }
      at += UsageCounts.packedLength(counts, at);
    }
    return sum;
  }

  /** The counts of the pane starting at {@code start} in {@code into} (cleared first), or null when it has none. */
  UsageCounts paneCounts(long start, UsageCounts into) {
    return hasPane(start) ? countsIn(start, start + 1, into) : null;
  }

  /** Whether a pane starts at {@code start}. */
  boolean hasPane(long start) {
    return hasPaneIn(start, start + 1);
  }

  /** Whether a pane starts in [start, end). */
  boolean hasPaneIn(long start, long end) {
    for (int i = 0; i < count; i++) {
      if (starts[i] >= start && starts[i] < end) {
        return true;
      }
    }
    return false;
  }

  /** Whether every pane of this key lies before {@code closedEnd} (no window to come needs it). */
  boolean allPanesClosed(long closedEnd, long advance) {
    return count == 0 || starts[count - 1] + advance <= closedEnd;
  }

  /** The pane starts, ascending. */
  long[] paneStarts() {
    return Arrays.copyOf(starts, count);
  }

  /**
   * The end of the newest window emitted for this key when windows up to {@code closedEnd} are closed: the
   * newest closed pane's last window, or {@link #NONE} when no pane has closed.
   */
  long lastWindowEnd(long closedEnd, long size, long advance) {
    for (int i = count - 1; i >= 0; i--) {
      if (starts[i] + advance <= closedEnd) {
        return Math.min(closedEnd, starts[i] + size);
      }
    }
    return NONE;
  }

  /** Reusable buffers of one thread's encodings: the record's, and its alert state's. */
  static final class Scratch {
    ByteBuffer record;
    ByteBuffer alert;

    Scratch(int recordBytes, int alertBytes) {
      record = ByteBuffer.allocate(recordBytes);
      alert = ByteBuffer.allocate(alertBytes);
    }
  }

  /** The binary form (a fresh array of exactly its length); {@code scratch}'s buffers are reused (and grown). */
  byte[] encode(Scratch scratch) {
    ByteBuffer alertBytes = scratch.alert = AlertStateCodec.encodeInto(alert, scratch.alert);
    while (true) {
      ByteBuffer buf = scratch.record;
      buf.clear();
      try {
        buf.put(VERSION);
        Varint.putZigZag(buf, lastSeen);
        Varint.putLong(buf, alertBytes.position());
        buf.put(alertBytes.array(), 0, alertBytes.position());
        Varint.putLong(buf, count);
        for (int i = 0, at = 0; i < count; at += UsageCounts.packedLength(counts, at), i++) {
          if (i == 0) {
            buf.putLong(starts[0]);
          } else {
            Varint.putLong(buf, starts[i] - starts[i - 1]);
          }
          UsageCounts.writePacked(buf, counts, at);
        }
        if (offers == null) {
          Varint.putLong(buf, 0);
        } else {
          Varint.putLong(buf, 1);
          Varint.putZigZag(buf, offers.epochDay());
          DayBucketCodec.write(buf, offers);
        }
        return Arrays.copyOf(buf.array(), buf.position());
      } catch (BufferOverflowException e) {
        scratch.record = ByteBuffer.allocate(buf.capacity() * 2);
      }
    }
  }

  /** The binary form, in a buffer of its own (for readers on other threads). */
  @Override
  public byte[] encode() {
    return encode(new Scratch(256, 128));
  }

  /** Decodes the record stored under {@code key} (written by {@link #encode}). */
  static TrunkState decode(byte[] key, byte[] value) {
    return decode(key, value, UnaryOperator.identity());
  }

  /**
   * Like {@link #decode(byte[], byte[])}, with the trunkId that {@code shareId} gives for the one in the key (an
   * equal string, such as the instance the trunk's other direction already holds).
   */
  static TrunkState decode(byte[] key, byte[] value, UnaryOperator<String> shareId) {
    ByteBuffer buf = ByteBuffer.wrap(value);
    byte v = buf.get();
    if (v != VERSION && v != VERSION_WITHOUT_OFFERS && v != VERSION_WITHOUT_LAST_SEEN) {
      throw new IllegalStateException("Unknown trunk-state format version " + v
          + ": the state was written by a newer cipherwatch; run that version or reset the application");
    }
    long lastSeen = v == VERSION_WITHOUT_LAST_SEEN ? NONE : Varint.getZigZag(buf);
    byte[] alertBytes = new byte[(int) Varint.getLong(buf)];
    buf.get(alertBytes);
    TrunkState s = new TrunkState(shareId.apply(StoreKeys.trunkIdOfState(key)), StoreKeys.directionOfState(key), key,
        AlertStateCodec.decode(alertBytes));
    s.lastSeen = lastSeen;
    int n = (int) Varint.getLong(buf);
    long start = 0;
    UsageCounts pane = new UsageCounts();
    for (int i = 0; i < n; i++) {
      start = i == 0 ? buf.getLong() : start + Varint.getLong(buf);
      pane.clear();
      pane.mergeFrom(buf);
      s.add(start, pane);
    }
    if (v == VERSION && Varint.getLong(buf) == 1) {
      long day = Varint.getZigZag(buf);
      try {
        s.offers = DayBucketCodec.read(buf, day);
      } catch (IllegalArgumentException e) {
        s.offers = null; // an unreadable day of offers restarts the day rather than stopping the task
      }
    }
    return s;
  }
}
