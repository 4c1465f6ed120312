package io.cipherwatch.cli;

import io.cipherwatch.policy.PolicyRecords;
import io.cipherwatch.serde.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the record in effect on the compacted {@code cipher-policy} topic (the last one under its key). */
final class PolicyTopicReader {
  private PolicyTopicReader() {}

  /**
   * The latest policy record, or null when the topic holds none (or only a tombstone).
   *
   * @throws IllegalStateException when the topic does not exist or cannot be read in time
   */
  static io.cipherwatch.avro.CipherPolicy latest(Map<String, Object> config, String topic) {
    Map<String, Object> c = new HashMap<>(config);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    byte[] last = null;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("Topic " + topic + " does not exist on " + config.get("bootstrap.servers")
            + ": create it compacted (cleanup.policy=compact) or start cipherwatch with cipherwatch.topics.create=true");
      }
      List<TopicPartition> parts = new ArrayList<>();
      infos.forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!caughtUp(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Could not read " + topic + " to its end within 60 s");
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (PolicyRecords.KEY.equals(r.key())) {
            last = r.value();
          }
        }
      }
    }
    if (last == null) {
      return null;
    }
    try (AvroDeserializer<io.cipherwatch.avro.CipherPolicy> d =
        new AvroDeserializer<>(io.cipherwatch.avro.CipherPolicy.class)) {
      d.configure(config, false);
      return d.deserialize(topic, last);
    }
  }

  private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
