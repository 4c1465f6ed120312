package io.cipherwatch.capture.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class CaptureFileReaderTest {
  private static final byte[] P1 = {1, 2, 3, 4, 5};
  private static final byte[] P2 = {9, 8, 7};

  record Packet(int linkType, long ts, byte[] data) {}

  private static List<Packet> packets = new ArrayList<>();

  private static CaptureFileReader.Result read(byte[] file) throws IOException {
    packets = new ArrayList<>();
    return CaptureFileReader.read("test.pcap", new ByteArrayInputStream(file),
        (lt, ts, b, off, len) -> packets.add(new Packet(lt, ts, Arrays.copyOfRange(b, off, off + len))));
  }

  static byte[] pcap(ByteOrder order, boolean nanos, int linkType) {
    ByteBuffer b = ByteBuffer.allocate(24 + 2 * 16 + P1.length + P2.length).order(order);
    b.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
        .putInt(65535).putInt(linkType);
    b.putInt(1_700_000_000).putInt(nanos ? 123_456_789 : 123_456).putInt(P1.length).putInt(P1.length).put(P1);
    b.putInt(1_700_000_001).putInt(5).putInt(P2.length).putInt(60).put(P2);
    return b.array();
  }

  @Test
  void readsPcapInBothByteOrdersAndResolutions() throws IOException {
    for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
      for (boolean nanos : new boolean[] {false, true}) {
        CaptureFileReader.Result r = read(pcap(order, nanos, 1));
        assertNull(r.problem());
        assertEquals(2, r.packets());
        assertEquals(1_700_000_000_123_456_789L - (nanos ? 0 : 789), packets.get(0).ts());
        assertEquals(1_700_000_001_000_000_000L + (nanos ? 5 : 5000), packets.get(1).ts());
        assertArrayEquals(P1, packets.get(0).data());
        assertArrayEquals(P2, packets.get(1).data());
        assertEquals(1, packets.get(1).linkType());
      }
    }
  }

  @Test
  void readsGzipCompressedCaptures() throws IOException {
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(z)) {
      g.write(pcap(ByteOrder.LITTLE_ENDIAN, false, 113));
    }
    CaptureFileReader.Result r = read(z.toByteArray());
    assertNull(r.problem());
    assertEquals(2, r.packets());
    assertEquals(113, packets.get(0).linkType());
  }

  @Test
  void truncatedOrCorruptFileStopsAtTheLastGoodPacketNamingFileAndOffset() throws IOException {
    byte[] full = pcap(ByteOrder.LITTLE_ENDIAN, false, 1);
    CaptureFileReader.Result r = read(Arrays.copyOf(full, full.length - 1));
    assertEquals(1, r.packets());
    assertEquals("test.pcap: truncated packet at offset 45; stopped after 1 packets", r.problem());
    byte[] corrupt = full.clone();
    ByteBuffer.wrap(corrupt).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 16 + 5 + 8, 0x7fffffff);
    r = read(corrupt);
    assertEquals(1, r.packets());
    assertTrue(r.problem().startsWith("test.pcap: corrupt packet record at offset 45 (captured length"),
        r.problem());
    r = read(new byte[] {1, 2, 3, 4, 5, 6});
    assertTrue(r.problem().contains("not a pcap or pcapng file"), r.problem());
  }

  /** A pcapng file: SHB, two interfaces (Ethernet microseconds, raw IP nanoseconds), EPBs and an SPB. */
  static byte[] pcapng(ByteOrder order) {
    ByteBuffer b = ByteBuffer.allocate(1024).order(order);
    b.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1)
        .putInt(28);
    b.putInt(1).putInt(20).putShort((short) 1).putShort((short) 0).putInt(0).putInt(20);
    // IDB with if_tsresol = 9 (nanoseconds) and an end-of-options
    b.putInt(1).putInt(32).putShort((short) 101).putShort((short) 0).putInt(0)
        .putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3]).putShort((short) 0).putShort((short) 0)
        .putInt(32);
    long us = 1_700_000_000_000_001L;
    b.putInt(6).putInt(32 + 8).putInt(0).putInt((int) (us >>> 32)).putInt((int) us).putInt(5).putInt(5).put(P1)
        .put(new byte[3]).putInt(40);
    long ns = 1_700_000_000_000_000_002L;
    b.putInt(6).putInt(32 + 4).putInt(1).putInt((int) (ns >>> 32)).putInt((int) ns).putInt(3).putInt(3).put(P2)
        .put(new byte[1]).putInt(36);
    b.putInt(3).putInt(16 + 4).putInt(3).put(P2).put(new byte[1]).putInt(20);
    return Arrays.copyOf(b.array(), b.position());
  }

  @Test
  void readsPcapngWithSeveralInterfacesInBothByteOrders() throws IOException {
    for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
      CaptureFileReader.Result r = read(pcapng(order));
      assertNull(r.problem(), r.problem());
      assertEquals(3, r.packets());
      assertEquals(new Packet(1, 1_700_000_000_000_001_000L, P1).toString().split("data")[0],
          packets.get(0).toString().split("data")[0]);
      assertEquals(101, packets.get(1).linkType());
      assertEquals(1_700_000_000_000_000_002L, packets.get(1).ts());
      assertArrayEquals(P2, packets.get(1).data());
      assertEquals(1, packets.get(2).linkType());
      assertArrayEquals(P2, packets.get(2).data());
    }
  }

  @Test
  void corruptPcapngBlockStopsWithOffset() throws IOException {
    byte[] f = pcapng(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putInt(28 + 20 + 32 + 4, 99); // EPB length not a multiple of 4
    CaptureFileReader.Result r = read(f);
    assertEquals(0, r.packets());
    assertEquals("test.pcap: corrupt block (total length 99) at offset 80; stopped after 0 packets", r.problem());
    r = read(Arrays.copyOf(f, 28 + 20 + 16));
    assertTrue(r.problem().contains("truncated block at offset 48"), r.problem());
  }
}
