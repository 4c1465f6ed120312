package io.cipherwatch.capture.tls;

import io.cipherwatch.capture.tcp.StreamHandler;
import io.cipherwatch.capture.tcp.TcpConnection;
import java.util.function.Consumer;

/** Opens a {@link HandshakeTracker} for every TCP connection and hands finished handshakes to a consumer. */
public final class TlsDissector implements StreamHandler.Factory {
  private final Consumer<TlsHandshake> out;
  private final TlsStats stats = new TlsStats();

  public TlsDissector(Consumer<TlsHandshake> out) {
    this.out = out;
  }

  @Override
  public StreamHandler open(TcpConnection connection) {
    return new HandshakeTracker(connection, stats, out);
  }

  public TlsStats stats() {
    return stats;
  }
}
