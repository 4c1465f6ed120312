package io.cipherwatch.capture;

import static io.cipherwatch.capture.synth.TlsBytes.alert;
import static io.cipherwatch.capture.synth.TlsBytes.clientHello;
import static io.cipherwatch.capture.synth.TlsBytes.concat;
import static io.cipherwatch.capture.synth.TlsBytes.handshake;
import static io.cipherwatch.capture.synth.TlsBytes.record;
import static io.cipherwatch.capture.synth.TlsBytes.serverHello;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.capture.endpoint.AddressPattern;
import io.cipherwatch.capture.endpoint.EndpointTable;
import io.cipherwatch.capture.synth.TcpConversation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeCaptureTest {
  private static final int[] OFFER = {0x3A3A, 0xC028, 0x003D, 0xC02F, 0x1301};
  private static final byte[] RANDOM = new byte[32];
  private static final byte[] CCS = record(20, 0x0303, new byte[] {1});
  private static final byte[] FINISHED = record(22, 0x0303, new byte[40]);

  static {
    Arrays.fill(RANDOM, (byte) 7);
  }

  private static byte[] ch12() {
    return record(22, 0x0301, clientHello(RANDOM, OFFER, "sip.carrier.example", null, 0));
  }

  private static void tls12(TcpConversation c, byte[] clientHelloBytes, int chosen) throws Exception {
    c.client(clientHelloBytes);
    c.server(record(22, 0x0303, concat(serverHello(RANDOM, chosen, 0, false), handshake(11, new byte[1500]),
        handshake(14, new byte[0]))));
    c.client(concat(record(22, 0x0303, handshake(16, new byte[66])), CCS, FINISHED));
    c.server(concat(CCS, FINISHED));
  }

  @Test
  void tls12HandshakeBecomesOneInboundEvent() throws Exception {
    Traffic t = new Traffic();
    TcpConversation c = t.conversation(5, Traffic.START).open();
    tls12(c, ch12(), 0xC028);
    c.close();
    EndpointTable<String> trunks = new EndpointTable<>();
    trunks.put(AddressPattern.parse("192.0.2.0/24"), "carrier-a");
    Traffic.Run run = t.run(trunks);
    HandshakeEvent e = run.only();
    assertEquals(List.of(0x3A3A, 0xC028, 0x003D, 0xC02F, 0x1301), e.getOfferedCipherSuites());
    assertEquals(0xC028, e.getNegotiatedCipherSuite());
    assertEquals(HandshakeOutcome.ESTABLISHED, e.getOutcome());
    assertEquals("TLSv1.2", e.getProtocolVersion());
    assertEquals("sip.carrier.example", e.getSni());
    assertEquals(Direction.INBOUND, e.getDirection());
    assertEquals("192.0.2.5:40005", e.getRemoteAddress());
    assertEquals("carrier-a", e.getTrunkId());
    assertEquals("edge-1", e.getEdgeId());
    assertNull(e.getFailureReason());
    // the ClientHello is the 4th frame; frames are 20 us apart
    assertEquals(Instant.ofEpochMilli((Traffic.START + 4 * 20_000) / 1_000_000), e.getTimestamp());
    assertEquals(1, run.summary().connections());
    assertEquals(0, run.summary().unmatched());
  }

  @Test
  void tls13AfterHelloRetryRequestUsesTheFinalServerHello() throws Exception {
    Traffic t = new Traffic();
    TcpConversation c = t.conversation(6, Traffic.START).open();
    int[] versions = {0x0A0A, 0x0304, 0x0303};
    c.client(record(22, 0x0301, clientHello(RANDOM, new int[] {0x1301, 0x1302}, null, versions, 0)));
    c.server(concat(record(22, 0x0303, serverHello(RANDOM, 0x1302, 0x0304, true)), CCS));
    c.client(concat(CCS, record(22, 0x0303, clientHello(RANDOM, new int[] {0x1301, 0x1302}, null, versions, 0))));
    c.server(concat(record(22, 0x0303, serverHello(RANDOM, 0x1301, 0x0304, false)), record(23, 0x0303,
        new byte[900])));
    c.close();
    Traffic.Run run = t.run();
    HandshakeEvent e = run.only();
    assertEquals(0x1301, e.getNegotiatedCipherSuite());
    assertEquals("TLSv1.3", e.getProtocolVersion());
    assertEquals(HandshakeOutcome.ESTABLISHED, e.getOutcome());
    assertEquals("ip:192.0.2.6", e.getTrunkId());
    assertEquals(1, run.summary().unmatched());
  }

  @Test
  void alertAfterClientHelloIsAFailureNamedByItsDescription() throws Exception {
    Traffic t = new Traffic();
    TcpConversation c = t.conversation(7, Traffic.START).open();
    c.client(ch12());
    c.server(alert(2, 40));
    c.close();
    HandshakeEvent e = t.run().only();
    assertEquals(HandshakeOutcome.FAILED, e.getOutcome());
    assertEquals("handshake_failure", e.getFailureReason());
    assertNull(e.getNegotiatedCipherSuite());
    assertEquals("TLSv1.2", e.getProtocolVersion()); // the legacy version offered
  }

  @Test
  void connectionEndingBeforeServerHelloFailsWithResetCloseOrTimeout() throws Exception {
    Traffic t = new Traffic();
    t.conversation(1, Traffic.START).open().client(ch12()).reset();
    TcpConversation closed = t.conversation(2, Traffic.START + 1_000_000);
    closed.open().client(ch12());
    closed.close();
    t.conversation(3, Traffic.START + 2_000_000).open().client(ch12()); // then silence
    // another connection 40 s later moves the capture clock past the 30 s timeout
    TcpConversation later = t.conversation(4, Traffic.START + 40_000_000_000L).open();
    tls12(later, ch12(), 0xC02F);
    later.close();
    List<HandshakeEvent> events = t.run().events();
    assertEquals(List.of("tcp_reset", "connection_closed", "timeout"),
        events.subList(0, 3).stream().map(HandshakeEvent::getFailureReason).toList());
    assertEquals(HandshakeOutcome.ESTABLISHED, events.get(3).getOutcome());
  }

  @Test
  void outOfOrderRetransmittedAndSplitSegmentsAreReassembled() throws Exception {
    byte[] big = record(22, 0x0301, clientHello(RANDOM, suites(600), "sip.example", null, 300));
    assertTrue(big.length > 1500);
    Traffic t = new Traffic();
    TcpConversation c = t.conversation(8, Traffic.START).open();
    int seq = c.clientSeq();
    int a = 500;
    int b = 1100;
    c.clientAt(seq + b, big, b, big.length - b); // third part first
    c.clientAt(seq, big, 0, a);
    c.clientAt(seq, big, 0, a); // retransmission
    c.clientAt(seq + 200, big, 200, b - 200); // overlaps the first part
    c.advanceClient(big.length);
    c.server(concat(record(22, 0x0303, serverHello(RANDOM, 0x003D, 0, false)), CCS, FINISHED));
    c.client(concat(CCS, FINISHED));
    c.close();
    HandshakeEvent e = t.run().only();
    assertEquals(600, e.getOfferedCipherSuites().size());
    assertEquals(0x003D, e.getNegotiatedCipherSuite());
    assertEquals(HandshakeOutcome.ESTABLISHED, e.getOutcome());
  }

  @Test
  void handshakeMessageSpreadOverRecordsAndRecordsSharingASegment() throws Exception {
    byte[] msg = clientHello(RANDOM, OFFER, "sip.example", new int[] {0x0303}, 0);
    byte[] twoRecords = concat(record(22, 0x0301, Arrays.copyOfRange(msg, 0, 3)),
        record(22, 0x0301, Arrays.copyOfRange(msg, 3, 60)), record(22, 0x0301, Arrays.copyOfRange(msg, 60,
            msg.length)));
    Traffic t = new Traffic();
    TcpConversation c = t.conversation(9, Traffic.START).open();
    int seq = c.clientSeq();
    for (int i = 0; i < twoRecords.length; i += 7) { // 7-byte segments: headers split too
      c.clientAt(seq + i, twoRecords, i, Math.min(7, twoRecords.length - i));
    }
    c.advanceClient(twoRecords.length);
    c.server(concat(record(22, 0x0303, serverHello(RANDOM, 0xC02F, 0, false)), CCS, FINISHED));
    c.client(concat(CCS, FINISHED));
    c.close();
    HandshakeEvent e = t.run().only();
    assertEquals(List.of(0x3A3A, 0xC028, 0x003D, 0xC02F, 0x1301), e.getOfferedCipherSuites());
    assertEquals("sip.example", e.getSni());
    assertEquals(HandshakeOutcome.ESTABLISHED, e.getOutcome());
  }

  @Test
  void partialAndNonTlsConnectionsAreSkippedAndCounted() throws Exception {
    Traffic t = new Traffic();
    TcpConversation partial = t.conversation(10, Traffic.START);
    partial.client(ch12()); // no SYN captured
    TcpConversation sip = t.conversation(11, Traffic.START).open();
    sip.client("OPTIONS sip:edge SIP/2.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    sip.close();
    TcpConversation absurd = t.conversation(12, Traffic.START).open();
    absurd.client(new byte[] {22, 3, 3, (byte) 0xff, (byte) 0xff, 1, 2, 3});
    absurd.close();
    Traffic.Run run = t.run();
    assertEquals(List.of(), run.events());
    assertEquals(1, run.summary().partial());
    assertEquals(2, run.summary().notTls());
    assertEquals(2, run.summary().connections());
  }

  @Test
  void outboundHandshakeHasTheServerAsRemoteAndSameCaptureGivesSameIds() throws Exception {
    Traffic t = new Traffic();
    TcpConversation out = new TcpConversation(t.sink, Traffic.EDGE, 50000, 0xC6336401, 5061, 1, 2, Traffic.START)
        .open();
    tls12(out, ch12(), 0x003D);
    out.close();
    HandshakeEvent e = t.run().only();
    assertEquals(Direction.OUTBOUND, e.getDirection());
    assertEquals("198.51.100.1:5061", e.getRemoteAddress());
    assertEquals(e.getEventId(), t.run().only().getEventId());
  }

  @Test
  void connectionHoldingTooManyOutOfOrderBytesIsDroppedAndCounted() throws Exception {
    Traffic t = new Traffic();
    TcpConversation c = t.conversation(13, Traffic.START).open();
    int seq = c.clientSeq();
    byte[] chunk = new byte[1400];
    for (int i = 1; i <= 200; i++) { // 280 KB after a gap that never fills
      c.clientAt(seq + 10 + i * chunk.length, chunk, 0, chunk.length);
    }
    TcpConversation next = t.conversation(14, Traffic.START + 1_000_000).open();
    tls12(next, ch12(), 0xC02F);
    next.close();
    Traffic.Run run = t.run();
    assertEquals(1, run.summary().dropped());
    assertEquals(1, run.events().size());
  }

  private static int[] suites(int n) {
    int[] s = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = 0x0100 + i;
    }
    s[n - 1] = 0x003D;
    return s;
  }
}
