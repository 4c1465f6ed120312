package io.cipherwatch.capture.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.capture.synth.Frames;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketDecoderTest {
  private final PacketDecoder decoder = new PacketDecoder();
  private final TcpSegment s = new TcpSegment();
  private static final byte[] PAYLOAD = {22, 3, 1, 0, 1, 1};

  /** The IPv4 packet (without Ethernet) of a synthetic frame. */
  private static byte[] ipv4() {
    byte[] f = Frames.tcp4(Frames.ip(192, 0, 2, 1), 40000, Frames.ip(10, 0, 0, 1), 5061, 7, 9, 0x18, PAYLOAD, 0,
        PAYLOAD.length);
    return Arrays.copyOfRange(f, 14, f.length);
  }

  private static byte[] join(byte[] head, byte[] tail) {
    byte[] r = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, r, head.length, tail.length);
    return r;
  }

  private void assertSegment(int linkType, byte[] frame) {
    assertTrue(decoder.decode(linkType, 5, frame, 0, frame.length, s), "link type " + linkType);
    assertEquals("192.0.2.1", IpAddresses.format(s.srcHi, s.srcLo));
    assertEquals("10.0.0.1", IpAddresses.format(s.dstHi, s.dstLo));
    assertEquals(40000, s.srcPort);
    assertEquals(5061, s.dstPort);
    assertEquals(7, s.seq);
    assertEquals(PAYLOAD.length, s.payloadLength);
    assertEquals(22, frame[s.payloadOffset]);
  }

  @Test
  void decodesEveryLinkType() {
    byte[] ip = ipv4();
    byte[] eth = new byte[14];
    eth[12] = 0x08;
    assertSegment(PacketDecoder.LINKTYPE_ETHERNET, join(eth, ip));
    byte[] vlan = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0x88, (byte) 0xA8, 0, 5, (byte) 0x81, 0, 0, 7, 8, 0};
    assertSegment(PacketDecoder.LINKTYPE_ETHERNET, join(vlan, ip));
    byte[] sll = new byte[16];
    sll[14] = 0x08;
    assertSegment(PacketDecoder.LINKTYPE_LINUX_SLL, join(sll, ip));
    byte[] sll2 = new byte[20];
    sll2[0] = 0x08;
    assertSegment(PacketDecoder.LINKTYPE_LINUX_SLL2, join(sll2, ip));
    assertSegment(PacketDecoder.LINKTYPE_NULL, join(new byte[] {2, 0, 0, 0}, ip));
    assertSegment(PacketDecoder.LINKTYPE_LOOP, join(new byte[] {0, 0, 0, 2}, ip));
    assertSegment(PacketDecoder.LINKTYPE_RAW, ip);
    assertSegment(PacketDecoder.LINKTYPE_IPV4, ip);
  }

  @Test
  void decodesIpv6WithExtensionHeaders() {
    byte[] tcp = Arrays.copyOfRange(ipv4(), 20, ipv4().length);
    byte[] v6 = new byte[40 + 8 + tcp.length];
    v6[0] = 0x60;
    v6[4] = (byte) ((8 + tcp.length) >>> 8);
    v6[5] = (byte) (8 + tcp.length);
    v6[6] = 0; // hop-by-hop options
    v6[8] = 0x20;
    v6[9] = 0x01;
    v6[10] = 0x0d;
    v6[11] = (byte) 0xb8;
    v6[23] = 1;
    v6[39] = 1; // ::1
    v6[40] = 6; // then TCP
    System.arraycopy(tcp, 0, v6, 48, tcp.length);
    assertTrue(decoder.decode(PacketDecoder.LINKTYPE_RAW, 0, v6, 0, v6.length, s));
    assertEquals("[2001:db8::1]:40000", IpAddresses.withPort(s.srcHi, s.srcLo, s.srcPort));
    assertEquals("::1", IpAddresses.format(s.dstHi, s.dstLo));
    assertEquals(PAYLOAD.length, s.payloadLength);
  }

  @Test
  void skipsAndCountsFragmentsNonTcpAndShortFrames() {
    byte[] frag = ipv4();
    frag[6] = 0x20; // more fragments
    assertFalse(decoder.decode(PacketDecoder.LINKTYPE_RAW, 0, frag, 0, frag.length, s));
    byte[] udp = ipv4();
    udp[9] = 17;
    assertFalse(decoder.decode(PacketDecoder.LINKTYPE_RAW, 0, udp, 0, udp.length, s));
    assertFalse(decoder.decode(PacketDecoder.LINKTYPE_RAW, 0, ipv4(), 0, 30, s));
    assertFalse(decoder.decode(147, 0, ipv4(), 0, 30, s));
    assertEquals(1, decoder.fragments());
    assertEquals(1, decoder.notTcp());
    assertEquals(1, decoder.malformed());
    assertEquals(1, decoder.unsupportedLink());
  }

  @Test
  void formatsAddresses() {
    assertEquals("2001:db8::", IpAddresses.format(0x20010db800000000L, 0));
    assertEquals("::", IpAddresses.format(0, 0));
    assertEquals("2001:0:0:1::1", IpAddresses.format(0x2001000000000001L, 1));
    assertEquals("fe80::1:0:0:1", IpAddresses.format(0xfe80000000000000L, 0x0001000000000001L));
  }
}
