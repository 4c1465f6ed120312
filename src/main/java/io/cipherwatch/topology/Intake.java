package io.cipherwatch.topology;

import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.policy.Classification;
import io.cipherwatch.policy.DeadLetterReason;

/**
 * What the decode-validate-classify step hands on: a classified handshake, a rejected record, or a time tick.
 * One mutable instance per processor is reused for every record (Kafka Streams forwards synchronously on one
 * thread); downstream processors must copy what they keep.
 */
final class Intake {
  enum Kind { HANDSHAKE, REJECTED, TICK }

  Kind kind;
  long timestamp;

  // HANDSHAKE
  HandshakeEvent event;
  boolean inbound;
  boolean established;
  int chosen;
  int[] offer = new int[64];
  int offerLength;
  Classification classification;

  // every kind: the source record and where it was read (also when parked and processed later), for dead letters
  byte[] originalKey;
  byte[] originalValue;
  String sourceTopic;
  int sourcePartition;
  long sourceOffset;

  // REJECTED, and a LATE event's dead letter
  DeadLetterReason reason;
  String message;

  /** Arrays of exactly n entries by n, reused for {@link #exactOffer()}. */
  private int[][] exact = new int[0][];

  /**
   * The used part of the offer in an array of exactly that length. The array is reused by the next record with
   * an offer of the same length: consumers must copy what they keep (the alert engine does).
   */
  int[] exactOffer() {
    int n = offerLength;
    if (n >= exact.length) {
      exact = java.util.Arrays.copyOf(exact, n + 1);
    }
    int[] a = exact[n];
    if (a == null) {
      a = new int[n];
      exact[n] = a;
    }
    System.arraycopy(offer, 0, a, 0, n);
    return a;
  }
}
