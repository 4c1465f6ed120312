package io.cipherwatch.alerting;

import io.cipherwatch.alerting.AlertState.OpenAlert;
import io.cipherwatch.codec.Varint;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Binary codec of {@link AlertState} for the persistent state store. Format version 1, all
 * integers as unsigned LEB128 varints ("zz" = zig-zag first):
 *
 * <pre>
 * version      byte 1
 * header       varint: bits 0-3 open types with ordinals 0-3 (bit = ordinal), bit 4 clean stretch
 *              running, bit 5 bucket counts present, bits 6 and up open types with ordinals 4 and up
 *              (bit = ordinal + 2), so a type added later never lands on a flag
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
  /** Open types with ordinals below this sit in the header's low bits, the others above the flags. */
  private static final int LOW_TYPES = 4;
  private static final long LOW_TYPE_BITS = (1L << LOW_TYPES) - 1;
  private static final long HAS_STRETCH = 1L << 4;
  private static final long HAS_BUCKETS = 1L << 5;
  private static final int HIGH_TYPES_SHIFT = 2;

  private AlertStateCodec() {}

  /** Encodes the state; the array is fresh and exactly as long as the encoding. */
  public static byte[] encode(AlertState s) {
    ByteBuffer b = encodeInto(s, ByteBuffer.allocate(32 + 4 * s.bucketCount));
    return Arrays.copyOf(b.array(), b.position());
  }

  /**
   * Encodes the state into {@code scratch} from its start, growing it when too small: returns the buffer that
   * holds the encoding ({@code scratch} or a larger one, to keep for the next call), its position the length.
   */
  public static ByteBuffer encodeInto(AlertState s, ByteBuffer scratch) {
    scratch.clear();
    Writer w = new Writer(scratch);
    w.ensure(1);
    w.buf.put(VERSION);
    boolean stretch = s.cleanSince != AlertState.NO_STRETCH;
    int n = s.bucketCount;
    w.varLong(header(s.openMask, stretch, n > 0));
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
    return w.buf;
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
    long types = openTypes(header);
    if (types >>> TYPES != 0) {
      throw r.corrupt("open alert type " + (TYPES + Long.numberOfTrailingZeros(types >>> TYPES))
          + " is unknown to this version (it knows " + TYPES + "): the state was written by a newer cipherwatch");
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
      if ((types & (1L << t)) != 0) {
        readAlert(r, s.openSlot(t));
      }
    }
    if (r.buf.hasRemaining()) {
      throw r.corrupt(r.buf.remaining() + " trailing bytes");
    }
    return s;
  }

  /** The header varint: the open-types mask split around the two flag bits (see the class comment). */
  static long header(long openMask, boolean stretch, boolean buckets) {
    return (openMask & LOW_TYPE_BITS) | (stretch ? HAS_STRETCH : 0) | (buckets ? HAS_BUCKETS : 0)
        | (openMask & ~LOW_TYPE_BITS) << HIGH_TYPES_SHIFT;
  }

  /** The open-types mask of a header written by {@link #header}. */
  static long openTypes(long header) {
    return (header & LOW_TYPE_BITS) | (header >>> HIGH_TYPES_SHIFT & ~LOW_TYPE_BITS);
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
        pairs = Arrays.copyOf(pairs, 2 * (n + length));
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
    a.openingEventId = r.utf8(idLength);
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
    ByteBuffer buf;

    Writer(ByteBuffer buf) {
      this.buf = buf;
    }

    void ensure(int more) {
      if (buf.remaining() < more) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(Math.max(16, buf.capacity() * 2), buf.position() + more));
        buf.flip();
        buf = bigger.put(buf);
      }
    }

    void varLong(long v) {
      ensure(Varint.MAX_BYTES);
      Varint.putLong(buf, v);
    }

    void zigZag(long v) {
      ensure(Varint.MAX_BYTES);
      Varint.putZigZag(buf, v);
    }

    void fixedLong(long v) {
      ensure(8);
      buf.putLong(v);
    }

    void bytes(byte[] b) {
      ensure(b.length);
      buf.put(b);
    }
  }

  /** Bounds-checked input cursor whose failures name the offset. */
  private static final class Reader {
    final ByteBuffer buf;

    Reader(byte[] bytes) {
      buf = ByteBuffer.wrap(bytes);
      buf.position(1);
    }

    IllegalArgumentException corrupt(String what) {
      return new IllegalArgumentException(
          "corrupt alert state at byte "
              + buf.position()
              + " of "
              + buf.limit()
              + ": "
              + what
              + "; delete the key from the alert store to start it afresh");
    }

    long varLong() {
      try {
        return Varint.getLong(buf);
      } catch (BufferUnderflowException e) {
        throw corrupt("truncated varint");
      } catch (IllegalArgumentException e) {
        throw corrupt("varint longer than " + Varint.MAX_BYTES + " bytes");
      }
    }

    long zigZag() {
      long v = varLong();
      return (v >>> 1) ^ -(v & 1);
    }

    /** A length or count that cannot exceed the bytes left (each item takes at least one). */
    int length(String what) {
      long v = varLong();
      if (v < 0 || v > buf.remaining()) {
        throw corrupt(what + " " + v + " exceeds the " + buf.remaining() + " bytes left");
      }
      return (int) v;
    }

    long fixedLong() {
      need(8);
      return buf.getLong();
    }

    /** Reads n bytes as UTF-8. */
    String utf8(int n) {
      need(n);
      String v = new String(buf.array(), buf.position(), n, StandardCharsets.UTF_8);
      buf.position(buf.position() + n);
      return v;
    }

    private void need(int n) {
      if (n > buf.remaining()) {
        throw corrupt("truncated: needs " + n + " more bytes");
      }
    }
  }
}
