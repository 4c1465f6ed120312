package io.cipherwatch.readiness;

import io.cipherwatch.avro.Direction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * The store format of readiness state: keys {@code trunkId \0 direction-ordinal epochDay(8 bytes)} so one
 * (trunk, direction)'s days sort together and in order, and values one {@link DayBucket}: version byte, other
 * counts, then per signature its count, flags, chosen suite and offer, as fixed-width big-endian fields.
 * Decoding checks every length against the bytes left, so a corrupt value is an exception, never a huge
 * allocation.
 */
public final class DayBucketCodec {
  private static final byte VERSION = 1;

  private DayBucketCodec() {}

  /** The store key of a (trunk, direction, day). */
  public static byte[] key(String trunkId, int directionOrdinal, long epochDay) {
    byte[] t = trunkId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(t.length + 10).put(t).put((byte) 0).put((byte) directionOrdinal).putLong(epochDay)
        .array();
  }

  /** Whether {@code key} has the layout of {@link #key} (trunkId, a 0 separator, a direction ordinal, a day). */
  public static boolean isKey(byte[] key) {
    return key.length >= 10 && key[key.length - 10] == 0 && key[key.length - 9] >= 0
        && key[key.length - 9] < Direction.values().length;
  }

  /** The trunkId of a key. */
  public static String trunkId(byte[] key) {
    return new String(key, 0, key.length - 10, StandardCharsets.UTF_8);
  }

  /** The direction ordinal of a key. */
  public static int direction(byte[] key) {
    return key[key.length - 9];
  }

  /** The UTC day of a key. */
  public static long epochDay(byte[] key) {
    return ByteBuffer.wrap(key, key.length - 8, 8).getLong();
  }

  /**
   * Rebuilds the offer histories from store entries (key, value); an undecodable entry is skipped and counted.
   *
   * @return the number of entries skipped
   */
  public static int histories(Iterator<Map.Entry<byte[], byte[]>> entries, Map<TrunkKey, OfferHistory> into) {
    Direction[] directions = Direction.values();
    int skipped = 0;
    while (entries.hasNext()) {
      Map.Entry<byte[], byte[]> e = entries.next();
      byte[] k = e.getKey();
      if (!isKey(k)) {
        skipped++;
        continue;
      }
      try {
        DayBucket b = decode(epochDay(k), e.getValue());
        into.computeIfAbsent(new TrunkKey(trunkId(k), directions[direction(k)]), x -> new OfferHistory()).addDay(b);
      } catch (IllegalArgumentException ex) {
        skipped++;
      }
    }
    return skipped;
  }

  /** Encodes a bucket. */
  public static byte[] encode(DayBucket b) {
    int size = 1 + 8 + 8 + 4;
    for (OfferCount o : b.entries()) {
      size += 8 + 1 + 4 + 2 + 2 * o.offerLength();
    }
    ByteBuffer buf = ByteBuffer.allocate(size);
    write(buf, b);
    return buf.array();
  }

  /**
   * Writes a bucket's encoding at the buffer's position (the form {@link #encode} returns).
   *
   * @throws java.nio.BufferOverflowException when it does not fit
   */
  public static void write(ByteBuffer buf, DayBucket b) {
    buf.put(VERSION).putLong(b.otherEstablished()).putLong(b.otherFailed()).putInt(b.entries().size());
    for (OfferCount o : b.entries()) {
      buf.putLong(o.count()).put((byte) (o.failed() ? 1 : 0)).putInt(o.chosen()).putShort((short) o.offerLength());
      for (int i = 0; i < o.offerLength(); i++) {
        buf.putShort((short) o.offerAt(i));
      }
    }
  }

  /**
   * Decodes a bucket of the given day.
   *
   * @throws IllegalArgumentException when the bytes are not a bucket of this format
   */
  public static DayBucket decode(long epochDay, byte[] value) {
    ByteBuffer buf = ByteBuffer.wrap(value);
    DayBucket b = read(buf, epochDay);
    if (buf.hasRemaining()) {
      throw new IllegalArgumentException("readiness day bucket has " + buf.remaining() + " bytes after its end");
    }
    return b;
  }

  /**
   * Reads a bucket of the given day written by {@link #write} from the buffer's position, leaving the position
   * after it.
   *
   * @throws IllegalArgumentException when the bytes are not a bucket of this format
   */
  public static DayBucket read(ByteBuffer buf, long epochDay) {
    if (buf.remaining() < 21 || buf.get() != VERSION) {
      throw new IllegalArgumentException("not a readiness day bucket (" + buf.remaining() + " bytes)");
    }
    DayBucket b = new DayBucket(epochDay);
    b.addOther(buf.getLong(), buf.getLong());
    int n = buf.getInt();
    if (n < 0 || n > buf.remaining() / 15) {
      throw new IllegalArgumentException("readiness day bucket claims " + n + " signatures in " + buf.remaining()
          + " bytes");
    }
    for (int s = 0; s < n; s++) {
      if (buf.remaining() < 15) {
        throw new IllegalArgumentException("readiness day bucket is truncated");
      }
      long count = buf.getLong();
      boolean failed = buf.get() == 1;
      int chosen = buf.getInt();
      int len = buf.getShort() & 0xFFFF;
      if (len * 2 > buf.remaining()) {
        throw new IllegalArgumentException("readiness day bucket offer of " + len + " suites is truncated");
      }
      int[] offer = new int[len];
      for (int i = 0; i < len; i++) {
        offer[i] = buf.getShort() & 0xFFFF;
      }
      b.add(new OfferCount(offer, chosen, failed, count));
    }
    return b;
  }
}
