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
  RECORD_TOO_LARGE("the record (key + value) is larger than cipherwatch.input.max-record-bytes: a handshake event"
      + " takes a few hundred bytes; check what the producer writes to this topic"),
  TOO_MANY_SUITES("offeredCipherSuites has more entries than cipherwatch.input.max-offered-suites: real"
      + " ClientHellos offer at most a few hundred suites; fix the edge's ClientHello parsing"),
  ID_TOO_LONG("eventId, edgeId or trunkId is longer than " + InputLimits.MAX_ID_LENGTH + " characters: the edge"
      + " must send short identifiers"),
  KEY_MISMATCH("the record key is not the event's trunkId (UTF-8): the producer must key every handshake event by"
      + " its trunkId, otherwise one trunk's events land on several partitions and its figures split"),
  FUTURE_TIMESTAMP("the event or tick time is further ahead of the processing clock than"
      + " cipherwatch.input.max-future-skew: fix the edge's clock (NTP); the record does not move event time"),
  INTERNAL_ERROR("processing this record failed with an unexpected error (a cipherwatch defect): the record was"
      + " set aside so the partition goes on; report it with the dead letter"),
  UNPRODUCIBLE_OUTPUT("an output record computed from this input could not be written to its topic (e.g. larger"
      + " than the producer's max.request.size or the topic's max.message.bytes); the output is lost, this dead"
      + " letter records it"),
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
