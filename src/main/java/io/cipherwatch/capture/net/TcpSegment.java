package io.cipherwatch.capture.net;

/**
 * One decoded TCP segment, a mutable view reused for every packet: addresses as two longs each (IPv4 as
 * IPv4-mapped IPv6), ports, sequence numbers, flags and where the payload lies in the packet buffer.
 */
public final class TcpSegment {
  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int ACK = 0x10;

  public long timestampNanos;
  public long srcHi;
  public long srcLo;
  public long dstHi;
  public long dstLo;
  public int srcPort;
  public int dstPort;
  public int seq;
  public int ack;
  public int flags;
  public byte[] data;
  public int payloadOffset;
  public int payloadLength;

  public boolean has(int flag) {
    return (flags & flag) != 0;
  }
}
