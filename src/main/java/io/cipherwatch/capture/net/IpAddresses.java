package io.cipherwatch.capture.net;

/** Text forms of addresses held as two longs (IPv4 as IPv4-mapped IPv6): dotted quad, or RFC 5952 IPv6. */
public final class IpAddresses {
  /** The upper half of the low long of an IPv4-mapped address. */
  public static final long V4_MAPPED = 0xFFFFL << 32;

  private IpAddresses() {}

  /** True when the address is an IPv4-mapped IPv6 address. */
  public static boolean isV4(long hi, long lo) {
    return hi == 0 && (lo & 0xFFFFFFFF00000000L) == V4_MAPPED;
  }

  /** The address as text: {@code 192.0.2.1} or {@code 2001:db8::1}. */
  public static String format(long hi, long lo) {
    if (isV4(hi, lo)) {
      return ((lo >>> 24) & 0xff) + "." + ((lo >>> 16) & 0xff) + "." + ((lo >>> 8) & 0xff) + "." + (lo & 0xff);
    }
    int[] g = new int[8];
    for (int i = 0; i < 4; i++) {
      g[i] = (int) (hi >>> (48 - 16 * i)) & 0xffff;
      g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xffff;
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append(i == 0 ? "::" : ":");
        i += bestLen - 1;
        continue;
      }
      sb.append(Integer.toHexString(g[i]));
      if (i < 7) {
        sb.append(':');
      }
    }
    return sb.toString();
  }

  /** {@code ip:port}, with IPv6 in brackets: {@code [2001:db8::1]:5061}. */
  public static String withPort(long hi, long lo, int port) {
    return isV4(hi, lo) ? format(hi, lo) + ":" + port : "[" + format(hi, lo) + "]:" + port;
  }
}
