package io.cipherwatch.capture.pcap;

/** Fixed-width integer reads in either byte order. */
final class Bytes {
  private Bytes() {}

  static int u16(byte[] b, int i, boolean bigEndian) {
    return bigEndian ? (b[i] & 0xff) << 8 | (b[i + 1] & 0xff) : (b[i + 1] & 0xff) << 8 | (b[i] & 0xff);
  }

  /** An unsigned 32-bit value as a long. */
  static long u32(byte[] b, int i, boolean bigEndian) {
    return bigEndian
        ? ((long) (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff))
        : ((long) (b[i + 3] & 0xff) << 24 | (b[i + 2] & 0xff) << 16 | (b[i + 1] & 0xff) << 8 | (b[i] & 0xff));
  }
}
