package io.cipherwatch.serde;

/**
 * A record is well-formed but over one of the {@link DecodeLimits}: too large, too many offered suites, or an id
 * too long. It was rejected before anything was allocated for it; {@link #reason()} says which limit.
 */
public final class InputLimitException extends SchemaRegistrySerdeException {
  private static final long serialVersionUID = 1L;

  /** Reason code: the payload is over {@link DecodeLimits#MAX_RECORD_BYTES}. */
  public static final String RECORD_TOO_LARGE = "RECORD_TOO_LARGE";
  /** Reason code: an array (the offered suites) is over {@link DecodeLimits#MAX_OFFERED_SUITES}. */
  public static final String TOO_MANY_SUITES = "TOO_MANY_SUITES";
  /** Reason code: an {@link DecodeLimits#ID_FIELDS id field} is over 256 characters. */
  public static final String ID_TOO_LONG = "ID_TOO_LONG";

  private final String reason;

  InputLimitException(String reason, String message) {
    super(message, null);
    this.reason = reason;
  }

  @Override
  public String reason() {
    return reason;
  }
}
