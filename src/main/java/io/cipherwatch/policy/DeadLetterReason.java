package io.cipherwatch.policy;

/**
 * Every reason a record is not used: the name is the machine-readable reason on the dead-letter topic (and in
 * replay's {@code rejected} output and the {@code reason} label of the dead-letter counter), the message what
 * was wrong and what to do. README's "Invalid and late input" table lists exactly these (a test checks it).
 */
public enum DeadLetterReason {
  // the record cannot be read as a HandshakeEvent
  BAD_MAGIC_BYTE("the value does not start with the Confluent wire-format magic byte 0: publish Avro through a"
      + " schema-registry serializer"),
  UNKNOWN_SCHEMA_ID("the value names a schema id the registry does not know: check the producer's registry URL"),
  INCOMPATIBLE_SCHEMA("the value was written with a schema HandshakeEvent cannot be read from: make the producer's"
      + " schema a compatible version"),
  CORRUPT_AVRO("the value is not a valid Avro HandshakeEvent: check the producer's schema and serializer"),
  REGISTRY_ERROR("the schema registry refused the lookup of the value's schema: check the registry and its"
      + " credentials"),
  UNDECODABLE("the record has no value (tombstone): publish one Avro HandshakeEvent per record"),
  BAD_TICK("the cipherwatch-tick header does not hold epoch milliseconds as a decimal number"),
  // limits and integrity of the record
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
  // the handshake breaks a rule
  BLANK_TRUNK_ID("trunkId is blank: the edge must set the SIP trunk id on every handshake event"),
  BLANK_EDGE_ID("edgeId is blank: the edge must identify itself in every handshake event"),
  BAD_TIMESTAMP("timestamp is missing, zero or negative: the edge must send the handshake time in epoch"
      + " milliseconds"),
  CODE_OUT_OF_RANGE("a cipher suite code is outside 0..65535: cipher suites are 16-bit IANA codes"),
  EMPTY_OFFER("offeredCipherSuites is empty (GREASE values aside): the edge must copy the ClientHello cipher list"),
  ESTABLISHED_WITHOUT_CIPHER("outcome is ESTABLISHED but negotiatedCipherSuite is null: the edge must copy the"
      + " ServerHello cipher suite"),
  CHOSEN_NOT_OFFERED("negotiatedCipherSuite is not in offeredCipherSuites: the edge reports the wrong offer or"
      + " the wrong choice"),
  FAILED_WITH_CIPHER("outcome is FAILED but negotiatedCipherSuite is set: a failed handshake has no negotiated"
      + " suite; fix the edge's outcome or cipher field"),
  // replay's JSON lines
  BAD_JSON("the line is not a JSON object: write one JSON object per line"),
  MISSING_FIELD("a required field is missing: see the replay input format in the README"),
  BAD_OUTCOME("outcome is not ESTABLISHED or FAILED: write the handshake's outcome as one of those"),
  BAD_DIRECTION("direction is not INBOUND or OUTBOUND (IN and OUT are accepted too)"),
  BAD_CIPHER_SUITE("a cipher suite is neither a 16-bit code nor a known IANA or OpenSSL name"),
  // state
  BAD_METADATA("the trunk's trunk-metadata record is not a valid Avro TrunkMetadata: republish it; rows and alerts"
      + " of the trunk carry no metadata until then"),
  LATE("event time is older than the newest closed window (window end + grace): counted for alerts, not for"
      + " usage; check the edge's clock or publishing delay");

  private final String message;

  DeadLetterReason(String message) {
    this.message = message;
  }

  /** What was wrong and what to do, for a person. */
  public String message() {
    return message;
  }

  /** The reason of this name, or {@code otherwise} when there is none. */
  public static DeadLetterReason named(String name, DeadLetterReason otherwise) {
    for (DeadLetterReason r : values()) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    return otherwise;
  }
}
