package io.cipherwatch.policy;

/** What one handshake says about the deprecation risk of its trunk and direction. */
public enum Classification {
  /** The handshake did not complete. */
  FAILED,
  /** A deprecated suite was negotiated and the peer supports nothing better: breaks at removal. */
  DEPRECATED_ONLY,
  /** Inbound: the remote ranks a deprecated suite above a supported alternative it also offers. */
  PREFERS_DEPRECATED,
  /** Inbound: a deprecated suite is offered but a non-deprecated one was negotiated (hygiene only). */
  OFFERS_DEPRECATED,
  /** Nothing deprecated offered or negotiated. */
  CLEAN;

  private static final Classification[] VALUES = values();

  /** Enum constant by ordinal, without allocating a values() copy. */
  public static Classification ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }
}
