package io.cipherwatch.capture.endpoint;

import io.cipherwatch.capture.net.IpAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address pattern: {@code ip}, {@code ip:port}, {@code cidr} or {@code cidr:port}, IPv4 or IPv6 (IPv6 with a
 * port in brackets: {@code [2001:db8::1]:5061}, {@code [2001:db8::/32]:5061}). Held as a prefix of the 128-bit
 * IPv4-mapped address space.
 *
 * @param hi upper 64 bits, masked to the prefix
 * @param lo lower 64 bits, masked to the prefix
 * @param prefix prefix length in bits, 0..128
 * @param port the port, or -1 for any
 */
public record AddressPattern(long hi, long lo, int prefix, int port) {

  /**
   * Parses a pattern.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static AddressPattern parse(String text) {
    String s = text.trim();
    int port = -1;
    String addr = s;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw bad(text, "missing ']'");
      }
      addr = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw bad(text, "expected ':port' after ']'");
        }
        port = port(text, rest.substring(1));
      }
    } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
      addr = s.substring(0, s.indexOf(':'));
      port = port(text, s.substring(s.indexOf(':') + 1));
    }
    int prefix = -1;
    int slash = addr.indexOf('/');
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(addr.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw bad(text, "the prefix length is not a number");
      }
      addr = addr.substring(0, slash);
    }
    boolean v4 = !addr.isEmpty() && addr.chars().allMatch(c -> c >= '0' && c <= '9' || c == '.');
    boolean v6 = addr.indexOf(':') >= 0
        && addr.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
    if (!v4 && !v6) {
      throw bad(text, "not an IP address (host names are not resolved)");
    }
    byte[] raw;
    try {
      raw = InetAddress.getByName(addr).getAddress();
    } catch (UnknownHostException e) {
      throw bad(text, "not an IP address");
    }
    long hi = 0;
    long lo;
    int max;
    if (raw.length == 4) {
      lo = IpAddresses.V4_MAPPED | ((raw[0] & 0xffL) << 24 | (raw[1] & 0xff) << 16 | (raw[2] & 0xff) << 8
          | (raw[3] & 0xff));
      max = 32;
    } else {
      lo = 0;
      for (int i = 0; i < 8; i++) {
        hi = hi << 8 | (raw[i] & 0xff);
        lo = lo << 8 | (raw[i + 8] & 0xff);
      }
      max = 128;
    }
    if (prefix < 0) {
      prefix = max;
    } else if (prefix > max) {
      throw bad(text, "prefix length " + prefix + " exceeds " + max);
    }
    int bits = raw.length == 4 ? prefix + 96 : prefix;
    return new AddressPattern(mask(hi, lo, bits)[0], mask(hi, lo, bits)[1], bits, port);
  }

  /** Masks an address to its first {@code bits} bits: {hi, lo}. */
  static long[] mask(long hi, long lo, int bits) {
    long mh = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
    long ml = bits <= 64 ? 0 : bits >= 128 ? -1L : -1L << (128 - bits);
    return new long[] {hi & mh, lo & ml};
  }

  private static int port(String text, String p) {
    try {
      int v = Integer.parseInt(p);
      if (v < 0 || v > 65535) {
        throw bad(text, "port " + v + " is out of range");
      }
      return v;
    } catch (NumberFormatException e) {
      throw bad(text, "the port is not a number");
    }
  }

  private static IllegalArgumentException bad(String text, String why) {
    return new IllegalArgumentException("'" + text + "' is not an ip, ip:port or CIDR address: " + why);
  }
}
