package io.cipherwatch.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;

/**
 * Kafka Streams {@link Serde} for Avro specific records of type {@code T} in the Confluent wire format,
 * backed by a schema registry ({@code schema.registry.url}: http(s) URL(s) or {@code mock://<scope>}).
 * Combines an {@link AvroSerializer} and an {@link AvroDeserializer}; see them for the behaviour.
 *
 * <p>Kafka Streams does not configure serdes passed explicitly (e.g. to {@code Consumed.with}): call
 * {@link #configure(Map, boolean)} with the application's config map before building the topology.
 * One instance may be shared by all stream threads.
 */
public class AvroSerde<T extends SpecificRecord> implements Serde<T> {
  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;

  /** A serde for {@code type}; the registry client comes from {@link #configure}'s map. */
  public AvroSerde(Class<T> type) {
    this(type, null);
  }

  /** A serde for {@code type} using {@code client} (null: from {@link #configure}'s map). */
  public AvroSerde(Class<T> type, SchemaRegistryClient client) {
    this.serializer = new AvroSerializer<>(type, client);
    this.deserializer = new AvroDeserializer<>(type, client);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public AvroSerializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  @Override
  public void close() {
    serializer.close();
    deserializer.close();
  }
}
