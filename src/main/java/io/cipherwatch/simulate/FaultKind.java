package io.cipherwatch.simulate;

/**
 * A deliberately malformed input record. The names equal the dead-letter reasons cipherwatch writes for
 * them ({@code DeadLetter.reason}).
 */
public enum FaultKind {
  /** Value bytes that are not Avro at all (a producer writing JSON); publish {@code rawValue} as-is. */
  UNDECODABLE,
  /** Blank trunkId (and blank record key). */
  BLANK_TRUNK_ID,
  /** Blank edgeId. */
  BLANK_EDGE_ID,
  /** Empty ClientHello cipher list. */
  EMPTY_OFFER,
  /** Outcome ESTABLISHED but no negotiated suite. */
  ESTABLISHED_WITHOUT_CIPHER,
  /** Negotiated suite that is not in the offer. */
  CHOSEN_NOT_OFFERED,
  /** Outcome FAILED but a negotiated suite is set. */
  FAILED_WITH_CIPHER
}
