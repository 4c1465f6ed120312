package io.cipherwatch.topology;

import io.cipherwatch.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Builds {@link DeadLetter} records that are always producible, whatever the input was: the original key and
 * value are kept up to {@link #MAX_ORIGINAL_BYTES} each (with their full sizes), identifiers and the message
 * are cut to a bound, so a dead letter stays a few KiB.
 */
final class DeadLetters {
  /** The most bytes of the original key, and of the original value, a dead letter keeps. */
  static final int MAX_ORIGINAL_BYTES = 4096;
  /** The most characters of the message kept. */
  static final int MAX_MESSAGE_CHARS = 2048;
  /** The most characters of eventId and trunkId kept. */
  static final int MAX_ID_CHARS = 256;

  private DeadLetters() {}

  /** A dead letter for the record at topic/partition/offset; the bytes are not copied, only bounded. */
  static DeadLetter of(String reason, String message, String topic, int partition, long offset, long timestamp,
      String eventId, String trunkId, byte[] key, byte[] value) {
    return DeadLetter.newBuilder()
        .setReason(reason)
        .setMessage(cut(message, MAX_MESSAGE_CHARS))
        .setTopic(topic == null ? "" : topic)
        .setPartition(partition)
        .setOffset(offset)
        .setRecordTimestamp(Instant.ofEpochMilli(timestamp))
        .setEventId(cut(eventId, MAX_ID_CHARS))
        .setTrunkId(cut(trunkId, MAX_ID_CHARS))
        .setOriginalKey(head(key))
        .setOriginalValue(head(value))
        .setOriginalKeySize(key == null ? null : key.length)
        .setOriginalValueSize(value == null ? null : value.length)
        .build();
  }

  private static ByteBuffer head(byte[] b) {
    return b == null ? null : ByteBuffer.wrap(b, 0, Math.min(b.length, MAX_ORIGINAL_BYTES));
  }

  static String cut(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    return s.substring(0, max - 1) + "…";
  }
}
