/**
 * Confluent-Schema-Registry-compatible Avro serde and registry client: the Confluent wire format (magic
 * byte 0, 4-byte big-endian schema id, Avro binary), subject name strategies, a caching REST client with
 * basic auth, TLS (TLS 1.2+, AEAD-only by default), short timeouts and classified faults, and
 * {@code mock://<scope>} in-memory registries for tests and the embedded demo. Decoding checks every length
 * read off the wire before it allocates ({@link io.cipherwatch.serde.DecodeLimits}). Every failure is a
 * {@link io.cipherwatch.serde.SchemaRegistrySerdeException} (a Kafka {@code SerializationException}) with a
 * machine-readable {@code reason()}: the record's fault, for the dead-letter topic, unless it is a
 * {@link io.cipherwatch.serde.RegistryFaultException} (the registry's or the configuration's: never dead-letter).
 *
 * <p>Entry points: {@link io.cipherwatch.serde.AvroSerde}, {@link io.cipherwatch.serde.AvroSerializer},
 * {@link io.cipherwatch.serde.AvroDeserializer}, {@link io.cipherwatch.serde.SchemaRegistryClients}.
 *
 * <p>May depend on {@code policy} (dead-letter reasons) and {@code security} only.
 */
package io.cipherwatch.serde;
