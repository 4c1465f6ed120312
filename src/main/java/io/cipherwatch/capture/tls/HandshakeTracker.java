package io.cipherwatch.capture.tls;

import io.cipherwatch.capture.tcp.StreamHandler;
import io.cipherwatch.capture.tcp.TcpConnection;
import java.util.function.Consumer;

/**
 * Follows the TLS handshake of one TCP connection and decides its outcome. ClientHello, then the final
 * ServerHello (a HelloRetryRequest is not final); then ESTABLISHED once the rest of the handshake went by (TLS
 * 1.3: the server's encrypted flight; earlier versions: both sides' ChangeCipherSpec), or FAILED on a plaintext
 * alert (its description name) or when the connection ends first (reset, close, idle timeout). After the
 * decision it asks for no more bytes.
 */
final class HandshakeTracker implements StreamHandler {
  private enum State { AWAIT_CLIENT_HELLO, AWAIT_SERVER_HELLO, AFTER_SERVER_HELLO, DONE }

  private final TcpConnection connection;
  private final TlsStats stats;
  private final Consumer<TlsHandshake> out;
  private final RecordReader client;
  private final RecordReader server;
  private State state = State.AWAIT_CLIENT_HELLO;
  private long timestamp;
  private final Hellos.ClientHello hello = new Hellos.ClientHello();
  private Hellos.ServerHello serverHello;
  private int version;
  private boolean clientCcs;
  private boolean serverCcs;
  private boolean helloRetry;
  private long now;

  HandshakeTracker(TcpConnection connection, TlsStats stats, Consumer<TlsHandshake> out) {
    this.connection = connection;
    this.stats = stats;
    this.out = out;
    this.client = new RecordReader(new Side(true));
    this.server = new RecordReader(new Side(false));
  }

  @Override
  public void data(boolean fromClient, byte[] b, int offset, int length, long timestampNanos) {
    now = timestampNanos;
    if (state == State.DONE) {
      return;
    }
    if (fromClient) {
      client.feed(b, offset, length);
    } else if (state == State.AWAIT_CLIENT_HELLO) {
      stats.notTls++; // the server spoke first: not TLS
      state = State.DONE;
    } else {
      server.feed(b, offset, length);
    }
  }

  @Override
  public void end(End why, long timestampNanos) {
    if (state == State.DONE || why == End.BYTE_CAP) {
      state = State.DONE; // a connection over the byte cap is counted by the TCP layer
      return;
    }
    if (state == State.AWAIT_CLIENT_HELLO) {
      stats.noClientHello++;
    } else {
      switch (why) {
        case CLOSED -> fail("connection_closed");
        case RESET -> fail("tcp_reset");
        case TIMEOUT -> fail("timeout");
        default -> stats.unfinished++;
      }
    }
    state = State.DONE;
  }

  @Override
  public boolean wantsData() {
    return state != State.DONE;
  }

  private void fail(String reason) {
    stats.failed++;
    int attempted = serverHello != null ? version : offeredVersion();
    emit(false, reason, attempted);
  }

  private void established() {
    stats.established++;
    emit(true, null, version);
  }

  private void emit(boolean ok, String reason, int v) {
    state = State.DONE;
    out.accept(new TlsHandshake(connection, timestamp, hello.random, hello.suites, hello.sni,
        Hellos.versionName(v), ok ? serverHello.suite : -1, ok, reason, helloRetry));
  }

  /** The highest non-GREASE version in supported_versions, else the ClientHello's legacy version. */
  private int offeredVersion() {
    int best = -1;
    if (hello.supportedVersions != null) {
      for (int v : hello.supportedVersions) {
        if (!Hellos.isGrease(v) && v > best) {
          best = v;
        }
      }
    }
    return best > 0 ? best : hello.legacyVersion;
  }

  private boolean tls13() {
    return version == 0x0304;
  }

  /** The record listener of one direction. */
  private final class Side implements RecordReader.Listener {
    private final boolean isClient;

    Side(boolean isClient) {
      this.isClient = isClient;
    }

    @Override
    public int record(int type, int recordVersion, int length) {
      if (state == State.AWAIT_CLIENT_HELLO) {
        if (type != 22) {
          stats.notTls++;
          state = State.DONE;
          return RecordReader.SKIP;
        }
        return RecordReader.HANDSHAKE;
      }
      if (state == State.DONE) {
        return RecordReader.SKIP;
      }
      if (type == 21) {
        boolean encrypted = state == State.AFTER_SERVER_HELLO && !tls13() && (isClient ? clientCcs : serverCcs);
        return length == 2 && !encrypted ? RecordReader.ALERT : RecordReader.SKIP;
      }
      if (state == State.AWAIT_SERVER_HELLO) {
        return !isClient && type == 22 ? RecordReader.HANDSHAKE : RecordReader.SKIP;
      }
      if (type == 20 && !tls13()) {
        if (isClient) {
          clientCcs = true;
        } else {
          serverCcs = true;
        }
        if (clientCcs && serverCcs) {
          established();
        }
      } else if (type == 23 && !isClient && tls13()) {
        established();
      }
      return RecordReader.SKIP;
    }

    @Override
    public void message(int type, byte[] b, int offset, int length) {
      if (isClient && state == State.AWAIT_CLIENT_HELLO) {
        if (type != 1) {
          stats.notTls++;
          state = State.DONE;
        } else if (!Hellos.clientHello(b, offset, length, hello)) {
          stats.malformed++;
          state = State.DONE;
        } else {
          timestamp = now;
          state = State.AWAIT_SERVER_HELLO;
        }
      } else if (!isClient && state == State.AWAIT_SERVER_HELLO && type == 2) {
        Hellos.ServerHello sh = new Hellos.ServerHello();
        if (!Hellos.serverHello(b, offset, length, sh)) {
          stats.malformed++;
          state = State.DONE;
        } else if (sh.helloRetry) {
          helloRetry = true;
          stats.helloRetries++;
        } else {
          serverHello = sh;
          version = sh.selectedVersion > 0 ? sh.selectedVersion : sh.legacyVersion;
          state = State.AFTER_SERVER_HELLO;
        }
      }
    }

    @Override
    public void alert(int level, int description) {
      if (state == State.AWAIT_SERVER_HELLO || state == State.AFTER_SERVER_HELLO) {
        fail(Alerts.name(description));
      }
    }

    @Override
    public boolean wantsMessages() {
      return isClient ? state == State.AWAIT_CLIENT_HELLO : state == State.AWAIT_SERVER_HELLO;
    }

    @Override
    public void malformed(String why) {
      if (state == State.AWAIT_CLIENT_HELLO) {
        stats.notTls++;
      } else if (state != State.DONE) {
        stats.malformed++;
      }
      state = State.DONE;
    }
  }
}
