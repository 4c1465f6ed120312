package io.cipherwatch.topology;

import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.policy.Classification;

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

  // every kind: the source record, for dead letters
  byte[] originalKey;
  byte[] originalValue;

  // REJECTED
  String reason;
  String message;
  String sourceTopic;
  int sourcePartition;
  long sourceOffset;

  /** Copy of the used part of the offer. */
  int[] offerCopy() {
    return java.util.Arrays.copyOf(offer, offerLength);
  }
}
