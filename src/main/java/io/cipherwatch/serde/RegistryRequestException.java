package io.cipherwatch.serde;

import io.cipherwatch.policy.DeadLetterReason;

/**
 * The schema registry rejected a request for a reason that retrying will not fix (HTTP 4xx other than
 * the cases with their own exception: e.g. a 404 without error code 40403 from a wrong URL, 422 invalid
 * schema), or answered JSON that is not a schema-registry response. A configuration error, not the record's.
 */
public final class RegistryRequestException extends RegistryRefusalException {
  private static final long serialVersionUID = 1L;

  /** Reason code: {@value}. */
  public static final String REASON = DeadLetterReason.REGISTRY_ERROR.name();

  RegistryRequestException(String message, int status, Throwable cause) {
    super(message, status, cause);
  }

  @Override
  public String reason() {
    return REASON;
  }
}
