package io.cipherwatch.serde;

import io.cipherwatch.policy.DeadLetterReason;

/**
 * The schema registry rejected a request for a reason that retrying will not fix (HTTP 4xx other than
 * the cases with their own exception: e.g. a 404 without error code 40403 from a wrong URL, 422 invalid
 * schema), or answered JSON that is not a schema-registry response. A configuration error, not the record's.
 */
public final class RegistryRequestException extends RegistryFaultException {
  private static final long serialVersionUID = 1L;

  /** Reason code: {@value}. */
  public static final String REASON = DeadLetterReason.REGISTRY_ERROR.name();

  private final int status;

  RegistryRequestException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** HTTP status of the answer, or -1 when the answer itself could not be understood. */
  public int status() {
    return status;
  }

  @Override
  public boolean isTransient() {
    return false;
  }

  @Override
  public String reason() {
    return REASON;
  }
}
