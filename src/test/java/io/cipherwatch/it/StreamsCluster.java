package io.cipherwatch.it;

import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.embedded.EmbeddedKafka;
import io.cipherwatch.serde.AvroSerde;
import io.cipherwatch.serde.MockSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;

/** One embedded broker plus helpers to run cipherwatch instances against it and read their outputs. */
final class StreamsCluster implements AutoCloseable {
  final EmbeddedKafka kafka = EmbeddedKafka.start();
  final String scope = "it-" + UUID.randomUUID();
  final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
  final Map<String, String> base = new HashMap<>();
  private final KafkaProducer<byte[], byte[]> producer;
  private final AvroSerde<HandshakeEvent> eventSerde = new AvroSerde<>(HandshakeEvent.class);
  private final AvroSerde<TrunkMetadata> metadataSerde = new AvroSerde<>(TrunkMetadata.class);

  StreamsCluster(int partitions, Map<String, String> settings) {
    base.put("bootstrap.servers", kafka.bootstrapServers());
    base.put("schema.registry.url", "mock://" + scope);
    base.put("application.id", prefix + "cipherwatch");
    base.put("cipherwatch.topics.input", prefix + "tls-handshakes");
    base.put("cipherwatch.topics.metadata", prefix + "trunk-metadata");
    base.put("cipherwatch.topics.usage", prefix + "cipher-usage");
    base.put("cipherwatch.topics.fleet", prefix + "fleet-usage");
    base.put("cipherwatch.topics.alerts", prefix + "deprecation-alerts");
    base.put("cipherwatch.topics.dlq", prefix + "tls-handshakes-dlq");
    base.put("cipherwatch.topics.readiness", prefix + "removal-readiness");
    base.put("cipherwatch.topics.create", "true");
    base.put("cipherwatch.topics.partitions", Integer.toString(partitions));
    base.put("cipherwatch.topics.replication-factor", "1");
    base.put("cipherwatch.http.port", "0");
    base.put("cipherwatch.management.port", "0");
    base.put("commit.interval.ms", "200");
    base.put("num.stream.threads", "2");
    base.putAll(settings);
    eventSerde.configure(base, false);
    metadataSerde.configure(base, false);
    Map<String, Object> p = new HashMap<>(kafka.adminConfig());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    producer = new KafkaProducer<>(p);
    kafka.createTopics(partitions, base.get("cipherwatch.topics.input"), base.get("cipherwatch.topics.usage"),
        base.get("cipherwatch.topics.fleet"), base.get("cipherwatch.topics.alerts"),
        base.get("cipherwatch.topics.dlq"));
    kafka.createTopic(base.get("cipherwatch.topics.metadata"), 1, Map.of("cleanup.policy", "compact"));
    kafka.createTopic(base.get("cipherwatch.topics.readiness"), partitions, Map.of("cleanup.policy", "compact"));
  }

  String topic(String setting) {
    return base.get("cipherwatch.topics." + setting);
  }

  /** Starts an instance with its own state directory (or the given one) and waits until it is RUNNING. */
  CipherwatchApp startApp(Path stateDir) throws Exception {
    Map<String, String> m = new HashMap<>(base);
    m.put("state.dir", (stateDir != null ? stateDir : Files.createTempDirectory("cw-it")).toString());
    CipherwatchApp app = new CipherwatchApp(CipherwatchConfig.of(m));
    app.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (app.streams().state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not RUNNING: " + app.streams().state());
      }
      Thread.sleep(50);
    }
    return app;
  }

  void send(HandshakeEvent e) {
    producer.send(new ProducerRecord<>(topic("input"), null, e.getTimestamp().toEpochMilli(),
        e.getTrunkId().getBytes(StandardCharsets.UTF_8), eventSerde.serializer().serialize(topic("input"), e)));
  }

  void sendRaw(byte[] key, byte[] value) {
    producer.send(new ProducerRecord<>(topic("input"), key, value));
  }

  void metadata(TrunkMetadata md) {
    producer.send(new ProducerRecord<>(topic("metadata"), md.getTrunkId().getBytes(StandardCharsets.UTF_8),
        metadataSerde.serializer().serialize(topic("metadata"), md)));
  }

  /** A time tick on every partition of the input topic. */
  void tick(long epochMillis, int partitions) {
    for (int p = 0; p < partitions; p++) {
      producer.send(new ProducerRecord<>(topic("input"), p, epochMillis, null, null,
          io.cipherwatch.topology.CipherwatchTopology.tickHeaders(epochMillis)));
    }
  }

  void sendRecord(String topic, byte[] value) {
    producer.send(new ProducerRecord<>(topic, null, value));
  }

  /** Commits the application's consumer group offsets on {@code topic} at its end (as if it had consumed it). */
  void commitApplicationOffsetsToEnd(String topic) throws Exception {
    try (Admin admin = Admin.create(kafka.adminConfig())) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (TopicPartitionInfo p : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
          .partitions()) {
        latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
      }
      Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
      admin.listOffsets(latest).all().get().forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o.offset())));
      admin.alterConsumerGroupOffsets(base.get("application.id"), commit).all().get();
    }
  }

  void flush() {
    producer.flush();
  }

  /** How long a topic must stay at its end, once the application has consumed all input, to count as idle. */
  static final Duration QUIET = Duration.ofSeconds(3);

  /**
   * Reads a topic with read_committed until the application is idle: its consumer group has committed every
   * record of the input topic, the topic has been read to its end and nothing new has come for {@link #QUIET}
   * since. Stopping at an expected count instead would leave late duplicates unseen.
   *
   * @throws AssertionError when that does not happen within {@code timeout}
   */
  <T extends SpecificRecord> List<T> readAll(String topic, Class<T> type, Duration timeout) throws Exception {
    AvroSerde<T> serde = new AvroSerde<>(type);
    serde.configure(base, false);
    Map<String, Object> c = new HashMap<>(kafka.adminConfig());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<T> out = new ArrayList<>();
    try (Admin admin = Admin.create(kafka.adminConfig());
        KafkaConsumer<String, T> consumer = new KafkaConsumer<>(c, new StringDeserializer(), serde.deserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      long idleSince = Long.MAX_VALUE;
      while (System.nanoTime() < deadline) {
        int n = 0;
        for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r.value());
          n++;
        }
        boolean idle = n == 0 && atEnd(consumer, partitions) && applicationConsumedAll(admin, topic("input"));
        if (!idle) {
          idleSince = Long.MAX_VALUE;
        } else if (idleSince == Long.MAX_VALUE) {
          idleSince = System.nanoTime();
        } else if (System.nanoTime() - idleSince >= QUIET.toNanos()) {
          return out;
        }
      }
    }
    throw new AssertionError("the application did not become idle within " + timeout + " (" + out.size()
        + " records read from " + topic + ")");
  }

  private static boolean atEnd(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    for (TopicPartition tp : partitions) {
      if (consumer.position(tp) < end.get(tp)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the application's consumer group has committed the end offset of every partition of {@code topic}. */
  private boolean applicationConsumedAll(Admin admin, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed = admin
        .listConsumerGroupOffsets(base.get("application.id")).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (TopicPartitionInfo p : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()) {
      latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
    }
    for (Map.Entry<TopicPartition, ListOffsetsResultInfo> e : admin.listOffsets(latest).all().get().entrySet()) {
      OffsetAndMetadata done = committed.get(e.getKey());
      if (e.getValue().offset() > (done == null ? 0 : done.offset())) {
        return false;
      }
    }
    return true;
  }

  /** Reads a topic with read_committed until {@code done} holds for what was read, or the timeout passes. */
  <T extends SpecificRecord> List<T> readUntil(String topic, Class<T> type, Predicate<List<T>> done,
      Duration timeout) {
    AvroSerde<T> serde = new AvroSerde<>(type);
    serde.configure(base, false);
    Map<String, Object> c = new HashMap<>(kafka.adminConfig());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<T> out = new ArrayList<>();
    try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
        serde.deserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(out) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r.value());
        }
      }
      // anything more that is already there (duplicates would show here)
      long quiet = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (System.nanoTime() < quiet) {
        for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r.value());
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    producer.close();
    kafka.close();
    MockSchemaRegistry.drop(scope);
  }
}
