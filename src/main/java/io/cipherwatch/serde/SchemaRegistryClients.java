package io.cipherwatch.serde;

import java.util.Map;

/** Creates the {@link SchemaRegistryClient} an application's configuration asks for. */
public final class SchemaRegistryClients {
  private SchemaRegistryClients() {
  }

  /**
   * Config map key whose value is a {@link SchemaRegistryClient} object: serdes configured with that map use it
   * instead of making their own, so an application puts one client (one connection pool, one schema cache) in the
   * map it configures all its serdes with.
   */
  public static final String INSTANCE = "schema.registry.client.instance";

  /**
   * Returns the client under {@link #INSTANCE} if there is one; else the shared {@link MockSchemaRegistry} of the
   * scope when {@code schema.registry.url} is {@code mock://<scope>}; otherwise a new caching HTTP client
   * configured from the keys of {@link SchemaRegistrySerdeConfig} (basic auth, TLS, timeouts, retries).
   *
   * @throws org.apache.kafka.common.config.ConfigException when a setting is missing or invalid
   */
  public static SchemaRegistryClient fromConfig(Map<String, ?> configs) {
    return fromConfig(configs, new SchemaRegistrySerdeConfig(configs));
  }

  static SchemaRegistryClient fromConfig(Map<String, ?> configs, SchemaRegistrySerdeConfig cfg) {
    if (configs.get(INSTANCE) instanceof SchemaRegistryClient given) {
      return given;
    }
    cfg.requireUrl();
    String scope = cfg.mockScope();
    return scope != null ? MockSchemaRegistry.scope(scope) : new HttpSchemaRegistryClient(cfg);
  }
}
