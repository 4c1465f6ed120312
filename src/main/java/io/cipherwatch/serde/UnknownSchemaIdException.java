package io.cipherwatch.serde;

import io.cipherwatch.policy.DeadLetterReason;

/** The schema registry has no schema with the id found in a record (or asked for by id). */
public final class UnknownSchemaIdException extends SchemaRegistrySerdeException {
  private static final long serialVersionUID = 1L;

  /** Reason code: {@value}. */
  public static final String REASON = DeadLetterReason.UNKNOWN_SCHEMA_ID.name();

  private final int schemaId;

  UnknownSchemaIdException(int schemaId, String registry) {
    super("Schema id " + schemaId + " is not known to the schema registry at " + registry
        + ". The record was written against a different registry (check schema.registry.url on the"
        + " producer and here) or the schema was deleted.", null);
    this.schemaId = schemaId;
  }

  /** The id that was not found. */
  public int schemaId() {
    return schemaId;
  }

  @Override
  public String reason() {
    return REASON;
  }
}
