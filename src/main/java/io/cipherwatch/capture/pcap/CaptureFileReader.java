package io.cipherwatch.capture.pcap;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads a pcap or pcapng file (optionally gzip-compressed; detected from the first bytes, not the name) and
 * hands every packet to a {@link PacketHandler}. A truncated or corrupt file is not an exception: reading stops
 * at the last good packet and the {@link Result} says where and why.
 */
public final class CaptureFileReader {
  /** Largest packet accepted (jumbo frames, TSO/GRO segments as captured on Linux). */
  static final int MAX_PACKET = 256 * 1024;
  /** Largest pcapng block accepted. */
  static final int MAX_BLOCK = MAX_PACKET + 64 * 1024;
  private static final int WINDOW = 1 << 20;

  /**
   * What reading one file did.
   *
   * @param packets packets handed over
   * @param problem null when the file was read to its end; else what was wrong, naming the file and offset
   */
  public record Result(long packets, String problem) {}

  private CaptureFileReader() {}

  /** Reads {@code file} to its end (or to its first corrupt byte). */
  public static Result read(Path file, PacketHandler handler) throws IOException {
    try (InputStream raw = Files.newInputStream(file)) {
      return read(file.toString(), raw, handler);
    }
  }

  /** Reads a capture from a stream; {@code name} names it in problems. */
  public static Result read(String name, InputStream raw, PacketHandler handler) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 2);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    InputStream body = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    ByteWindow w = new ByteWindow(body, WINDOW);
    if (!w.ensure(4)) {
      return new Result(0, name + ": not a pcap or pcapng file (fewer than 4 bytes)");
    }
    byte[] b = w.buffer();
    int p = w.position();
    long magicBe = Bytes.u32(b, p, true);
    if (magicBe == 0x0A0D0D0AL) {
      return new PcapngFormat(name, w, handler).read();
    }
    if (magicBe == 0xA1B2C3D4L || magicBe == 0xA1B23C4DL || magicBe == 0xD4C3B2A1L || magicBe == 0x4D3CB2A1L) {
      return new PcapFormat(name, w, handler).read();
    }
    return new Result(0, name + ": not a pcap or pcapng file (starts with 0x" + Long.toHexString(magicBe)
        + "); write captures with tcpdump -w or dumpcap");
  }
}
