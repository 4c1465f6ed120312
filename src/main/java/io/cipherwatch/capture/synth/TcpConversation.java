package io.cipherwatch.capture.synth;

import java.io.IOException;

/** Writes one TCP connection's frames (handshake, data split at the MSS, close) with consistent sequence numbers. */
public final class TcpConversation {
  /** Receives generated frames. */
  @FunctionalInterface
  public interface FrameSink {
    void frame(long timestampNanos, byte[] frame) throws IOException;
  }

  private static final int SYN = 0x02;
  private static final int ACK = 0x10;
  private static final int PSH = 0x08;
  private static final int FIN = 0x01;
  private static final int RST = 0x04;
  private static final int MSS = 1448;

  private final FrameSink out;
  private final int client;
  private final int clientPort;
  private final int server;
  private final int serverPort;
  private int clientSeq;
  private int serverSeq;
  private long time;

  public TcpConversation(FrameSink out, int client, int clientPort, int server, int serverPort, int clientIsn,
      int serverIsn, long startNanos) {
    this.out = out;
    this.client = client;
    this.clientPort = clientPort;
    this.server = server;
    this.serverPort = serverPort;
    this.clientSeq = clientIsn;
    this.serverSeq = serverIsn;
    this.time = startNanos;
  }

  /** SYN, SYN-ACK, ACK. */
  public TcpConversation open() throws IOException {
    emit(true, clientSeq, 0, SYN, new byte[0], 0, 0);
    clientSeq++;
    emit(false, serverSeq, clientSeq, SYN | ACK, new byte[0], 0, 0);
    serverSeq++;
    emit(true, clientSeq, serverSeq, ACK, new byte[0], 0, 0);
    return this;
  }

  /** Bytes from the client, in MSS-sized segments. */
  public TcpConversation client(byte[] data) throws IOException {
    for (int o = 0; o < data.length; o += MSS) {
      int n = Math.min(MSS, data.length - o);
      emit(true, clientSeq, serverSeq, ACK | PSH, data, o, n);
      clientSeq += n;
    }
    return this;
  }

  /** Bytes from the server, in MSS-sized segments. */
  public TcpConversation server(byte[] data) throws IOException {
    for (int o = 0; o < data.length; o += MSS) {
      int n = Math.min(MSS, data.length - o);
      emit(false, serverSeq, clientSeq, ACK | PSH, data, o, n);
      serverSeq += n;
    }
    return this;
  }

  /** FIN from the client, FIN from the server, last ACK. */
  public void close() throws IOException {
    emit(true, clientSeq, serverSeq, FIN | ACK, new byte[0], 0, 0);
    clientSeq++;
    emit(false, serverSeq, clientSeq, FIN | ACK, new byte[0], 0, 0);
    serverSeq++;
    emit(true, clientSeq, serverSeq, ACK, new byte[0], 0, 0);
  }

  /** RST from the server. */
  public void reset() throws IOException {
    emit(false, serverSeq, clientSeq, RST | ACK, new byte[0], 0, 0);
  }

  /** A raw segment from the client at an explicit sequence number (out-of-order and retransmission tests). */
  public void clientAt(int seq, byte[] data, int off, int len) throws IOException {
    emit(true, seq, serverSeq, ACK | PSH, data, off, len);
  }

  /** The client's next sequence number. */
  public int clientSeq() {
    return clientSeq;
  }

  /** Moves the client's next sequence number (after writing its segments with {@link #clientAt}). */
  public void advanceClient(int bytes) {
    clientSeq += bytes;
  }

  private void emit(boolean fromClient, int seq, int ack, int flags, byte[] data, int off, int len)
      throws IOException {
    time += 20_000; // 20 us between frames
    byte[] f = fromClient ? Frames.tcp4(client, clientPort, server, serverPort, seq, ack, flags, data, off, len)
        : Frames.tcp4(server, serverPort, client, clientPort, seq, ack, flags, data, off, len);
    out.frame(time, f);
  }

  /** Capture time of the last frame. */
  public long time() {
    return time;
  }
}
