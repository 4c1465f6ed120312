package io.cipherwatch.serde;

import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry API the serde needs. Implementations are thread-safe and
 * cache what does not change (an id's schema, a subject's registered schemas), so repeated calls with
 * the same arguments do not go to the registry again. Every failure is a {@link SchemaRegistrySerdeException}.
 *
 * <p>Get one with {@link SchemaRegistryClients#fromConfig(java.util.Map)}.
 */
public interface SchemaRegistryClient {

  /**
   * Registers {@code schema} under {@code subject} (or finds its existing registration) and returns its
   * global id. Throws {@link IncompatibleSchemaException} when the subject's compatibility rule refuses it.
   */
  int register(String subject, Schema schema);

  /** Returns the schema with this global id; throws {@link UnknownSchemaIdException} when there is none. */
  Schema getById(int id);

  /**
   * Returns the id of {@code schema} already registered under {@code subject}, without registering it;
   * throws {@link SchemaNotRegisteredException} when it is not registered there.
   */
  int getId(String subject, Schema schema);

  /** Returns the latest version of {@code subject}; throws {@link SchemaNotRegisteredException} when it has none. */
  RegisteredSchema latest(String subject);

  /** A human-readable location of the registry for messages (URL, or {@code mock://scope}). */
  String location();
}
