package io.cipherwatch.policy;

/** Why an input record was not used; the name is the machine-readable reason on the dead-letter topic. */
public enum RejectReason {
  BLANK_TRUNK_ID("trunkId is blank: the edge must set the SIP trunk id on every handshake event"),
  BLANK_EDGE_ID("edgeId is blank: the edge must identify itself in every handshake event"),
  BAD_TIMESTAMP("timestamp is zero or negative: the edge must send the handshake time in epoch milliseconds"),
  CODE_OUT_OF_RANGE("a cipher suite code is outside 0..65535: cipher suites are 16-bit IANA codes"),
  EMPTY_OFFER("offeredCipherSuites is empty (GREASE values aside): the edge must copy the ClientHello cipher list"),
  ESTABLISHED_WITHOUT_CIPHER("outcome is ESTABLISHED but negotiatedCipherSuite is null: the edge must copy the"
      + " ServerHello cipher suite"),
  CHOSEN_NOT_OFFERED("negotiatedCipherSuite is not in offeredCipherSuites: the edge reports the wrong offer or"
      + " the wrong choice"),
  FAILED_WITH_CIPHER("outcome is FAILED but negotiatedCipherSuite is set: a failed handshake has no negotiated"
      + " suite; fix the edge's outcome or cipher field"),
  LATE("event time is older than the newest closed window (window end + grace): counted for alerts, not for"
      + " usage; check the edge's clock or publishing delay");

  private final String message;

  RejectReason(String message) {
    this.message = message;
  }

  /** What was wrong and what to do, for a person. */
  public String message() {
    return message;
  }
}
