package io.cipherwatch.capture.kafka;

import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.capture.HandshakeSink;
import io.cipherwatch.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes handshakes to the input topic: key = trunkId (UTF-8), value = Avro through the schema-registry
 * serializer, record timestamp = the ClientHello time. The producer is idempotent with {@code acks=all}; the
 * configuration's Kafka keys pass through unchanged ({@code producer.*} keys, as {@code run} applies them to its
 * producers, apply here without the prefix). Send failures are counted and reported by {@link #close()}.
 */
public final class KafkaHandshakeSink implements HandshakeSink {
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaProducer<byte[], byte[]> producer;
  private final AvroSerializer<HandshakeEvent> serializer = new AvroSerializer<>(HandshakeEvent.class);
  private final String topic;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private final Callback onCompletion = (md, e) -> {
    if (e != null) {
      errors.incrementAndGet();
      lastError.set(e.toString());
    }
  };

  /**
   * @param kafka Kafka client and schema-registry keys (the {@code run} configuration's Kafka part)
   * @param topic the handshakes topic
   * @throws IllegalStateException when the topic does not exist or the cluster cannot be asked
   */
  public KafkaHandshakeSink(Map<String, ?> kafka, String topic) {
    this.topic = topic;
    Map<String, Object> p = new HashMap<>(kafka);
    kafka.forEach((k, v) -> {
      if (k.startsWith("producer.")) {
        p.put(k.substring("producer.".length()), v);
      }
    });
    requireTopic(p, topic);
    serializer.configure(p, false);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "cipherwatch-capture");
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 10);
    p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    producer = new KafkaProducer<>(p);
  }

  private static void requireTopic(Map<String, Object> config, String topic) {
    try (Admin admin = Admin.create(config)) {
      Set<String> names = admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (!names.contains(topic)) {
        throw new IllegalStateException("Topic '" + topic + "' does not exist on " + config.get("bootstrap.servers")
            + ": create it first (README, Topics) or set cipherwatch.topics.input.");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking topic " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("Cannot list topics on " + config.get("bootstrap.servers") + ": " + cause
          + ". Check bootstrap.servers, network access and the security settings in --config.");
    }
  }

  @Override
  public void accept(HandshakeEvent e) {
    byte[] value = serializer.serialize(topic, e);
    producer.send(new ProducerRecord<>(topic, null, e.getTimestamp().toEpochMilli(),
        e.getTrunkId().getBytes(StandardCharsets.UTF_8), value), onCompletion);
    sent.incrementAndGet();
  }

  /** Records handed to the producer. */
  public long sent() {
    return sent.get();
  }

  /** Records the broker did not acknowledge. */
  public long errors() {
    return errors.get();
  }

  /**
   * Flushes, closes and reports.
   *
   * @throws IllegalStateException when some records were not acknowledged
   */
  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
    serializer.close();
    if (errors.get() > 0) {
      throw new IllegalStateException(errors.get() + " of " + sent.get() + " handshakes were not acknowledged by "
          + "the broker; last error: " + lastError.get());
    }
  }
}
