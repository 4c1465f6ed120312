package io.cipherwatch.topology;

import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.config.Settings;
import io.cipherwatch.policy.DeadLetterReason;
import io.cipherwatch.serde.AvroSerializer;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * What the Kafka Streams error handlers share: the dead-letter topic, the {@link DeadLetter} serializer and the
 * metrics, read from the Streams properties, and the serialized dead letter for the source record of an
 * {@link ErrorHandlerContext}.
 */
final class DeadLetterSink {
  /** Streams property holding the {@link TopologyMetrics} instance to count into. */
  static final String METRICS_CONFIG = "cipherwatch.internal.topology-metrics";

  final String topic;
  private final TopologyMetrics metrics;
  private final AvroSerializer<DeadLetter> serializer;

  DeadLetterSink(Map<String, ?> configs) {
    Object t = configs.get(Settings.TOPIC_DLQ.key());
    topic = t == null ? Settings.TOPIC_DLQ.defaultValue() : t.toString();
    metrics = configs.get(METRICS_CONFIG) instanceof TopologyMetrics m ? m : TopologyMetrics.NONE;
    serializer = new AvroSerializer<>(DeadLetter.class);
    serializer.configure(configs, false);
  }

  /** Counts and serializes a dead letter for the context's source record. */
  ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, DeadLetterReason reason, String message,
      long timestamp) {
    metrics.deadLetter(reason);
    long ts = Math.max(0, timestamp);
    DeadLetter dl = DeadLetters.of(reason.name(), message, context.topic(), context.partition(), context.offset(), ts,
        null, null, context.sourceRawKey(), context.sourceRawValue());
    byte[] key = context.sourceRawKey();
    if (key != null && key.length > DeadLetters.MAX_ORIGINAL_BYTES) {
      key = Arrays.copyOf(key, DeadLetters.MAX_ORIGINAL_BYTES);
    }
    return new ProducerRecord<>(topic, null, ts, key, serializer.serialize(topic, dl));
  }

  /** The exception's class and message, bounded. */
  static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getName() + (m == null ? "" : ": " + DeadLetters.cut(m, 512));
  }
}
