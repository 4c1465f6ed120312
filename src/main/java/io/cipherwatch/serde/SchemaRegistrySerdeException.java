package io.cipherwatch.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Base of every failure raised by the schema-registry serde and client. {@link #reason()} is a short
 * machine-readable code (e.g. {@code BAD_MAGIC_BYTE}) that the topology writes to the dead-letter topic;
 * the message is for people and says what was wrong and what to do.
 */
public abstract class SchemaRegistrySerdeException extends SerializationException {
  private static final long serialVersionUID = 1L;

  protected SchemaRegistrySerdeException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Machine-readable reason code, stable across releases (upper snake case). */
  public abstract String reason();
}
