package io.cipherwatch.capture.tls;

/** Counters of the TLS layer over all connections. Not thread-safe (one capture thread). */
public final class TlsStats {
  long established;
  long failed;
  long notTls;
  long malformed;
  long noClientHello;
  long unfinished;
  long helloRetries;

  /** Handshakes that completed. */
  public long established() {
    return established;
  }

  /** Handshakes that failed (alert, reset, close or timeout after the ClientHello). */
  public long failed() {
    return failed;
  }

  /** Connections whose first bytes were not a TLS handshake record. */
  public long notTls() {
    return notTls;
  }

  /** Connections dropped for a malformed record or hello after the start looked like TLS. */
  public long malformed() {
    return malformed;
  }

  /** TLS-port connections that ended before any ClientHello. */
  public long noClientHello() {
    return noClientHello;
  }

  /** Handshakes still undecided when the capture ended. */
  public long unfinished() {
    return unfinished;
  }

  /** HelloRetryRequests seen (the handshake then goes on with a second ClientHello). */
  public long helloRetries() {
    return helloRetries;
  }
}
