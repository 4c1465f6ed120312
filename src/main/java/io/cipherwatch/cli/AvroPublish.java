package io.cipherwatch.cli;

import io.cipherwatch.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Publishes one keyed Avro record and waits for the broker's acknowledgement (for the small CLI writers). */
final class AvroPublish {
  private AvroPublish() {}

  /**
   * @param config Kafka producer and schema-registry keys
   * @throws IllegalStateException saying why the record was not written
   */
  static <T extends SpecificRecord> void publish(Map<String, Object> config, String topic, String key, T value,
      Class<T> type) {
    AvroSerializer<T> serializer = new AvroSerializer<>(type);
    serializer.configure(config, false);
    byte[] bytes = serializer.serialize(topic, value);
    Map<String, Object> p = new HashMap<>(config);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "cipherwatch-cli");
    p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), bytes))
          .get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("Could not write to topic " + topic + " on " + config.get("bootstrap.servers")
          + ": " + c.getMessage() + " (check that the cluster is reachable and the topic exists)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while writing to " + topic, e);
    }
  }
}
