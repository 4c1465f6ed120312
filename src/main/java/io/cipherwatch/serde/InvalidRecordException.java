package io.cipherwatch.serde;

/** A record could not be encoded with its schema (e.g. null in a non-nullable field). */
public final class InvalidRecordException extends SchemaRegistrySerdeException {
  private static final long serialVersionUID = 1L;

  /** Reason code: {@value}. */
  public static final String REASON = "INVALID_RECORD";

  InvalidRecordException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String reason() {
    return REASON;
  }
}
