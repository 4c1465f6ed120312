package io.cipherwatch.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.embedded.EmbeddedKafka;
import io.cipherwatch.serde.AvroSerializer;
import io.cipherwatch.serde.MockSchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * Runs cipherwatch instances on an embedded broker for the HTTP/metrics integration tests: one-minute windows,
 * a {@code mock://} schema registry shared by the instances of this fixture, exactly-once, 4 partitions, the API on
 * a free loopback port advertised as {@code application.server} and the management listener on another. Produces
 * scenarios and ticks, and offers HTTP
 * and polling helpers. Close it to stop the instances and the broker and delete the state directories.
 */
public final class AppFixture implements AutoCloseable {
  public static final int PARTITIONS = 4;
  public static final String INPUT = "tls-handshakes";
  public static final String METADATA = "trunk-metadata";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** An HTTP answer. */
  public record Response(int status, HttpResponse<String> raw) {
    public String body() {
      return raw.body();
    }

    public JsonNode json() {
      try {
        return JSON.readTree(raw.body());
      } catch (IOException e) {
        throw new AssertionError("Not JSON (status " + status + "): " + raw.body(), e);
      }
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  public final EmbeddedKafka kafka;
  public final String scope = "http-it-" + UUID.randomUUID();
  public final String applicationId = "cipherwatch-it-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<CipherwatchApp> apps = new ArrayList<>();
  private final List<Path> dirs = new ArrayList<>();
  private KafkaProducer<String, byte[]> producer;
  private AvroSerializer<HandshakeEvent> events;
  private AvroSerializer<TrunkMetadata> metadata;

  private AppFixture(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  /** Starts the broker. */
  public static AppFixture start() {
    return new AppFixture(EmbeddedKafka.start());
  }

  /** The configuration of one instance (own state directory), {@code extra} applied last. */
  public Map<String, String> config(Path stateDir, Map<String, String> extra) {
    Map<String, String> c = new HashMap<>();
    c.put("bootstrap.servers", kafka.bootstrapServers());
    c.put("application.id", applicationId);
    c.put("schema.registry.url", "mock://" + scope);
    c.put("state.dir", stateDir.toString());
    c.put("application.server", "127.0.0.1:0");
    c.put("processing.guarantee", "exactly_once_v2");
    c.put("session.timeout.ms", "6000");
    c.put("heartbeat.interval.ms", "1000");
    c.put("cipherwatch.topics.create", "true");
    c.put("cipherwatch.topics.partitions", Integer.toString(PARTITIONS));
    c.put("cipherwatch.topics.replication-factor", "1");
    c.put("cipherwatch.http.port", "0");
    c.put("cipherwatch.http.bind", "127.0.0.1");
    c.put("cipherwatch.management.port", "0");
    c.put("cipherwatch.management.bind", "127.0.0.1");
    c.put("cipherwatch.usage.window.size", "PT1M");
    c.put("cipherwatch.usage.window.advance", "PT1M");
    c.put("cipherwatch.usage.window.grace", "PT5S");
    c.put("cipherwatch.alerts.resolve-after", "PT1M");
    c.putAll(extra);
    return c;
  }

  /** Starts one more instance (HTTP first, then Streams) in its own temporary state directory. */
  public CipherwatchApp startApp(Map<String, String> extra) {
    Path dir;
    try {
      dir = Files.createTempDirectory("cw-http-it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    dirs.add(dir);
    CipherwatchApp app = new CipherwatchApp(CipherwatchConfig.of(config(dir, extra)));
    apps.add(app);
    app.start();
    return app;
  }

  /** Waits until {@code /ready} of the instance answers 200. */
  public static void awaitReady(CipherwatchApp app, Duration timeout) {
    await(timeout, "instance on port " + app.managementPort() + " ready",
        () -> get(app.managementPort(), "/ready").status() == 200);
  }

  private KafkaProducer<String, byte[]> producer() {
    if (producer == null) {
      Map<String, Object> p = new HashMap<>();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
      Map<String, Object> serde = Map.of("schema.registry.url", "mock://" + scope);
      events = new AvroSerializer<>(HandshakeEvent.class);
      events.configure(serde, false);
      metadata = new AvroSerializer<>(TrunkMetadata.class);
      metadata.configure(serde, false);
    }
    return producer;
  }

  /** Publishes the scenario's trunk metadata. */
  public void sendMetadata(Scenario s) {
    KafkaProducer<String, byte[]> p = producer();
    s.metadata().forEach((trunk, m) -> p.send(new ProducerRecord<>(METADATA, trunk, metadata.serialize(METADATA, m))));
    p.flush();
  }

  /** Publishes the scenario's handshakes, keyed by trunkId (default partitioner). */
  public void sendEvents(Scenario s) {
    KafkaProducer<String, byte[]> p = producer();
    for (HandshakeEvent e : s.events()) {
      p.send(new ProducerRecord<>(INPUT, null, e.getTimestamp().toEpochMilli(), e.getTrunkId(),
          events.serialize(INPUT, e)));
    }
    p.flush();
  }

  /** Publishes a record that is not a registry-framed Avro event (dead-lettered). */
  public void sendGarbage(String key) {
    producer().send(new ProducerRecord<>(INPUT, key, "not avro".getBytes(StandardCharsets.UTF_8)));
    producer.flush();
  }

  /** A tick (header {@code cipherwatch-tick}) to every input partition: closes every window ending before it. */
  public void tick(Instant at) {
    KafkaProducer<String, byte[]> p = producer();
    for (int partition = 0; partition < PARTITIONS; partition++) {
      p.send(new ProducerRecord<>(INPUT, partition, at.toEpochMilli(), null, null,
          io.cipherwatch.topology.CipherwatchTopology.tickHeaders(at.toEpochMilli())));
    }
    p.flush();
  }

  /** The input partition of a trunk under the default partitioner. */
  public static int partitionOf(String trunkId) {
    return Utils.toPositive(Utils.murmur2(trunkId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
  }

  /** Input-topic partitions whose active task runs on the instance (sub-topology 0 reads the input topic). */
  public static Set<Integer> activeInputPartitions(CipherwatchApp app) {
    Set<Integer> out = new TreeSet<>();
    for (ThreadMetadata t : app.streams().metadataForLocalThreads()) {
      for (TaskMetadata task : t.activeTasks()) {
        task.topicPartitions().stream().filter(tp -> tp.topic().equals(INPUT)).forEach(tp -> out.add(tp.partition()));
      }
    }
    return out;
  }

  /** GET {@code http://127.0.0.1:port + pathAndQuery}. */
  public static Response get(int port, String pathAndQuery) {
    try {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
          .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r);
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + pathAndQuery + " on port " + port + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The instance's {@code /metrics}, parsed. */
  public static PromText metrics(CipherwatchApp app) {
    Response r = get(app.managementPort(), "/metrics");
    if (r.status() != 200) {
      throw new AssertionError("/metrics answered " + r.status() + ": " + r.body());
    }
    return PromText.parse(r.body());
  }

  /** Polls {@code condition} every 200 ms until true; an exception counts as false (the last one is reported). */
  public static void await(Duration timeout, String what, Callable<Boolean> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Throwable last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (Boolean.TRUE.equals(condition.call())) {
          return;
        }
        last = null;
      } catch (Exception | AssertionError e) {
        last = e;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("Timed out after " + timeout + " waiting for " + what
        + (last == null ? "" : "; last failure: " + last), last);
  }

  /** Closes one instance (the fixture closes the others at the end). */
  public void stop(CipherwatchApp app) {
    app.close();
    apps.remove(app);
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    for (CipherwatchApp app : apps) {
      app.close();
    }
    kafka.close();
    MockSchemaRegistry.drop(scope);
    for (Path dir : dirs) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot delete " + dir, e);
      }
    }
  }

  /** Whether the instance's Kafka Streams is RUNNING. */
  public static boolean running(CipherwatchApp app) {
    return app.streams().state() == KafkaStreams.State.RUNNING;
  }
}
