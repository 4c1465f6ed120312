package io.cipherwatch.alerting;

import io.cipherwatch.alerting.AlertState.OpenAlert;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Binary codec of {@link AlertState} for the persistent state store. Format version 1, all
 * integers as unsigned LEB128 varints ("zz" = zig-zag first):
 *
 * <pre>
 * version      byte 1
 * header       varint: bits 0-3 open types (bit = AlertType ordinal), bit 4 clean stretch running,
 *              bit 5 bucket counts present
 * [stretch]    zz cleanSince
 * [buckets]    bucketMs, zz newest bucket index, run count, then runs of consecutive bucket
 *              indexes from the newest down, each as [empty buckets since the previous run − 1
 *              (not for the first run)], run length, and per bucket from the newest down:
 *              (handshakes &lt;&lt; 1 | failures &gt; 0) [failures if &gt; 0]
 * per open alert, by type ordinal:
 *              alertId as 16 big-endian bytes, zz lastEvidenceAt,
 *              zz (lastEvidenceAt − openedAt, never negative), handshakesSinceOpen,
 *              zz openingChosenSuite, UTF-8 byte length + openingEventId,
 *              offer length + each code (as unsigned 32-bit)
 * </pre>
 *
 * A key with nothing open takes about 17 bytes plus 1–3 per non-empty bucket of the failures
 * window and 1–2 per bucket with failures: a quiet key a few tens of bytes, a trunk busy in all 60
 * default buckets 77 (1 handshake/s) to 137 bytes (10/s and more), up to ~290 with failures in
 * every bucket. Each open alert adds about 35 bytes plus its eventId and 1–3 bytes per offered
 * suite (91 bytes in all for a UUID eventId and a 7-suite offer).
 */
public final class AlertStateCodec {
  /** Current format version, the first byte of every encoding. */
  public static final byte VERSION = 1;

  private static final int TYPES = AlertType.count();
  private static final int HAS_STRETCH = 1 << 4;
  private static final int HAS_BUCKETS = 1 << 5;
  private static final int KNOWN_HEADER_BITS = (1 << TYPES) - 1 | HAS_STRETCH | HAS_BUCKETS;

  private AlertStateCodec() {}

  /** Encodes the state; the array is fresh and exactly as long as the encoding. */
  public static byte[] encode(AlertState s) {
    Writer w = new Writer(32 + 4 * s.bucketCount);
    w.buf[w.pos++] = VERSION;
    boolean stretch = s.cleanSince != AlertState.NO_STRETCH;
    int n = s.bucketCount;
    w.varLong(s.openMask | (stretch ? HAS_STRETCH : 0) | (n > 0 ? HAS_BUCKETS : 0));
    if (stretch) {
      w.zigZag(s.cleanSince);
    }
    if (n > 0) {
      writeBuckets(w, s.buckets, n, s.bucketMs);
    }
    for (int t = 0; t < TYPES; t++) {
      if ((s.openMask & (1 << t)) != 0) {
        writeAlert(w, s.slot(t));
      }
    }
    return Arrays.copyOf(w.buf, w.pos);
  }

  /**
   * Decodes a state written by {@link #encode}.
   *
   * @throws IllegalArgumentException if the bytes are not a valid encoding of a known version
   */
  public static AlertState decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("alert state is empty: expected at least a version byte");
    }
    if (bytes[0] != VERSION) {
      throw new IllegalArgumentException(
          "unknown alert state format version "
              + bytes[0]
              + " (this build reads version "
              + VERSION
              + "); the store was written by a different cipherwatch version");
    }
    Reader r = new Reader(bytes);
    AlertState s = AlertState.empty();
    long header = r.varLong();
    if ((header & ~KNOWN_HEADER_BITS) != 0) {
      throw r.corrupt("unknown header bits " + Long.toBinaryString(header));
    }
    if ((header & HAS_STRETCH) != 0) {
      s.cleanSince = r.zigZag();
      if (s.cleanSince == AlertState.NO_STRETCH) {
        throw r.corrupt("clean stretch start is the no-stretch marker");
      }
    }
    if ((header & HAS_BUCKETS) != 0) {
      readBuckets(r, s);
    }
    for (int t = 0; t < TYPES; t++) {
      if ((header & (1 << t)) != 0) {
        readAlert(r, s.openSlot(t));
      }
    }
    if (r.pos != bytes.length) {
      throw r.corrupt((bytes.length - r.pos) + " trailing bytes");
    }
    return s;
  }

  private static void writeBuckets(Writer w, long[] b, int n, long bucketMs) {
    w.varLong(bucketMs);
    w.zigZag(AlertState.bucketIndex(b, n - 1));
    int runs = 1;
    for (int i = n - 1; i > 0; i--) {
      if (AlertState.bucketIndex(b, i - 1) != AlertState.bucketIndex(b, i) - 1) {
        runs++;
      }
    }
    w.varLong(runs);
    int i = n - 1;
    while (i >= 0) {
      int start = i;
      while (i > 0 && AlertState.bucketIndex(b, i - 1) == AlertState.bucketIndex(b, i) - 1) {
        i--;
      }
      if (start != n - 1) {
        w.varLong(AlertState.bucketIndex(b, start + 1) - AlertState.bucketIndex(b, start) - 2);
      }
      w.varLong(start - i + 1);
      for (int j = start; j >= i; j--) {
        long handshakes = AlertState.bucketHandshakes(b, j);
        int failures = AlertState.bucketFailures(b, j);
        w.varLong(handshakes << 1 | (failures > 0 ? 1 : 0));
        if (failures > 0) {
          w.varLong(failures);
        }
      }
      i--;
    }
  }

  private static void readBuckets(Reader r, AlertState s) {
    long bucketMs = r.varLong();
    if (bucketMs <= 0) {
      throw r.corrupt("bucket width " + bucketMs);
    }
    long index = r.zigZag();
    int runs = r.length("bucket run count");
    long[] pairs = new long[0];
    int n = 0;
    for (int run = 0; run < runs; run++) {
      if (run > 0) {
        index -= r.varLong() + 1;
      }
      int length = r.length("bucket run length");
      if (length == 0) {
        throw r.corrupt("empty bucket run");
      }
      if (2 * (n + length) > pairs.length) {
        pairs = Arrays.copyOf(pairs, 2 * (n + length) + 2);
      }
      for (int j = 0; j < length; j++, index--) {
        long v = r.varLong();
        long handshakes = v >>> 1;
        long failures = (v & 1) != 0 ? r.varLong() : 0;
        if (handshakes < 1
            || handshakes > Integer.MAX_VALUE
            || (v & 1) != 0 && (failures < 1 || failures > handshakes)) {
          throw r.corrupt("bucket counts " + failures + "/" + handshakes);
        }
        pairs[2 * n] = index;
        pairs[2 * n + 1] = handshakes << 32 | failures;
        n++;
      }
    }
    for (int i = 0, j = n - 1; i < j; i++, j--) {
      long index0 = pairs[2 * i];
      long counts0 = pairs[2 * i + 1];
      pairs[2 * i] = pairs[2 * j];
      pairs[2 * i + 1] = pairs[2 * j + 1];
      pairs[2 * j] = index0;
      pairs[2 * j + 1] = counts0;
    }
    s.setBuckets(bucketMs, pairs, n);
  }

  private static void writeAlert(Writer w, OpenAlert a) {
    w.fixedLong(a.idMsb);
    w.fixedLong(a.idLsb);
    w.zigZag(a.lastEvidenceAt);
    w.zigZag(a.lastEvidenceAt - a.openedAt);
    w.varLong(a.handshakesSinceOpen);
    w.zigZag(a.openingChosenSuite);
    byte[] id = a.openingEventId.getBytes(StandardCharsets.UTF_8);
    w.varLong(id.length);
    w.bytes(id);
    w.varLong(a.openingOffer.length);
    for (int code : a.openingOffer) {
      w.varLong(code & 0xFFFFFFFFL);
    }
  }

  private static void readAlert(Reader r, OpenAlert a) {
    a.idMsb = r.fixedLong();
    a.idLsb = r.fixedLong();
    a.lastEvidenceAt = r.zigZag();
    long sinceOpened = r.zigZag();
    a.handshakesSinceOpen = r.varLong();
    if (sinceOpened < 0 || a.handshakesSinceOpen < 1) {
      throw r.corrupt("open alert with evidence " + sinceOpened + " ms after opening and "
          + a.handshakesSinceOpen + " handshakes");
    }
    a.openedAt = a.lastEvidenceAt - sinceOpened;
    long chosen = r.zigZag();
    if (chosen != (int) chosen) {
      throw r.corrupt("chosen suite " + chosen);
    }
    a.openingChosenSuite = (int) chosen;
    int idLength = r.length("eventId length");
    a.openingEventId = new String(r.buf, r.take(idLength), idLength, StandardCharsets.UTF_8);
    int[] offer = new int[r.length("offer length")];
    for (int i = 0; i < offer.length; i++) {
      long code = r.varLong();
      if (code >>> 32 != 0) {
        throw r.corrupt("offered suite " + code);
      }
      offer[i] = (int) code;
    }
    a.openingOffer = offer;
  }

  /** Growable output buffer. */
  private static final class Writer {
    byte[] buf;
    int pos;

    Writer(int capacity) {
      buf = new byte[capacity];
    }

    private void ensure(int more) {
      if (pos + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
      }
    }

    void varLong(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[pos++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[pos++] = (byte) v;
    }

    void zigZag(long v) {
      varLong((v << 1) ^ (v >> 63));
    }

    void fixedLong(long v) {
      ensure(8);
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[pos++] = (byte) (v >>> shift);
      }
    }

    void bytes(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, pos, b.length);
      pos += b.length;
    }
  }

  /** Bounds-checked input cursor whose failures name the offset. */
  private static final class Reader {
    final byte[] buf;
    int pos = 1;

    Reader(byte[] buf) {
      this.buf = buf;
    }

    IllegalArgumentException corrupt(String what) {
      return new IllegalArgumentException(
          "corrupt alert state at byte "
              + pos
              + " of "
              + buf.length
              + ": "
              + what
              + "; delete the key from the alert store to start it afresh");
    }

    long varLong() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= buf.length) {
          throw corrupt("truncated varint");
        }
        byte b = buf[pos++];
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw corrupt("varint longer than 10 bytes");
    }

    long zigZag() {
      long v = varLong();
      return (v >>> 1) ^ -(v & 1);
    }

    /** A length or count that cannot exceed the bytes left (each item takes at least one). */
    int length(String what) {
      long v = varLong();
      if (v < 0 || v > buf.length - pos) {
        throw corrupt(what + " " + v + " exceeds the " + (buf.length - pos) + " bytes left");
      }
      return (int) v;
    }

    long fixedLong() {
      int at = take(8);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = v << 8 | (buf[at + i] & 0xFF);
      }
      return v;
    }

    /** Skips n bytes and returns where they start. */
    int take(int n) {
      if (n > buf.length - pos) {
        throw corrupt("truncated: needs " + n + " more bytes");
      }
      int at = pos;
      pos += n;
      return at;
    }
  }
}
