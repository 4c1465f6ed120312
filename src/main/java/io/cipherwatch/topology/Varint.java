package io.cipherwatch.topology;

import java.nio.ByteBuffer;

/** Unsigned LEB128 varints for the compact state and internal-topic formats. */
final class Varint {
  private Varint() {}

  static void putLong(ByteBuffer buf, long v) {
    while ((v & ~0x7FL) != 0) {
      buf.put((byte) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    buf.put((byte) v);
  }

  static long getLong(ByteBuffer buf) {
    long v = 0;
    int shift = 0;
    byte b;
    do {
      if (shift > 63) {
        throw new IllegalStateException("Malformed varint in cipherwatch state");
      }
      b = buf.get();
      v |= (long) (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    return v;
  }
}
