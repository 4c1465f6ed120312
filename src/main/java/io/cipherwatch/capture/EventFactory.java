package io.cipherwatch.capture;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.capture.endpoint.EndpointTable;
import io.cipherwatch.capture.net.IpAddresses;
import io.cipherwatch.capture.tcp.TcpConnection;
import io.cipherwatch.capture.tls.TlsHandshake;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns an observed handshake into a {@link HandshakeEvent}: direction from the edge listeners (the server side
 * matches one: INBOUND, the remote is the client; else OUTBOUND, the remote is the server), trunkId from the
 * trunk table by the remote address (unmatched: {@code ip:<remote ip>}, counted), and a deterministic eventId
 * (a name-based UUID of the connection, the ClientHello time and random: the same capture gives the same ids).
 */
public final class EventFactory {
  private final String edgeId;
  private final EndpointTable<Boolean> edges;
  private final EndpointTable<String> trunks;
  private final MessageDigest md5;
  private final byte[] idInput = new byte[2 * (16 + 2) + 8 + 32];
  private long unmatched;

  public EventFactory(String edgeId, EndpointTable<Boolean> edges, EndpointTable<String> trunks) {
    this.edgeId = edgeId;
    this.edges = edges;
    this.trunks = trunks;
    try {
      this.md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every Java runtime", e);
    }
  }

  /** The event for {@code h}. */
  public HandshakeEvent event(TlsHandshake h) {
    TcpConnection c = h.connection();
    boolean inbound = edges.match(c.serverHi(), c.serverLo(), c.serverPort()) != null;
    long rHi = inbound ? c.clientHi() : c.serverHi();
    long rLo = inbound ? c.clientLo() : c.serverLo();
    int rPort = inbound ? c.clientPort() : c.serverPort();
    String trunk = trunks.match(rHi, rLo, rPort);
    if (trunk == null) {
      unmatched++;
      trunk = "ip:" + IpAddresses.format(rHi, rLo);
    }
    List<Integer> offered = new ArrayList<>(h.offeredSuites().length);
    for (int s : h.offeredSuites()) {
      offered.add(s);
    }
    return new HandshakeEvent(eventId(h), edgeId, trunk, inbound ? Direction.INBOUND : Direction.OUTBOUND,
        Instant.ofEpochMilli(Math.floorDiv(h.clientHelloNanos(), 1_000_000L)), h.protocolVersion(), offered,
        h.negotiatedSuite() < 0 ? null : h.negotiatedSuite(),
        h.established() ? HandshakeOutcome.ESTABLISHED : HandshakeOutcome.FAILED, h.failureReason(),
        IpAddresses.withPort(rHi, rLo, rPort), h.sni(), null, null);
  }

  private String eventId(TlsHandshake h) {
    TcpConnection c = h.connection();
    int p = 0;
    p = putLong(idInput, p, c.clientHi());
    p = putLong(idInput, p, c.clientLo());
    idInput[p++] = (byte) (c.clientPort() >>> 8);
    idInput[p++] = (byte) c.clientPort();
    p = putLong(idInput, p, c.serverHi());
    p = putLong(idInput, p, c.serverLo());
    idInput[p++] = (byte) (c.serverPort() >>> 8);
    idInput[p++] = (byte) c.serverPort();
    p = putLong(idInput, p, h.clientHelloNanos());
    System.arraycopy(h.clientRandom(), 0, idInput, p, 32);
    byte[] d = md5.digest(idInput);
    d[6] = (byte) ((d[6] & 0x0f) | 0x30); // version 3, name-based
    d[8] = (byte) ((d[8] & 0x3f) | 0x80);
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = msb << 8 | (d[i] & 0xff);
      lsb = lsb << 8 | (d[i + 8] & 0xff);
    }
    return new UUID(msb, lsb).toString();
  }

  private static int putLong(byte[] b, int p, long v) {
    for (int i = 7; i >= 0; i--) {
      b[p++] = (byte) (v >>> (8 * i));
    }
    return p;
  }

  /** Handshakes whose remote matched no trunk. */
  public long unmatched() {
    return unmatched;
  }
}
