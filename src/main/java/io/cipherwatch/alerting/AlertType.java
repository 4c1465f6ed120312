package io.cipherwatch.alerting;

/**
 * What a deprecation-risk alert is about. The declaration order is the fixed order in which the
 * engine emits transitions of one handshake (resolutions first, then openings, each in this order).
 */
public enum AlertType {
  /** A deprecated suite was negotiated and the peer supports nothing better. */
  DEPRECATED_ONLY(Severity.CRITICAL),
  /** The remote ranks a deprecated suite above a supported alternative it also offers. */
  PREFERS_DEPRECATED(Severity.WARNING),
  /** A trunk observed clean for a while negotiates a deprecated suite again. */
  REGRESSION(Severity.CRITICAL),
  /** Many failed handshakes over the trailing failures window. */
  HANDSHAKE_FAILURES(Severity.CRITICAL);

  private static final AlertType[] VALUES = values();

  private final Severity severity;

  AlertType(Severity severity) {
    this.severity = severity;
  }

  /** The fixed severity of this alert type. */
  public Severity severity() {
    return severity;
  }

  /** Enum constant by ordinal, without allocating a values() copy. */
  static AlertType ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }

  /** Number of alert types. */
  static int count() {
    return VALUES.length;
  }
}
