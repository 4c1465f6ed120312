package io.cipherwatch.serde;

/**
 * The schema registry refused this instance's credentials (HTTP 401) or their permissions (HTTP 403): a
 * configuration error. Retrying will not help until the credentials change.
 */
public final class RegistryAuthException extends RegistryRefusalException {
  private static final long serialVersionUID = 1L;

  /** Reason code: {@value}. */
  public static final String REASON = "REGISTRY_AUTH";

  RegistryAuthException(String url, int status) {
    super("Schema registry " + url + " refused this instance's " + (status == 401
        ? "credentials (HTTP 401 Unauthorized)" : "access (HTTP 403 Forbidden)") + ". Check "
        + SchemaRegistrySerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE + " and " + SchemaRegistrySerdeConfig.BASIC_AUTH_USER_INFO
        + " (or the user info of " + SchemaRegistrySerdeConfig.SCHEMA_REGISTRY_URL + ") and the user's permissions"
        + " in the registry.", status, null);
  }

  @Override
  public String reason() {
    return REASON;
  }
}
