package io.cipherwatch.bench;

import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.config.Settings;
import io.cipherwatch.embedded.EmbeddedKafka;
import io.cipherwatch.serde.AvroSerde;
import io.cipherwatch.serde.MockSchemaRegistry;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the phases of one bench run share: the options, the in-process broker and its admin client, the memory
 * watch, the run id that prefixes every topic and group, and the helpers that create topics, configure
 * instances and wait for them. Phases hand their results back as typed records; nothing here is a result.
 */
final class BenchContext implements AutoCloseable {
  static final String REGISTRY_SCOPE = "bench";
  private static final Duration RUNNING_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

  final BenchOptions o;
  final PrintStream log;
  final String runId;
  final EmbeddedKafka kafka;
  final Admin admin;
  final MemoryWatch memory;
  /** Configuration every instance starts from: the broker, the mock registry, the metadata topic. */
  final Map<String, String> base = new HashMap<>();
  final String metadataTopic;
  /** Per-phase figures (seconds, peaks, extras) in run order, for the JSON's {@code phases}. */
  final Map<String, Object> phases = new LinkedHashMap<>();
  private final List<Path> tempDirs;

  private BenchContext(BenchOptions o, PrintStream log, String runId, EmbeddedKafka kafka, List<Path> tempDirs,
      MemoryWatch memory) {
    this.o = o;
    this.log = log;
    this.runId = runId;
    this.kafka = kafka;
    this.tempDirs = tempDirs;
    this.memory = memory;
    this.admin = Admin.create(kafka.adminConfig());
    this.metadataTopic = "bench-" + runId + "-trunk-metadata";
    base.put("bootstrap.servers", kafka.bootstrapServers());
    base.put("schema.registry.url", "mock://" + REGISTRY_SCOPE);
    base.put("cipherwatch.topics.metadata", metadataTopic);
    base.put("cipherwatch.http.port", "0");
    base.put("cipherwatch.management.port", "0");
    // the live policy and the probe results: empty (the configured policy applies), shared by every instance
    String policy = "bench-" + runId + "-cipher-policy";
    String probes = "bench-" + runId + "-remote-probes";
    base.put(Settings.TOPIC_POLICY.key(), policy);
    base.put(Settings.TOPIC_PROBES.key(), probes);
    kafka.createTopics(1, policy, probes);
  }

  /** Starts the broker (in a temporary directory) and creates the compacted metadata topic. */
  static BenchContext start(BenchOptions o, PrintStream log, String runId) throws IOException {
    List<Path> dirs = new ArrayList<>();
    MemoryWatch memory = new MemoryWatch();
    EmbeddedKafka kafka = null;
    try {
      Path brokerDir = Files.createTempDirectory("cw-bench-kafka");
      dirs.add(brokerDir);
      kafka = EmbeddedKafka.start(brokerDir);
      BenchContext c = new BenchContext(o, log, runId, kafka, dirs, memory);
      kafka.createTopic(c.metadataTopic, 1, Map.of("cleanup.policy", "compact"));
      memory.phase();
      return c;
    } catch (IOException | RuntimeException e) {
      if (kafka != null) {
        kafka.close();
      }
      memory.close();
      dirs.forEach(BenchContext::deleteRecursively);
      throw e;
    }
  }

  /** Configuration of a cipherwatch instance reading {@code inputTopic}, with its own output topics (created). */
  Map<String, String> appConfig(String prefix, String inputTopic) throws IOException {
    Map<String, String> m = new HashMap<>(base);
    m.put("application.id", prefix + "cipherwatch");
    m.put("state.dir", tempDir("cw-bench-state").toString());
    m.put("num.stream.threads", Integer.toString(o.streamThreads()));
    m.putAll(o.settings());
    m.put("cipherwatch.topics.input", inputTopic);
    String[] outputs = {"usage", "fleet", "alerts", "dlq", "readiness"};
    String[] names = {"cipher-usage", "fleet-usage", "deprecation-alerts", "tls-handshakes-dlq",
        "removal-readiness"};
    String[] topics = new String[outputs.length];
    for (int i = 0; i < outputs.length; i++) {
      topics[i] = prefix + names[i];
      m.put("cipherwatch.topics." + outputs[i], topics[i]);
    }
    kafka.createTopics(o.partitions(), topics);
    return m;
  }

  <T extends SpecificRecord> AvroSerde<T> serde(Class<T> type) {
    AvroSerde<T> serde = new AvroSerde<>(type);
    serde.configure(base, false);
    return serde;
  }

  /** A producer for pre-producing input: {@link #producerConfig} with a 128 MiB buffer. */
  KafkaProducer<byte[], byte[]> producer(int lingerMs, int batchBytes) {
    Map<String, Object> p = producerConfig(lingerMs, batchBytes);
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L << 20);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  Map<String, Object> producerConfig(int lingerMs, int batchBytes) {
    Map<String, Object> p = kafka.adminConfig();
    p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, batchBytes);
    return p;
  }

  /** Waits until the instance is RUNNING; returns the nanoTime it got there. */
  static long awaitRunning(KafkaStreams streams, long began) throws InterruptedException {
    long deadline = began + RUNNING_TIMEOUT.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      failIfStopped(streams);
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the instance did not reach RUNNING within " + RUNNING_TIMEOUT.toSeconds()
            + " s (state " + streams.state() + "); see the log above for the cause");
      }
      Thread.sleep(10);
    }
    return System.nanoTime();
  }

  static long awaitRunning(CipherwatchApp app, long began) throws InterruptedException {
    return awaitRunning(app.streams(), began);
  }

  static void failIfStopped(KafkaStreams streams) {
    KafkaStreams.State s = streams.state();
    if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING
        || s == KafkaStreams.State.PENDING_ERROR) {
      throw new IllegalStateException("the instance stopped (state " + s + ") during the bench; see the log above");
    }
  }

  /** Waits until {@code group} has committed {@code end} on every partition, failing if the instance stops. */
  void awaitCommitted(KafkaStreams streams, String group, Map<TopicPartition, Long> end, Duration timeout)
      throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get();
      boolean done = true;
      for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        done &= c != null && c.offset() >= e.getValue();
      }
      if (done) {
        return;
      }
      if (streams != null) {
        failIfStopped(streams);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the instance did not commit the end of the input within "
            + timeout.toSeconds() + " s; committed " + committed + ", end " + end);
      }
      // each check is an admin request the broker answers on the same cores: 10 a second, not 50
      Thread.sleep(100);
    }
  }

  /** A timeout for processing the whole input: generous, as a busy machine may be slow. */
  Duration inputTimeout(long events) {
    return Duration.ofSeconds(Math.max(300, events / 500));
  }

  Map<TopicPartition, Long> endOffsets(String topic) throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> query = new HashMap<>();
    for (int p = 0; p < o.partitions(); p++) {
      query.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> end = new HashMap<>();
    admin.listOffsets(query).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
    return end;
  }

  long records(String topic) throws ExecutionException, InterruptedException {
    return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
  }

  /** The records of {@code topic} that belong to committed transactions. */
  long committedRecords(String topic) throws Exception {
    Map<TopicPartition, Long> end = endOffsets(topic);
    Map<String, Object> config = kafka.adminConfig();
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    long count = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>(end.keySet());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end within "
              + READ_TIMEOUT.toMinutes() + " min");
        }
        count += consumer.poll(Duration.ofMillis(100)).count();
      }
    }
    return count;
  }

  private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  static double counterTotal(CipherwatchApp app, String name) {
    return app.registry().find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  /** Records a phase's time, its memory peaks and extra figures. */
  void endPhase(String name, double seconds, Map<String, Object> extra) {
    MemoryWatch.Peaks p = memory.phase();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seconds", seconds);
    m.putAll(extra);
    m.put("peakHeapBytes", p.heapBytes());
    m.put("peakRssBytes", p.rssBytes());
    phases.put(name, m);
  }

  Path tempDir(String prefix) throws IOException {
    Path p = Files.createTempDirectory(prefix);
    tempDirs.add(p);
    return p;
  }

  static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  static long sizeOf(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot measure " + dir, e);
    }
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a temporary directory
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
    kafka.close();
    memory.close();
    MockSchemaRegistry.drop(REGISTRY_SCOPE);
    tempDirs.forEach(BenchContext::deleteRecursively);
  }
}
