package io.cipherwatch.capture.tls;

import io.cipherwatch.capture.tcp.TcpConnection;

/**
 * One observed TLS handshake, as the wire showed it.
 *
 * @param connection client and server ends
 * @param clientHelloNanos capture time of the (first) ClientHello, nanoseconds since the epoch
 * @param clientRandom the ClientHello random (32 bytes)
 * @param offeredSuites the ClientHello cipher suites in the client's order, GREASE values kept
 * @param sni the server name requested, or null
 * @param protocolVersion the negotiated version, or the highest one offered when no ServerHello was seen
 * @param negotiatedSuite the final ServerHello's suite, or -1 when the handshake failed
 * @param established whether the handshake completed
 * @param failureReason for a failed handshake: alert description name, {@code tcp_reset},
 *     {@code connection_closed} or {@code timeout}; else null
 * @param helloRetry whether the server asked for a second ClientHello (TLS 1.3 HelloRetryRequest)
 */
public record TlsHandshake(TcpConnection connection, long clientHelloNanos, byte[] clientRandom,
    int[] offeredSuites, String sni, String protocolVersion, int negotiatedSuite, boolean established,
    String failureReason, boolean helloRetry) {}
