package io.cipherwatch.capture.net;

/**
 * Decodes a captured frame down to its TCP segment: link layers Ethernet (with 802.1Q/802.1ad tags), Linux
 * cooked (SLL, SLL2), raw IP, BSD loopback (NULL, LOOP); IPv4 and IPv6 (extension headers skipped). Fragments,
 * non-IP and non-TCP packets are counted and skipped. Never throws on bad input: every length is checked.
 */
public final class PacketDecoder {
  public static final int LINKTYPE_NULL = 0;
  public static final int LINKTYPE_ETHERNET = 1;
  public static final int LINKTYPE_RAW = 101;
  public static final int LINKTYPE_LOOP = 108;
  public static final int LINKTYPE_LINUX_SLL = 113;
  public static final int LINKTYPE_IPV4 = 228;
  public static final int LINKTYPE_IPV6 = 229;
  public static final int LINKTYPE_LINUX_SLL2 = 276;

  private long unsupportedLink;
  private long notTcp;
  private long fragments;
  private long malformed;

  /**
   * Decodes one frame into {@code out}.
   *
   * @return true when the frame holds a TCP segment ({@code out} is then filled)
   */
  public boolean decode(int linkType, long ts, byte[] b, int off, int len, TcpSegment out) {
    int end = off + len;
    int p;
    int ethType;
    switch (linkType) {
      case LINKTYPE_ETHERNET -> {
        if (len < 14) {
          return bad();
        }
        p = off + 12;
        ethType = u16(b, p);
        p += 2;
        while ((ethType == 0x8100 || ethType == 0x88A8 || ethType == 0x9100) && p + 4 <= end) {
          ethType = u16(b, p + 2);
          p += 4;
        }
      }
      case LINKTYPE_LINUX_SLL -> {
        if (len < 16) {
          return bad();
        }
        ethType = u16(b, off + 14);
        p = off + 16;
      }
      case LINKTYPE_LINUX_SLL2 -> {
        if (len < 20) {
          return bad();
        }
        ethType = u16(b, off);
        p = off + 20;
      }
      case LINKTYPE_NULL, LINKTYPE_LOOP -> {
        if (len < 4) {
          return bad();
        }
        int family = (b[off] & 0xff) | (b[off + 3] & 0xff); // host byte order: the family is in one end byte
        ethType = family == 2 ? 0x0800 : family == 10 || family == 24 || family == 28 || family == 30 ? 0x86DD : -1;
        p = off + 4;
      }
      case LINKTYPE_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6, 12, 14 -> {
        if (len < 1) {
          return bad();
        }
        int v = (b[off] & 0xff) >>> 4;
        ethType = v == 4 ? 0x0800 : v == 6 ? 0x86DD : -1;
        p = off;
      }
      default -> {
        unsupportedLink++;
        return false;
      }
    }
    out.timestampNanos = ts;
    out.data = b;
    if (ethType == 0x0800) {
      return ipv4(b, p, end, out);
    }
    if (ethType == 0x86DD) {
      return ipv6(b, p, end, out);
    }
    notTcp++;
    return false;
  }

  private boolean ipv4(byte[] b, int p, int end, TcpSegment out) {
    if (end - p < 20 || (b[p] & 0xf0) != 0x40) {
      return bad();
    }
    int ihl = (b[p] & 0x0f) * 4;
    int total = u16(b, p + 2);
    if (ihl < 20 || total < ihl || end - p < ihl) {
      return bad();
    }
    int ipEnd = Math.min(end, p + total);
    if ((u16(b, p + 6) & 0x3fff) != 0) {
      fragments++;
      return false;
    }
    if ((b[p + 9] & 0xff) != 6) {
      notTcp++;
      return false;
    }
    out.srcHi = 0;
    out.srcLo = IpAddresses.V4_MAPPED | (u32(b, p + 12) & 0xFFFFFFFFL);
    out.dstHi = 0;
    out.dstLo = IpAddresses.V4_MAPPED | (u32(b, p + 16) & 0xFFFFFFFFL);
    return tcp(b, p + ihl, ipEnd, out);
  }

  private boolean ipv6(byte[] b, int p, int end, TcpSegment out) {
    if (end - p < 40 || (b[p] & 0xf0) != 0x60) {
      return bad();
    }
    int payload = u16(b, p + 4);
    int ipEnd = payload == 0 ? end : Math.min(end, p + 40 + payload);
    int next = b[p + 6] & 0xff;
    out.srcHi = u64(b, p + 8);
    out.srcLo = u64(b, p + 16);
    out.dstHi = u64(b, p + 24);
    out.dstLo = u64(b, p + 32);
    int q = p + 40;
    for (int hops = 0; hops < 8; hops++) {
      switch (next) {
        case 6 -> {
          return tcp(b, q, ipEnd, out);
        }
        case 0, 43, 60 -> {
          if (ipEnd - q < 8) {
            return bad();
          }
          next = b[q] & 0xff;
          q += ((b[q + 1] & 0xff) + 1) * 8;
        }
        case 51 -> {
          if (ipEnd - q < 8) {
            return bad();
          }
          next = b[q] & 0xff;
          q += ((b[q + 1] & 0xff) + 2) * 4;
        }
        case 44 -> {
          fragments++;
          return false;
        }
        default -> {
          notTcp++;
          return false;
        }
      }
    }
    return bad();
  }

  private boolean tcp(byte[] b, int p, int end, TcpSegment out) {
    if (end - p < 20) {
      return bad();
    }
    int dataOffset = ((b[p + 12] & 0xff) >>> 4) * 4;
    if (dataOffset < 20 || end - p < dataOffset) {
      return bad();
    }
    out.srcPort = u16(b, p);
    out.dstPort = u16(b, p + 2);
    out.seq = u32(b, p + 4);
    out.ack = u32(b, p + 8);
    out.flags = b[p + 13] & 0xff;
    out.payloadOffset = p + dataOffset;
    out.payloadLength = end - p - dataOffset;
    return true;
  }

  private boolean bad() {
    malformed++;
    return false;
  }

  private static int u16(byte[] b, int i) {
    return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
  }

  private static int u32(byte[] b, int i) {
    return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
  }

  private static long u64(byte[] b, int i) {
    return (long) u32(b, i) << 32 | (u32(b, i + 4) & 0xFFFFFFFFL);
  }

  /** Frames of a link type this decoder does not know. */
  public long unsupportedLink() {
    return unsupportedLink;
  }

  /** IP packets that are not TCP, and frames that are not IP. */
  public long notTcp() {
    return notTcp;
  }

  /** IP fragments (not reassembled; TLS handshakes are not fragmented at the IP layer in practice). */
  public long fragments() {
    return fragments;
  }

  /** Frames too short or inconsistent to decode. */
  public long malformed() {
    return malformed;
  }
}
