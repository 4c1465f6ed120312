package io.cipherwatch.serde;

/**
 * A subject has no registration of the requested schema (or no versions at all). Raised when the
 * serializer runs with {@code auto.register.schemas=false} or {@code use.latest.version=true} and the
 * schema was not registered beforehand.
 */
public final class SchemaNotRegisteredException extends SchemaRegistrySerdeException {
  private static final long serialVersionUID = 1L;

  /** Reason code: {@value}. */
  public static final String REASON = "SCHEMA_NOT_REGISTERED";

  SchemaNotRegisteredException(String message) {
    super(message, null);
  }

  @Override
  public String reason() {
    return REASON;
  }
}
