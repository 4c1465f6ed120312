package io.cipherwatch.topology;

import io.cipherwatch.serde.ConfluentWireFormat;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A wire-format serde for output records that are written twice in a row, first to a {@code *-latest} store
 * (its changelog topic) and then to the output topic: the second write reuses the first one's Avro body and only
 * puts the output topic's wire-format header (magic byte and schema id) in front of it.
 *
 * <p>The reuse is by identity of the last record serialized on the calling thread, so it relies on what the
 * topology guarantees: records are built once and never mutated afterwards. The header of a topic is learned
 * from the first full serialization for that topic (the wrapped serializer caches its schema id per topic for
 * its lifetime, too). Thread-safe, like the wrapped serde.
 */
final class EncodeOnceSerde<T> implements Serde<T> {
  private final Serde<T> inner;
  private final Map<String, byte[]> headers = new ConcurrentHashMap<>();
  private final ThreadLocal<Last> last = ThreadLocal.withInitial(Last::new);
  private final Serializer<T> serializer = this::serialize;

  /** The last record a thread serialized, with its topic and bytes. */
  private static final class Last {
    Object record;
    String topic;
    byte[] bytes;
  }

  EncodeOnceSerde(Serde<T> inner) {
    this.inner = inner;
  }

  private byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    Last l = last.get();
    if (l.record == data) {
      byte[] header = topic.equals(l.topic) ? l.bytes : headers.get(topic);
      if (header != null) {
        byte[] out = l.bytes.clone();
        System.arraycopy(header, 0, out, 0, ConfluentWireFormat.HEADER_SIZE);
        return out;
      }
    }
    byte[] out = inner.serializer().serialize(topic, data);
    if (!headers.containsKey(topic)) {
      headers.put(topic, Arrays.copyOf(out, ConfluentWireFormat.HEADER_SIZE));
    }
    l.record = data;
    l.topic = topic;
    l.bytes = out;
    return out;
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return inner.deserializer();
  }

  @Override
  public void close() {
    inner.close();
  }
}
