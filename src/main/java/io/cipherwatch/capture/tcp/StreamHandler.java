package io.cipherwatch.capture.tcp;

/** Consumes the reassembled bytes of one TCP connection, both directions, in order. */
public interface StreamHandler {
  /** Why a connection ended. */
  enum End { CLOSED, RESET, TIMEOUT, BYTE_CAP, END_OF_CAPTURE }

  /** In-order bytes from the client ({@code fromClient}) or the server; valid only during the call. */
  void data(boolean fromClient, byte[] b, int offset, int length, long timestampNanos);

  /** The connection ended (called once). */
  void end(End why, long timestampNanos);

  /** False once the handler needs no more bytes: the reassembler then stops buffering this connection. */
  boolean wantsData();

  /** Opens a handler for each new connection. */
  @FunctionalInterface
  interface Factory {
    StreamHandler open(TcpConnection connection);
  }
}
