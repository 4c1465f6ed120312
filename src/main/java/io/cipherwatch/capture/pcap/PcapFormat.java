package io.cipherwatch.capture.pcap;

import java.io.IOException;

/** The classic libpcap format: either byte order, microsecond or nanosecond timestamps. */
final class PcapFormat {
  private final String name;
  private final ByteWindow w;
  private final PacketHandler handler;

  PcapFormat(String name, ByteWindow w, PacketHandler handler) {
    this.name = name;
    this.w = w;
    this.handler = handler;
  }

  CaptureFileReader.Result read() throws IOException {
    if (!w.ensure(24)) {
      return new CaptureFileReader.Result(0, name + ": truncated pcap header at offset 0");
    }
    byte[] b = w.buffer();
    int p = w.position();
    long magic = Bytes.u32(b, p, true);
    boolean be = magic == 0xA1B2C3D4L || magic == 0xA1B23C4DL;
    boolean nanos = magic == 0xA1B23C4DL || magic == 0x4D3CB2A1L;
    int linkType = (int) (Bytes.u32(b, p + 20, be) & 0x0FFFFFFF);
    w.skip(24);
    long packets = 0;
    while (true) {
      long at = w.offset();
      if (w.atEnd()) {
        return new CaptureFileReader.Result(packets, null);
      }
      if (!w.ensure(16)) {
        return new CaptureFileReader.Result(packets, name + ": truncated packet header at offset " + at
            + "; stopped after " + packets + " packets");
      }
      b = w.buffer();
      p = w.position();
      long sec = Bytes.u32(b, p, be);
      long frac = Bytes.u32(b, p + 4, be);
      long incl = Bytes.u32(b, p + 8, be);
      if (incl > CaptureFileReader.MAX_PACKET || frac >= (nanos ? 1_000_000_000L : 1_000_000L)) {
        return new CaptureFileReader.Result(packets, name + ": corrupt packet record at offset " + at
            + (incl > CaptureFileReader.MAX_PACKET ? " (captured length " + incl + " is absurd)"
                : " (timestamp fraction " + frac + " out of range)") + "; stopped after " + packets + " packets");
      }
      if (!w.ensure(16 + (int) incl)) {
        return new CaptureFileReader.Result(packets, name + ": truncated packet at offset " + at
            + "; stopped after " + packets + " packets");
      }
      b = w.buffer();
      p = w.position();
      long ts = sec * 1_000_000_000L + (nanos ? frac : frac * 1000);
      handler.packet(linkType, ts, b, p + 16, (int) incl);
      packets++;
      w.skip(16 + (int) incl);
    }
  }
}
