package io.cipherwatch.capture.pcap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes a classic pcap file (nanosecond timestamps, little-endian); used by the benchmark's generator. */
public final class PcapWriter implements AutoCloseable {
  private final OutputStream out;
  private final ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);

  /** Writes the file header for {@code linkType}. */
  public PcapWriter(OutputStream out, int linkType) throws IOException {
    this.out = new BufferedOutputStream(out, 1 << 16);
    ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(0xA1B23C4D).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(linkType);
    this.out.write(h.array());
  }

  /** Writes one packet captured at {@code timestampNanos}. */
  public void packet(long timestampNanos, byte[] data, int offset, int length) throws IOException {
    header.clear();
    header.putInt((int) (timestampNanos / 1_000_000_000L)).putInt((int) (timestampNanos % 1_000_000_000L))
        .putInt(length).putInt(length);
    out.write(header.array());
    out.write(data, offset, length);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
