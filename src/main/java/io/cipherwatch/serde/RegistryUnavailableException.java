package io.cipherwatch.serde;

/**
 * The schema registry could not be reached, did not answer in time, answered HTTP 5xx/408/429, or answered a
 * success that is not JSON (an HTML page from a proxy): transient, wait and retry.
 */
public final class RegistryUnavailableException extends RegistryFaultException {
  private static final long serialVersionUID = 1L;

  /** Reason code: {@value}. */
  public static final String REASON = "REGISTRY_UNAVAILABLE";

  RegistryUnavailableException(String url, int attempts, String lastProblem, Throwable cause) {
    super("Schema registry at " + url + " is unavailable after " + attempts + " attempt(s): " + lastProblem
        + ". Check that the registry is running and reachable from this host, that schema.registry.url"
        + " (including any path prefix such as /apis/ccompat/v6) is right, and the TLS settings"
        + " (schema.registry.ssl.truststore.*) when it is https.", cause);
  }

  @Override
  public boolean isTransient() {
    return true;
  }

  @Override
  public String reason() {
    return REASON;
  }
}
