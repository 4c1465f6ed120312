package io.cipherwatch.capture.tls;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses ClientHello and ServerHello message bodies: every length is checked against the message, so any byte
 * sequence either parses or is rejected (returns false), never throws.
 */
final class Hellos {
  private static final int EXT_SNI = 0;
  private static final int EXT_SUPPORTED_VERSIONS = 43;
  private static final int MAX_SNI = 255;
  private static final byte[] HELLO_RETRY_RANDOM = {
      (byte) 0xCF, 0x21, (byte) 0xAD, 0x74, (byte) 0xE5, (byte) 0x9A, 0x61, 0x11, (byte) 0xBE, 0x1D, (byte) 0x8C,
      0x02, 0x1E, 0x65, (byte) 0xB8, (byte) 0x91, (byte) 0xC2, (byte) 0xA2, 0x11, 0x16, 0x7A, (byte) 0xBB,
      (byte) 0x8C, 0x5E, 0x07, (byte) 0x9E, 0x09, (byte) 0xE2, (byte) 0xC8, (byte) 0xA8, 0x33, (byte) 0x9C};

  /** What a ClientHello offered. */
  static final class ClientHello {
    int legacyVersion;
    byte[] random;
    int[] suites;
    String sni;
    int[] supportedVersions;
  }

  /** What a ServerHello chose. */
  static final class ServerHello {
    int legacyVersion;
    int suite;
    int selectedVersion = -1;
    boolean helloRetry;
  }

  private Hellos() {}

  /** Parses a ClientHello body into {@code out}; false when it is malformed. */
  static boolean clientHello(byte[] b, int off, int len, ClientHello out) {
    int end = off + len;
    int p = off;
    if (len < 2 + 32 + 1) {
      return false;
    }
    out.legacyVersion = u16(b, p);
    out.random = Arrays.copyOfRange(b, p + 2, p + 34);
    p += 34;
    int sid = b[p] & 0xff;
    p += 1 + sid;
    if (sid > 32 || p + 2 > end) {
      return false;
    }
    int suitesLen = u16(b, p);
    p += 2;
    if (suitesLen < 2 || suitesLen % 2 != 0 || p + suitesLen > end) {
      return false;
    }
    int[] suites = new int[suitesLen / 2];
    for (int i = 0; i < suites.length; i++) {
      suites[i] = u16(b, p + 2 * i);
    }
    out.suites = suites;
    p += suitesLen;
    if (p + 1 > end) {
      return false;
    }
    p += 1 + (b[p] & 0xff);
    if (p > end) {
      return false;
    }
    out.sni = null;
    out.supportedVersions = null;
    if (p == end) {
      return true; // no extensions (SSLv3, early TLS)
    }
    if (p + 2 > end || p + 2 + u16(b, p) > end) {
      return false;
    }
    int extEnd = p + 2 + u16(b, p);
    p += 2;
    while (p + 4 <= extEnd) {
      int type = u16(b, p);
      int elen = u16(b, p + 2);
      int d = p + 4;
      if (d + elen > extEnd) {
        return false;
      }
      if (type == EXT_SNI && elen >= 5) {
        int listEnd = Math.min(d + 2 + u16(b, d), d + elen);
        int q = d + 2;
        while (q + 3 <= listEnd) {
          int nlen = u16(b, q + 1);
          if (q + 3 + nlen > listEnd) {
            return false;
          }
          if (b[q] == 0 && out.sni == null && nlen > 0 && nlen <= MAX_SNI) {
            out.sni = new String(b, q + 3, nlen, StandardCharsets.ISO_8859_1);
          }
          q += 3 + nlen;
        }
      } else if (type == EXT_SUPPORTED_VERSIONS && elen >= 1) {
        int vlen = b[d] & 0xff;
        if (vlen % 2 != 0 || 1 + vlen > elen) {
          return false;
        }
        int[] v = new int[vlen / 2];
        for (int i = 0; i < v.length; i++) {
          v[i] = u16(b, d + 1 + 2 * i);
        }
        out.supportedVersions = v;
      }
      p = d + elen;
    }
    return true;
  }

  /** Parses a ServerHello body into {@code out}; false when it is malformed. */
  static boolean serverHello(byte[] b, int off, int len, ServerHello out) {
    int end = off + len;
    if (len < 2 + 32 + 1) {
      return false;
    }
    out.legacyVersion = u16(b, off);
    out.helloRetry = Arrays.equals(b, off + 2, off + 34, HELLO_RETRY_RANDOM, 0, 32);
    int p = off + 34;
    int sid = b[p] & 0xff;
    p += 1 + sid;
    if (sid > 32 || p + 3 > end) {
      return false;
    }
    out.suite = u16(b, p);
    p += 3;
    out.selectedVersion = -1;
    if (p + 2 > end) {
      return p == end;
    }
    int extEnd = p + 2 + u16(b, p);
    if (extEnd > end) {
      return false;
    }
    p += 2;
    while (p + 4 <= extEnd) {
      int type = u16(b, p);
      int elen = u16(b, p + 2);
      if (p + 4 + elen > extEnd) {
        return false;
      }
      if (type == EXT_SUPPORTED_VERSIONS && elen == 2) {
        out.selectedVersion = u16(b, p + 4);
      }
      p += 4 + elen;
    }
    return true;
  }

  /** The protocol name as the pipeline writes it: {@code TLSv1.2}, {@code TLSv1.3}, {@code SSLv3}. */
  static String versionName(int v) {
    return switch (v) {
      case 0x0300 -> "SSLv3";
      case 0x0301 -> "TLSv1";
      case 0x0302 -> "TLSv1.1";
      case 0x0303 -> "TLSv1.2";
      case 0x0304 -> "TLSv1.3";
      default -> String.format("0x%04X", v);
    };
  }

  /** True for a GREASE value (RFC 8701): 0x?A?A with both bytes equal. */
  static boolean isGrease(int v) {
    return (v & 0x0F0F) == 0x0A0A && (v >>> 8) == (v & 0xff);
  }

  private static int u16(byte[] b, int i) {
    return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
  }
}
