package io.cipherwatch.serde;

import io.cipherwatch.policy.DeadLetterReason;

/**
 * The payload has a valid wire-format header but its Avro body could not be decoded with the writer
 * schema its id names (truncated, garbage, trailing bytes, or written with another schema than declared).
 */
public final class CorruptAvroException extends SchemaRegistrySerdeException {
  private static final long serialVersionUID = 1L;

  /** Reason code: {@value}. */
  public static final String REASON = DeadLetterReason.CORRUPT_AVRO.name();

  CorruptAvroException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String reason() {
    return REASON;
  }
}
