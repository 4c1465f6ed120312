package io.cipherwatch.serde;

import java.util.Map;

/** Creates the {@link SchemaRegistryClient} an application's configuration asks for. */
public final class SchemaRegistryClients {
  private SchemaRegistryClients() {
  }

  /**
   * Returns the shared {@link MockSchemaRegistry} of the scope when {@code schema.registry.url} is
   * {@code mock://<scope>}, otherwise a new caching HTTP client configured from the keys of
   * {@link SchemaRegistrySerdeConfig} (basic auth, TLS, timeout, retries).
   *
   * @throws org.apache.kafka.common.config.ConfigException when a setting is missing or invalid
   */
  public static SchemaRegistryClient fromConfig(Map<String, ?> configs) {
    return fromConfig(new SchemaRegistrySerdeConfig(configs));
  }

  static SchemaRegistryClient fromConfig(SchemaRegistrySerdeConfig cfg) {
    cfg.requireUrl();
    String scope = cfg.mockScope();
    return scope != null ? MockSchemaRegistry.scope(scope) : new HttpSchemaRegistryClient(cfg);
  }
}
