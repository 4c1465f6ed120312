package io.cipherwatch.serde;

/**
 * The schema registry, or this instance's configuration of it, is at fault, not the record being read: a
 * record that meets one of these must never be dead-lettered. {@link #isTransient()} tells waiting (the
 * registry is down, slow or answering garbage) from a configuration error (credentials, URL) that retrying
 * alone will not fix. Messages name the registry URL without credentials.
 */
public abstract class RegistryFaultException extends SchemaRegistrySerdeException {
  private static final long serialVersionUID = 1L;

  RegistryFaultException(String message, Throwable cause) {
    super(message, cause);
  }

  /** True when the same request may succeed later without a configuration change: wait and retry. */
  public abstract boolean isTransient();
}
