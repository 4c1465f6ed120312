package io.cipherwatch.capture.tcp;

import io.cipherwatch.capture.net.IpAddresses;

/** The two ends of a TCP connection: the client sent the SYN. Addresses as two longs (see {@link IpAddresses}). */
public record TcpConnection(long clientHi, long clientLo, int clientPort, long serverHi, long serverLo,
    int serverPort) {
  @Override
  public String toString() {
    return IpAddresses.withPort(clientHi, clientLo, clientPort) + " -> "
        + IpAddresses.withPort(serverHi, serverLo, serverPort);
  }
}
