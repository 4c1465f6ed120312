package io.cipherwatch.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EmbeddedKafkaIT {

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void bootstrapIsLoopbackWithPort() {
    assertTrue(kafka.bootstrapServers().matches("127\\.0\\.0\\.1:\\d+"), kafka.bootstrapServers());
    assertEquals(kafka.bootstrapServers(), kafka.adminConfig().get("bootstrap.servers"));
  }

  @Test
  void createsTopicsIdempotentlyAndRoundTripsRecords() throws Exception {
    kafka.createTopics(3, "plain-a", "plain-b");
    kafka.createTopics(3, "plain-a");
    kafka.createTopics(3, "plain-a", "plain-c");
    try (Admin admin = Admin.create(kafka.adminConfig())) {
      Map<String, TopicDescription> topics =
          admin.describeTopics(List.of("plain-a", "plain-b", "plain-c")).allTopicNames().get();
      topics.values().forEach(t -> assertEquals(3, t.partitions().size(), t.name()));
    }

    List<String> sent = new ArrayList<>();
    try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
      for (int i = 0; i < 60; i++) {
        sent.add("value-" + i);
        producer.send(new ProducerRecord<>("plain-a", "key-" + i, "value-" + i)).get();
      }
    }
    List<ConsumerRecord<String, String>> received = consume(kafka, "plain-a", "read_uncommitted", sent.size());
    assertEquals(Set.copyOf(sent), values(received));
    Set<Integer> partitions = new HashSet<>();
    received.forEach(r -> partitions.add(r.partition()));
    assertEquals(Set.of(0, 1, 2), partitions, "keys spread over all three partitions");
  }

  @Test
  void readCommittedConsumerSeesCommittedTransactionOnly() throws Exception {
    kafka.createTopics(3, "txn");
    try (KafkaProducer<String, String> producer =
        producer(kafka, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-it"))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("txn", "a", "aborted-1"));
      producer.send(new ProducerRecord<>("txn", "b", "aborted-2"));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>("txn", "k" + i, "committed-" + i));
      }
      producer.commitTransaction();
    }
    List<ConsumerRecord<String, String>> committed = consume(kafka, "txn", "read_committed", 10);
    assertEquals(10, committed.size());
    committed.forEach(r -> assertTrue(r.value().startsWith("committed-"), r.value()));
    // The aborted records were flushed to the log: only the isolation level hides them.
    assertTrue(values(consume(kafka, "txn", "read_uncommitted", 12)).contains("aborted-1"));
  }

  @Test
  void createsTopicWithConfigs() throws Exception {
    kafka.createTopic("compacted", 2, Map.of("cleanup.policy", "compact"));
    kafka.createTopic("compacted", 2, Map.of("cleanup.policy", "compact"));
    try (Admin admin = Admin.create(kafka.adminConfig())) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "compacted");
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      assertEquals("compact", config.get("cleanup.policy").value());
      assertEquals(2, admin.describeTopics(List.of("compacted")).allTopicNames().get()
          .get("compacted").partitions().size());
    }
  }

  @Test
  void restartOnSameDirectoryKeepsTopicsAndRecords(@TempDir Path dir) {
    Path dataDir = dir.resolve("kafka");
    try (EmbeddedKafka first = EmbeddedKafka.start(dataDir)) {
      first.createTopics(3, "durable");
      try (KafkaProducer<String, String> producer = producer(first, Map.of())) {
        for (int i = 0; i < 20; i++) {
          producer.send(new ProducerRecord<>("durable", "key-" + i, "kept-" + i));
        }
      }
    }
    assertTrue(Files.isRegularFile(dataDir.resolve("meta.properties")), "data directory kept on close");

    try (EmbeddedKafka second = EmbeddedKafka.start(dataDir)) {
      Set<String> expected = new HashSet<>();
      for (int i = 0; i < 20; i++) {
        expected.add("kept-" + i);
      }
      assertEquals(expected, values(consume(second, "durable", "read_uncommitted", 20)));
      second.createTopics(3, "durable");
    }
  }

  @Test
  void temporaryDirectoryIsDeletedOnCloseAndCloseIsIdempotent() {
    EmbeddedKafka temporary = EmbeddedKafka.start();
    Path dataDir = temporary.dataDir();
    assertTrue(Files.isRegularFile(dataDir.resolve("meta.properties")));
    temporary.close();
    assertFalse(Files.exists(dataDir), "temporary data directory deleted");
    temporary.close();
  }

  @Test
  void retriesOnNewPortsWhenAPortWasTaken(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      List<int[]> handedOut = new ArrayList<>();
      Supplier<int[]> ports = () -> {
        int[] next;
        if (handedOut.isEmpty()) {
          next = new int[] {taken.getLocalPort(), freePort()};
        } else {
          next = new int[] {freePort(), freePort()};
        }
        handedOut.add(next);
        return next;
      };
      try (EmbeddedKafka retried = EmbeddedKafka.launch(dir.resolve("kafka"), false, ports, null)) {
        assertEquals(2, handedOut.size(), "second attempt after the bind failure");
        assertEquals("127.0.0.1:" + handedOut.get(1)[0], retried.bootstrapServers());
        retried.createTopics(1, "after-retry");
      }
    }
  }

  @Test
  void failsClearlyWhenPortsAreTakenTwice(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> EmbeddedKafka.launch(dir.resolve("kafka"), false, () -> new int[] {taken.getLocalPort(), freePort()}, null));
      assertTrue(e.getMessage().contains("took its loopback ports"), e.getMessage());
    }
  }

  @Test
  void refusesASecondBrokerOnADirectoryInUse(@TempDir Path dir) {
    Path dataDir = dir.resolve("kafka");
    try (EmbeddedKafka first = EmbeddedKafka.start(dataDir)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> EmbeddedKafka.start(dataDir));
      assertTrue(e.getMessage().contains("in use by another embedded broker"), e.getMessage());
      first.createTopics(1, "still-serving");
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafka broker, Map<String, Object> extra) {
    Map<String, Object> config = broker.adminConfig();
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.putAll(extra);
    return new KafkaProducer<>(config);
  }

  /** Reads a topic from the beginning until {@code expected} records arrived or 30 s passed. */
  private static List<ConsumerRecord<String, String>> consume(EmbeddedKafka broker, String topic,
      String isolation, int expected) {
    Map<String, Object> config = broker.adminConfig();
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic + "-" + isolation + "-" + System.nanoTime());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      // One more short poll: anything beyond the expected count would show up here.
      consumer.poll(Duration.ofMillis(300)).forEach(records::add);
    }
    return records;
  }

  private static Set<String> values(List<ConsumerRecord<String, String>> records) {
    Set<String> values = new HashSet<>();
    records.forEach(r -> values.add(r.value()));
    return values;
  }
}
