/**
 * Confluent-Schema-Registry-compatible Avro serde and registry client: the Confluent wire format (magic
 * byte 0, 4-byte big-endian schema id, Avro binary), subject name strategies, a caching REST client with
 * basic auth, TLS, timeouts and retries, and {@code mock://<scope>} in-memory registries for tests and the
 * embedded demo. Every failure is a {@link io.cipherwatch.serde.SchemaRegistrySerdeException} (a Kafka
 * {@code SerializationException}) with a machine-readable {@code reason()} for the dead-letter topic.
 *
 * <p>Entry points: {@link io.cipherwatch.serde.AvroSerde}, {@link io.cipherwatch.serde.AvroSerializer},
 * {@link io.cipherwatch.serde.AvroDeserializer}, {@link io.cipherwatch.serde.SchemaRegistryClients}.
 */
package io.cipherwatch.serde;
