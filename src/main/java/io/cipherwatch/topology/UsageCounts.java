package io.cipherwatch.topology;

import io.cipherwatch.avro.RiskLevel;
import io.cipherwatch.policy.Classification;
import io.cipherwatch.codec.Varint;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Handshake counts by classification and negotiated suite: the content of one usage pane, and of a window
 * assembled from panes. Mutable and reusable; compact binary form via {@link #encode()} / {@link #decodeInto}.
 *
 * <p>An instance keeps its counts in one array: the count of each classification, then a (suite code, count) pair
 * per negotiated suite, grown one pair at a time. The panes of a (trunk, direction) are held <em>packed</em>, one
 * after another in one int array of the state ({@link TrunkState}), without an object each: the suite count n, the
 * classifications' counts, then the n (code, count) pairs; the static {@code packed*} methods read and write that
 * form.
 */
public final class UsageCounts {
  private static final byte VERSION = 1;
  private static final int CLASSES = Classification.values().length;

  /** The classifications' counts at [0, CLASSES), then suite i's code at CLASSES + 2i and count after it. */
  private long[] data = new long[CLASSES + 2];
  private int ciphers;

  /** Resets to zero. */
  public void clear() {
    Arrays.fill(data, 0, CLASSES, 0);
    ciphers = 0;
  }

  /** Counts one handshake; {@code chosen} is -1 for a failed one. */
  public void add(Classification cls, int chosen) {
    data[cls.ordinal()]++;
    if (chosen >= 0) {
      addCipher(chosen, 1);
    }
  }

  /** An independent instance holding the same counts. */
  public UsageCounts copy() {
    UsageCounts c = new UsageCounts();
    c.data = Arrays.copyOf(data, CLASSES + 2 * ciphers);
    c.ciphers = ciphers;
    return c;
  }

  /** Adds all counts of another instance. */
  public void addAll(UsageCounts other) {
    for (int i = 0; i < CLASSES; i++) {
      data[i] += other.data[i];
    }
    for (int i = 0; i < other.ciphers; i++) {
      addCipher(other.cipherCode(i), other.cipherHandshakes(i));
    }
  }

  private void addCipher(long code, long n) {
    int end = CLASSES + 2 * ciphers;
    for (int i = CLASSES; i < end; i += 2) {
      if (data[i] == code) {
        data[i + 1] += n;
        return;
      }
    }
    if (end == data.length) {
      data = Arrays.copyOf(data, end + 2);
    }
    data[end] = code;
    data[end + 1] = n;
    ciphers++;
  }

  public long count(Classification cls) {
    return data[cls.ordinal()];
  }

  public long handshakes() {
    long n = 0;
    for (int i = 0; i < CLASSES; i++) {
      n += data[i];
    }
    return n;
  }

  public long failed() {
    return count(Classification.FAILED);
  }

  public long established() {
    return handshakes() - failed();
  }

  /** Established handshakes whose negotiated suite is deprecated. */
  public long deprecated() {
    return count(Classification.DEPRECATED_ONLY) + count(Classification.PREFERS_DEPRECATED);
  }

  public long wouldBreak() {
    return count(Classification.DEPRECATED_ONLY);
  }

  /** Number of distinct negotiated suites counted. */
  public int cipherCount() {
    return ciphers;
  }

  public int cipherCode(int i) {
    return (int) data[CLASSES + 2 * i];
  }

  public long cipherHandshakes(int i) {
    return data[CLASSES + 2 * i + 1];
  }

  /** Whether both hold the same counts (suites in any order); null stands for no handshakes. */
  public static boolean sameCounts(UsageCounts a, UsageCounts b) {
    if (a == null || b == null) {
      UsageCounts other = a == null ? b : a;
      return other == null || other.handshakes() == 0;
    }
    if (!Arrays.equals(a.data, 0, CLASSES, b.data, 0, CLASSES) || a.ciphers != b.ciphers) {
      return false;
    }
    outer:
    for (int i = 0; i < a.ciphers; i++) {
      for (int j = 0; j < b.ciphers; j++) {
        if (a.cipherCode(i) == b.cipherCode(j)) {
          if (a.cipherHandshakes(i) != b.cipherHandshakes(j)) {
            return false;
          }
          continue outer;
        }
      }
      return false;
    }
    return true;
  }

  /** The risk level these counts amount to. */
  public RiskLevel riskLevel() {
    if (count(Classification.DEPRECATED_ONLY) > 0) {
      return RiskLevel.CRITICAL;
    }
    if (count(Classification.PREFERS_DEPRECATED) > 0) {
      return RiskLevel.WARNING;
    }
    if (count(Classification.OFFERS_DEPRECATED) > 0) {
      return RiskLevel.INFO;
    }
    return RiskLevel.CLEAN;
  }

  /** {@code part / established}, 0 when nothing was established. */
  public static double share(long part, long established) {
    return established == 0 ? 0.0 : (double) part / established;
  }

  /**
   * Ints of empty packed counts (the suite count and the classifications' counts); a suite adds two (its code
   * and count). Packed counts are ints, half the memory of longs: a count stops at {@link Integer#MAX_VALUE}
   * (over two billion handshakes of one trunk and direction in one pane), see {@link #saturatedAdd}.
   */
  static final int PACKED_EMPTY = 1 + CLASSES;

  /** Length of the packed counts at {@code at}. */
  static int packedLength(int[] a, int at) {
    return PACKED_EMPTY + 2 * a[at];
  }

  /** Writes empty packed counts at {@code at}. */
  static void packEmpty(int[] a, int at) {
    Arrays.fill(a, at, at + PACKED_EMPTY, 0);
  }

  /** {@code count + n} for a packed count: at most {@link Integer#MAX_VALUE} ({@code n} is not negative). */
  static int saturatedAdd(int count, long n) {
    return (int) Math.min(Integer.MAX_VALUE, count + n);
  }

  /** Counts one handshake of this classification in the packed counts at {@code at} (its suite apart). */
  static void packedCount(int[] a, int at, Classification cls) {
    int i = at + 1 + cls.ordinal();
    a[i] = saturatedAdd(a[i], 1);
  }

  /** Adds this instance's classification counts (not its suites) to the packed counts at {@code at}. */
  void addClassesTo(int[] a, int at) {
    for (int i = 0; i < CLASSES; i++) {
      a[at + 1 + i] = saturatedAdd(a[at + 1 + i], data[i]);
    }
  }

  /** Where the count of suite {@code code} is in the packed counts at {@code at}, or -1 when it has none. */
  static int packedSuiteSlot(int[] a, int at, int code) {
    int p = at + PACKED_EMPTY;
    for (int k = a[at]; k > 0; k--, p += 2) {
      if (a[p] == code) {
        return p + 1;
      }
    }
    return -1;
  }

  /** Appends a suite to the packed counts at {@code at}; the two ints after them must be free. */
  static void packedAppendSuite(int[] a, int at, int code, long count) {
    int p = at + packedLength(a, at);
    a[p] = code;
    a[p + 1] = saturatedAdd(0, count);
    a[at]++;
  }

  /** Adds the packed counts at {@code at}. */
  void addPacked(int[] a, int at) {
    for (int i = 0; i < CLASSES; i++) {
      data[i] += a[at + 1 + i];
    }
    int p = at + PACKED_EMPTY;
    for (int k = a[at]; k > 0; k--, p += 2) {
      addCipher(a[p], a[p + 1]);
    }
  }

  /** Writes the packed counts at {@code at} in the binary form of {@link #encode()}. */
  static void writePacked(ByteBuffer buf, int[] a, int at) {
    buf.put(VERSION);
    for (int i = 0; i < CLASSES; i++) {
      Varint.putLong(buf, a[at + 1 + i]);
    }
    int n = a[at];
    Varint.putLong(buf, n);
    for (int p = at + PACKED_EMPTY, end = p + 2 * n; p < end; p++) {
      Varint.putLong(buf, a[p]);
    }
  }

  /** Compact binary form: a version byte, then varints. */
  public byte[] encode() {
    ByteBuffer buf = ByteBuffer.allocate(maxEncodedSize());
    writeTo(buf);
    return Arrays.copyOf(buf.array(), buf.position());
  }

  /** An upper bound of the length of {@link #encode()}. */
  public int maxEncodedSize() {
    return 1 + 10 * CLASSES + 5 + ciphers * 15;
  }

  /** Writes the binary form of {@link #encode()} at the buffer's position. */
  public void writeTo(ByteBuffer buf) {
    buf.put(VERSION);
    for (int i = 0; i < CLASSES; i++) {
      Varint.putLong(buf, data[i]);
    }
    Varint.putLong(buf, ciphers);
    for (int i = CLASSES; i < CLASSES + 2 * ciphers; i++) {
      Varint.putLong(buf, data[i]);
    }
  }

  /** Replaces this instance's counts with the encoded ones. */
  public void decodeInto(byte[] bytes) {
    clear();
    mergeEncoded(bytes);
  }

  /** Adds encoded counts to this instance without materialising another object. */
  public void mergeEncoded(byte[] bytes) {
    mergeFrom(ByteBuffer.wrap(bytes));
  }

  /** Adds the counts encoded at the buffer's position (as by {@link #writeTo}) and moves past them. */
  public void mergeFrom(ByteBuffer buf) {
    byte v = buf.get();
    if (v != VERSION) {
      throw new IllegalStateException("Unknown usage-pane format version " + v
          + ": the state was written by a newer cipherwatch; run that version or reset the application");
    }
    for (int i = 0; i < CLASSES; i++) {
      data[i] += Varint.getLong(buf);
    }
    int n = (int) Varint.getLong(buf);
    for (int i = 0; i < n; i++) {
      int code = (int) Varint.getLong(buf);
      addCipher(code, Varint.getLong(buf));
    }
  }
}
