package io.cipherwatch.serde;

import io.cipherwatch.policy.DeadLetterReason;
import java.util.stream.Collectors;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * A schema is incompatible: the registry refused to register it (HTTP 409 under its compatibility rule),
 * or a record's writer schema cannot be resolved to the reader schema of the deserializer.
 */
public final class IncompatibleSchemaException extends SchemaRegistrySerdeException {
  private static final long serialVersionUID = 1L;

  /** Reason code: {@value}. */
  public static final String REASON = DeadLetterReason.INCOMPATIBLE_SCHEMA.name();

  IncompatibleSchemaException(String message) {
    super(message, null);
  }

  @Override
  public String reason() {
    return REASON;
  }

  /** Lists Avro's incompatibilities of a failed check for a message. */
  static String describe(SchemaPairCompatibility check) {
    return check.getResult().getIncompatibilities().stream()
        .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
        .collect(Collectors.joining("; "));
  }
}
