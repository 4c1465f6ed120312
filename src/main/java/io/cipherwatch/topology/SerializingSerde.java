package io.cipherwatch.topology;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde that changes how a wrapped serde serializes and keeps its deserializer: subclasses implement
 * {@link #serialize}; closing closes the wrapped serde.
 */
abstract class SerializingSerde<T, S extends Serde<T>> implements Serde<T> {
  /** The wrapped serde. */
  protected final S inner;
  private final Serializer<T> serializer = this::serialize;

  SerializingSerde(S inner) {
    this.inner = inner;
  }

  /** This serde's serialization of one record. */
  abstract byte[] serialize(String topic, T data);

  @Override
  public final Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public final Deserializer<T> deserializer() {
    return inner.deserializer();
  }

  @Override
  public final void close() {
    inner.close();
  }
}
