package io.cipherwatch.topology;

import io.cipherwatch.serde.AvroSerde;
import io.cipherwatch.serde.ConfluentWireFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * A wire-format serde for output records that are written twice in a row, first to a {@code *-latest} store
 * (its changelog topic) and then to the output topic: the second write reuses the first one's Avro body and only
 * puts the output topic's wire-format header (magic byte and schema id) in front of it.
 *
 * <p>The body is reused only when both topics' records are written with the same schema (with
 * {@code use.latest.version} each topic's subject may have its own latest schema; then the record is encoded
 * again), so a header always names the schema its body was written with. The reuse is by identity of the last
 * record serialized on the calling thread, so it relies on what the topology guarantees: records are built once
 * and never mutated afterwards. A topic's header and writer schema are learned from its first full
 * serialization (the wrapped serializer caches them per topic for its lifetime, too). Thread-safe, like the
 * wrapped serde.
 */
final class EncodeOnceSerde<T extends SpecificRecord> extends SerializingSerde<T, AvroSerde<T>> {
  private final Map<String, TopicWrite> topics = new ConcurrentHashMap<>();
  /** The distinct writer schemas seen, so topics written with equal schemas share an index. */
  private final List<Schema> writerSchemas = new ArrayList<>();
  private final ThreadLocal<Last> last = ThreadLocal.withInitial(Last::new);

  /** How a topic's records are written: their wire-format header and the index of their writer schema. */
  private record TopicWrite(byte[] header, int writer) {}

  /** The last record a thread serialized, with how and into what. */
  private static final class Last {
    Object record;
    TopicWrite write;
    byte[] bytes;
  }

  EncodeOnceSerde(AvroSerde<T> inner) {
    super(inner);
  }

  @Override
  byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    Last l = last.get();
    TopicWrite write = topics.get(topic);
    if (l.record == data && write != null && write.writer == l.write.writer) {
      byte[] out = l.bytes.clone();
      System.arraycopy(write.header, 0, out, 0, ConfluentWireFormat.HEADER_SIZE);
      return out;
    }
    byte[] out = inner.serializer().serialize(topic, data);
    if (write == null) {
      write = new TopicWrite(Arrays.copyOf(out, ConfluentWireFormat.HEADER_SIZE),
          writerIndex(inner.serializer().writerSchema(topic)));
      topics.putIfAbsent(topic, write);
    }
    l.record = data;
    l.write = write;
    l.bytes = out;
    return out;
  }

  private synchronized int writerIndex(Schema schema) {
    int i = writerSchemas.indexOf(schema);
    if (i < 0) {
      writerSchemas.add(schema);
      i = writerSchemas.size() - 1;
    }
    return i;
  }
}
