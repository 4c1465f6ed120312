package io.cipherwatch.codec;

import java.nio.ByteBuffer;

/**
 * Unsigned LEB128 varints (7 bits a byte, low group first, high bit = more follows) and their zig-zag form for
 * signed values: the one varint codec of cipherwatch's compact state and internal-topic formats.
 */
public final class Varint {
  /** The most bytes a 64-bit varint takes. */
  public static final int MAX_BYTES = 10;

  private Varint() {}

  /** Writes {@code v} (as unsigned) at the buffer's position. */
  public static void putLong(ByteBuffer buf, long v) {
    while ((v & ~0x7FL) != 0) {
      buf.put((byte) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    buf.put((byte) v);
  }

  /** Writes {@code v} zig-zag encoded, so small negative values stay short. */
  public static void putZigZag(ByteBuffer buf, long v) {
    putLong(buf, (v << 1) ^ (v >> 63));
  }

  /**
   * Reads a varint at the buffer's position.
   *
   * @throws java.nio.BufferUnderflowException if the buffer ends inside it
   * @throws IllegalArgumentException if it is longer than {@link #MAX_BYTES}
   */
  public static long getLong(ByteBuffer buf) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = buf.get();
      v |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("malformed varint: longer than " + MAX_BYTES + " bytes");
  }

  /** Reads a zig-zag encoded varint (see {@link #getLong}). */
  public static long getZigZag(ByteBuffer buf) {
    long v = getLong(buf);
    return (v >>> 1) ^ -(v & 1);
  }
}
