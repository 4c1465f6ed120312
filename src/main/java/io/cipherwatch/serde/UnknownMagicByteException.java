package io.cipherwatch.serde;

import io.cipherwatch.policy.DeadLetterReason;

/** The payload does not start with the Confluent wire-format magic byte 0 (or is empty). */
public final class UnknownMagicByteException extends SchemaRegistrySerdeException {
  private static final long serialVersionUID = 1L;

  /** Reason code: {@value}. */
  public static final String REASON = DeadLetterReason.BAD_MAGIC_BYTE.name();

  UnknownMagicByteException(String topic, byte[] payload) {
    super(message(topic, payload), null);
  }

  private static String message(String topic, byte[] payload) {
    String found = payload.length == 0
        ? "an empty payload (0 bytes)"
        : String.format("first byte 0x%02x (%d bytes in total)", payload[0] & 0xff, payload.length);
    return "Record on topic '" + topic + "' is not in Confluent Avro wire format: expected magic byte 0x00"
        + " followed by a 4-byte schema id, found " + found + ". The producer must write it with a"
        + " schema-registry Avro serializer (e.g. Confluent's KafkaAvroSerializer), not plain Avro, JSON or text.";
  }

  @Override
  public String reason() {
    return REASON;
  }
}
