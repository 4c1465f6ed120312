package io.cipherwatch.simulate;

import io.cipherwatch.avro.HandshakeEvent;

/**
 * One record to publish to tls-handshakes.
 *
 * @param key the record key: the trunkId (blank for a {@link FaultKind#BLANK_TRUNK_ID} fault)
 * @param event the value to serialize; null exactly when {@code rawValue} is set
 * @param rawValue bytes to publish as the value as-is, instead of an Avro event (undecodable fault)
 * @param faultKind what the simulator broke on purpose, or null for a well-formed handshake
 */
public record SimulatedRecord(String key, HandshakeEvent event, byte[] rawValue, FaultKind faultKind) {

  /** Whether this record is a deliberately malformed one. */
  public boolean isFault() {
    return faultKind != null;
  }
}
