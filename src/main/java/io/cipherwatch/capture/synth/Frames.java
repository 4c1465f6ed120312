package io.cipherwatch.capture.synth;

/** Builds Ethernet/IPv4/TCP frames (no checksums: capture readers do not need them). */
public final class Frames {
  private Frames() {}

  /**
   * One frame.
   *
   * @param src source IPv4 address as an int
   * @param dst destination IPv4 address as an int
   * @param flags TCP flags (see {@code TcpSegment})
   */
  public static byte[] tcp4(int src, int srcPort, int dst, int dstPort, int seq, int ack, int flags, byte[] payload,
      int off, int len) {
    byte[] f = new byte[14 + 20 + 20 + len];
    f[12] = 0x08;
    int ip = 14;
    f[ip] = 0x45;
    int total = 40 + len;
    f[ip + 2] = (byte) (total >>> 8);
    f[ip + 3] = (byte) total;
    f[ip + 6] = 0x40; // don't fragment
    f[ip + 8] = 64;
    f[ip + 9] = 6;
    putInt(f, ip + 12, src);
    putInt(f, ip + 16, dst);
    int t = ip + 20;
    f[t] = (byte) (srcPort >>> 8);
    f[t + 1] = (byte) srcPort;
    f[t + 2] = (byte) (dstPort >>> 8);
    f[t + 3] = (byte) dstPort;
    putInt(f, t + 4, seq);
    putInt(f, t + 8, ack);
    f[t + 12] = 0x50;
    f[t + 13] = (byte) flags;
    f[t + 14] = (byte) 0xff;
    f[t + 15] = (byte) 0xff;
    if (len > 0) {
      System.arraycopy(payload, off, f, 54, len);
    }
    return f;
  }

  /** An IPv4 address from its four parts. */
  public static int ip(int a, int b, int c, int d) {
    return a << 24 | b << 16 | c << 8 | d;
  }

  private static void putInt(byte[] f, int i, int v) {
    f[i] = (byte) (v >>> 24);
    f[i + 1] = (byte) (v >>> 16);
    f[i + 2] = (byte) (v >>> 8);
    f[i + 3] = (byte) v;
  }
}
