package io.cipherwatch.serde;

/**
 * The schema registry answered, but refused the request for a reason retrying alone will not fix: a
 * configuration error (credentials, URL, a registry that is not one), never the record's fault.
 */
public abstract class RegistryRefusalException extends RegistryFaultException {
  private static final long serialVersionUID = 1L;

  private final int status;

  RegistryRefusalException(String message, int status, Throwable cause) {
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
}
