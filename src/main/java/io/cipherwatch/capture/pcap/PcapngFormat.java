package io.cipherwatch.capture.pcap;

import java.io.IOException;
import java.util.Arrays;

/**
 * The pcapng format: sections (SHB) in either byte order, interface descriptions (IDB, with their link type,
 * snap length and timestamp resolution), enhanced, simple and obsolete packet blocks; other blocks are skipped.
 */
final class PcapngFormat {
  private static final long SHB = 0x0A0D0D0AL;
  private static final int IDB = 1;
  private static final int OPB = 2;
  private static final int SPB = 3;
  private static final int EPB = 6;
  private static final int MAX_INTERFACES = 1024;

  private final String name;
  private final ByteWindow w;
  private final PacketHandler handler;
  private boolean be;
  private int interfaces;
  private int[] linkTypes = new int[4];
  private long[] snapLens = new long[4];
  /** Per interface: timestamp units per second, or -1 when the resolution is a power of 2 (then in tsShift). */
  private long[] unitsPerSecond = new long[4];
  private int[] tsShift = new int[4];
  private long lastTimestamp;
  private long packets;

  PcapngFormat(String name, ByteWindow w, PacketHandler handler) {
    this.name = name;
    this.w = w;
    this.handler = handler;
  }

  CaptureFileReader.Result read() throws IOException {
    boolean first = true;
    while (true) {
      long at = w.offset();
      if (w.atEnd()) {
        return new CaptureFileReader.Result(packets, null);
      }
      if (!w.ensure(12)) {
        return stop("truncated block header", at);
      }
      byte[] b = w.buffer();
      int p = w.position();
      long type = Bytes.u32(b, p, be);
      if (Bytes.u32(b, p, true) == SHB) {
        long magic = Bytes.u32(b, p + 8, true);
        if (magic != 0x1A2B3C4DL && magic != 0x4D3C2B1AL) {
          return stop("corrupt section header (byte-order magic 0x" + Long.toHexString(magic) + ")", at);
        }
        be = magic == 0x1A2B3C4DL;
        interfaces = 0;
        type = SHB;
      } else if (first) {
        return stop("missing section header block", at);
      }
      first = false;
      long total = Bytes.u32(b, p + 4, be);
      if (total < 12 || total % 4 != 0 || total > CaptureFileReader.MAX_BLOCK) {
        return stop("corrupt block (total length " + total + ")", at);
      }
      int len = (int) total;
      if (!w.ensure(len)) {
        return stop("truncated block", at);
      }
      b = w.buffer();
      p = w.position();
      if (Bytes.u32(b, p + len - 4, be) != total) {
        return stop("corrupt block (trailing length does not match " + total + ")", at);
      }
      String problem = type == SHB ? null : block((int) type, b, p, len);
      if (problem != null) {
        return stop(problem, at);
      }
      w.skip(len);
    }
  }

  private CaptureFileReader.Result stop(String what, long at) {
    return new CaptureFileReader.Result(packets, name + ": " + what + " at offset " + at + "; stopped after "
        + packets + " packets");
  }

  /** Handles one block other than a section header; returns a problem or null. */
  private String block(int type, byte[] b, int p, int len) {
    switch (type) {
      case IDB -> {
        if (len < 20) {
          return "corrupt interface description block";
        }
        return addInterface(b, p, len);
      }
      case EPB -> {
        if (len < 32) {
          return "corrupt enhanced packet block";
        }
        long iface = Bytes.u32(b, p + 8, be);
        long caplen = Bytes.u32(b, p + 20, be);
        if (iface >= interfaces) {
          return "packet block for undeclared interface " + iface;
        }
        if (caplen > len - 32) {
          return "corrupt enhanced packet block (captured length " + caplen + ")";
        }
        long ts = Bytes.u32(b, p + 12, be) << 32 | Bytes.u32(b, p + 16, be);
        deliver((int) iface, ts, b, p + 28, (int) caplen);
      }
      case OPB -> {
        if (len < 32) {
          return "corrupt packet block";
        }
        int iface = Bytes.u16(b, p + 8, be);
        long caplen = Bytes.u32(b, p + 20, be);
        if (iface >= interfaces || caplen > len - 32) {
          return "corrupt packet block";
        }
        long ts = Bytes.u32(b, p + 12, be) << 32 | Bytes.u32(b, p + 16, be);
        deliver(iface, ts, b, p + 28, (int) caplen);
      }
      case SPB -> {
        if (len < 16 || interfaces == 0) {
          return "corrupt simple packet block";
        }
        long orig = Bytes.u32(b, p + 8, be);
        long caplen = Math.min(orig, len - 16);
        if (snapLens[0] > 0) {
          caplen = Math.min(caplen, snapLens[0]);
        }
        handler.packet(linkTypes[0], lastTimestamp, b, p + 12, (int) caplen);
        packets++;
      }
      default -> {
        // name resolution, statistics, custom and decryption-secrets blocks carry no packets
      }
    }
    return null;
  }

  private String addInterface(byte[] b, int p, int len) {
    if (interfaces == MAX_INTERFACES) {
      return "more than " + MAX_INTERFACES + " interfaces";
    }
    if (interfaces == linkTypes.length) {
      int n = interfaces * 2;
      linkTypes = Arrays.copyOf(linkTypes, n);
      snapLens = Arrays.copyOf(snapLens, n);
      unitsPerSecond = Arrays.copyOf(unitsPerSecond, n);
      tsShift = Arrays.copyOf(tsShift, n);
    }
    int i = interfaces++;
    linkTypes[i] = Bytes.u16(b, p + 8, be);
    snapLens[i] = Bytes.u32(b, p + 12, be);
    unitsPerSecond[i] = 1_000_000L;
    int o = p + 16;
    int end = p + len - 4;
    while (o + 4 <= end) {
      int code = Bytes.u16(b, o, be);
      int olen = Bytes.u16(b, o + 2, be);
      if (code == 0 || o + 4 + olen > end) {
        break;
      }
      if (code == 9 && olen >= 1) {
        int v = b[o + 4] & 0xff;
        if ((v & 0x80) != 0) {
          unitsPerSecond[i] = -1;
          tsShift[i] = Math.min(v & 0x7f, 62);
        } else if (v <= 18) {
          unitsPerSecond[i] = pow10(v);
        } else {
          return "interface timestamp resolution 10^-" + v + " not supported";
        }
      }
      o += 4 + ((olen + 3) & ~3);
    }
    return null;
  }

  private void deliver(int iface, long ts, byte[] b, int off, int caplen) {
    long units = unitsPerSecond[iface];
    long nanos;
    if (units == 1_000_000L) {
      nanos = ts * 1000;
    } else if (units > 0) {
      nanos = units >= 1_000_000_000L ? ts / (units / 1_000_000_000L)
          : (ts / units) * 1_000_000_000L + (ts % units) * (1_000_000_000L / units);
    } else {
      int s = tsShift[iface];
      long whole = ts >>> s;
      long frac = ts & ((1L << s) - 1);
      nanos = whole * 1_000_000_000L + (long) (frac * (1e9 / (1L << s)));
    }
    lastTimestamp = nanos;
    handler.packet(linkTypes[iface], nanos, b, off, caplen);
    packets++;
  }

  private static long pow10(int v) {
    long r = 1;
    for (int k = 0; k < v; k++) {
      r *= 10;
    }
    return r;
  }
}
