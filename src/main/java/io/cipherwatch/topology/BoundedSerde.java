package io.cipherwatch.topology;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * A serde whose serializer refuses values larger than the producer could send ({@link OutputTooLargeException}),
 * so an oversized record fails in serialization, where it can be dead-lettered, instead of in the producer,
 * where under exactly-once it would abort the transaction again and again.
 */
final class BoundedSerde<T> extends SerializingSerde<T, Serde<T>> {
  /** Room kept for the record key (a trunkId), headers and the record's own framing. */
  static final int RECORD_OVERHEAD = 2048;
  static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;

  private final int maxBytes;

  BoundedSerde(Serde<T> inner, int maxBytes) {
    super(inner);
    this.maxBytes = maxBytes;
  }

  /** The largest value the configured producer can send: its {@code max.request.size} less the overhead. */
  static int maxValueBytes(Map<String, Object> config) {
    Object v = config.get("producer.max.request.size");
    if (v == null) {
      v = config.get("max.request.size");
    }
    int max = v == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(v.toString().trim());
    return Math.max(1, max - RECORD_OVERHEAD);
  }

  @Override
  byte[] serialize(String topic, T data) {
    byte[] b = inner.serializer().serialize(topic, data);
    if (b != null && b.length > maxBytes) {
      throw new OutputTooLargeException(topic, b.length, maxBytes);
    }
    return b;
  }
}
