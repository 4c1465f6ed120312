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
import org.apache.kafka.clients.consumer.ConsumerConfig;
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

  void flush() {
    producer.flush();
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
