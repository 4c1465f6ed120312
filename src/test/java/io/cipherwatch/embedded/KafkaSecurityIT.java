package io.cipherwatch.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.security.TlsDefaults;
import io.cipherwatch.security.TestPki;
import io.cipherwatch.serde.AvroDeserializer;
import io.cipherwatch.serde.AvroSerializer;
import io.cipherwatch.serde.MockSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cipherwatch against a broker whose listeners require mutual TLS (SSL) and SCRAM-SHA-512 over TLS (SASL_SSL),
 * with certificates made at test time: the application is configured the way {@code run} is, from a properties
 * file holding only documented keys (Kafka's {@code security.protocol}, {@code ssl.*}, {@code sasl.*} passed
 * through), and turns a few handshakes into a usage row and an alert.
 */
class KafkaSecurityIT {
  private static final String USER = "cipherwatch";
  private static final String SCRAM_PASSWORD = "scram-Pw-7d41";
  private static final long T0 = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();

  @TempDir
  static Path dir;
  static TestPki pki;
  static EmbeddedKafka kafka;

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.create(Files.createDirectories(dir.resolve("pki")));
    kafka = EmbeddedKafka.start(new BrokerSecurity(pki.serverP12, pki.truststoreP12, TestPki.PASSWORD,
        Map.of(USER, SCRAM_PASSWORD)));
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  /** Client keys for mutual TLS. */
  private static Map<String, String> sslKeys() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("bootstrap.servers", kafka.bootstrapServers("SSL"));
    c.put("security.protocol", "SSL");
    c.put("ssl.truststore.location", pki.truststoreP12.toString());
    c.put("ssl.truststore.password", TestPki.PASSWORD);
    c.put("ssl.truststore.type", "PKCS12");
    c.put("ssl.keystore.location", pki.clientP12.toString());
    c.put("ssl.keystore.password", TestPki.PASSWORD);
    c.put("ssl.keystore.type", "PKCS12");
    c.put("ssl.key.password", TestPki.PASSWORD);
    return c;
  }

  /** Client keys for SCRAM-SHA-512 over TLS (server authenticated by the trust store only). */
  private static Map<String, String> saslKeys(String password) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("bootstrap.servers", kafka.bootstrapServers("SASL_SSL"));
    c.put("security.protocol", "SASL_SSL");
    c.put("sasl.mechanism", "SCRAM-SHA-512");
    c.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + USER + "\" password=\"" + password + "\";");
    c.put("ssl.truststore.location", pki.truststoreP12.toString());
    c.put("ssl.truststore.password", TestPki.PASSWORD);
    c.put("ssl.truststore.type", "PKCS12");
    return c;
  }

  @Test
  void runsEndToEndOverMutualTls() throws Exception {
    runEndToEnd("mtls", sslKeys());
  }

  @Test
  void runsEndToEndOverScramSha512() throws Exception {
    runEndToEnd("scram", saslKeys(SCRAM_PASSWORD));
  }

  @Test
  void theListenersRefuseClientsWithoutTheirCredentials() {
    Map<String, String> noCert = new HashMap<>(sslKeys());
    noCert.keySet().removeIf(k -> k.startsWith("ssl.keystore") || k.equals("ssl.key.password"));
    assertRefused(noCert);
    assertRefused(saslKeys("wrong-password"));
  }

  private static void assertRefused(Map<String, String> keys) {
    Map<String, Object> admin = new HashMap<>(keys);
    admin.put("request.timeout.ms", "5000");
    admin.put("default.api.timeout.ms", "8000");
    try (Admin a = Admin.create(admin)) {
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> a.describeCluster().nodes().get(15, TimeUnit.SECONDS));
      String cause = e.getCause().getClass().getSimpleName();
      assertTrue(cause.endsWith("AuthenticationException"), "refused at authentication: " + e.getCause());
    }
  }

  private void runEndToEnd(String name, Map<String, String> security) throws Exception {
    String scope = "kafka-security-" + name;
    Map<String, String> topics = Map.of("cipherwatch.topics.input", name + "-handshakes",
        "cipherwatch.topics.metadata", name + "-metadata", "cipherwatch.topics.usage", name + "-usage",
        "cipherwatch.topics.fleet", name + "-fleet", "cipherwatch.topics.alerts", name + "-alerts",
        "cipherwatch.topics.dlq", name + "-dlq");
    Properties file = new Properties();
    file.putAll(security);
    file.putAll(topics);
    file.put("schema.registry.url", "mock://" + scope);
    file.put("application.id", "cw-" + name);
    file.put("state.dir", dir.resolve("state-" + name).toString());
    file.put("cipherwatch.topics.create", "true");
    file.put("cipherwatch.topics.partitions", "1");
    file.put("cipherwatch.topics.replication-factor", "1");
    file.put("cipherwatch.http.port", "0");
    file.put("cipherwatch.http.bind", "127.0.0.1");
    file.put("cipherwatch.usage.window.size", "PT1M");
    file.put("cipherwatch.usage.window.advance", "PT1M");
    file.put("cipherwatch.usage.window.grace", "PT0S");
    Path properties = dir.resolve(name + ".properties");
    try (var w = Files.newBufferedWriter(properties)) {
      file.store(w, null);
    }
    CipherwatchConfig cfg = CipherwatchConfig.load(properties, Map.of(), Map.of());
    assertEquals(String.join(",", TlsDefaults.CIPHER_SUITES), cfg.kafka().get("ssl.cipher.suites"),
        "cipherwatch's Kafka clients use the AEAD-only list unless configured otherwise");
    try (CipherwatchApp app = new CipherwatchApp(cfg)) {
      app.start();
      await(Duration.ofSeconds(60), () -> app.streams().state() == KafkaStreams.State.RUNNING);

      Map<String, Object> clientKeys = new HashMap<>(cfg.kafka());
      clientKeys.keySet().removeIf(k -> k.startsWith("cipherwatch.") || k.startsWith("application.")
          || k.startsWith("processing.") || k.startsWith("producer.") || k.equals("state.dir"));
      produce(clientKeys, scope, topics.get("cipherwatch.topics.input"));

      Map<String, Object> consumerKeys = new HashMap<>(clientKeys);
      consumerKeys.put("isolation.level", "read_committed");
      consumerKeys.put("auto.offset.reset", "earliest");
      consumerKeys.put("group.id", "reader-" + name);
      List<CipherUsage> usage = read(consumerKeys, scope, topics.get("cipherwatch.topics.usage"), CipherUsage.class, 1);
      CipherUsage first = usage.get(0);
      assertEquals("trunk-sec-1", first.getTrunkId());
      assertEquals(T0, first.getWindowStart().toEpochMilli());
      assertEquals(3, first.getHandshakes());
      List<DeprecationAlert> alerts = read(consumerKeys, scope, topics.get("cipherwatch.topics.alerts"),
          DeprecationAlert.class, 1);
      assertEquals("trunk-sec-1", alerts.get(0).getTrunkId());
      assertEquals("OPEN", alerts.get(0).getState().name());
    } finally {
      MockSchemaRegistry.drop(scope);
    }
  }

  private static void produce(Map<String, Object> keys, String scope, String topic) throws Exception {
    AvroSerializer<HandshakeEvent> events = new AvroSerializer<>(HandshakeEvent.class);
    events.configure(Map.of("schema.registry.url", "mock://" + scope), false);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(new HashMap<>(keys), new StringSerializer(),
        new ByteArraySerializer())) {
      long[] times = {T0 + 1_000, T0 + 2_000, T0 + 3_000, T0 + 150_000};
      for (int i = 0; i < times.length; i++) {
        HandshakeEvent e = HandshakeEvent.newBuilder().setEventId("ev-" + i).setEdgeId("edge-1")
            .setTrunkId("trunk-sec-1").setDirection(Direction.INBOUND).setTimestamp(Instant.ofEpochMilli(times[i]))
            .setProtocolVersion("TLSv1.2").setOfferedCipherSuites(List.of(0x003D, 0xC02F))
            .setNegotiatedCipherSuite(0x003D).setOutcome(HandshakeOutcome.ESTABLISHED).build();
        producer.send(new ProducerRecord<>(topic, null, times[i], "trunk-sec-1", events.serialize(topic, e))).get();
      }
    }
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> List<T> read(Map<String, Object> keys,
      String scope, String topic, Class<T> type, int atLeast) throws Exception {
    AvroDeserializer<T> values = new AvroDeserializer<>(type);
    values.configure(Map.of("schema.registry.url", "mock://" + scope), false);
    List<T> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(new HashMap<>(keys), new StringDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (out.size() < atLeast && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          out.add(values.deserialize(topic, r.value()));
        }
      }
    }
    assertTrue(out.size() >= atLeast, "expected at least " + atLeast + " records on " + topic + ", got "
        + out.stream().map(Object::toString).collect(Collectors.joining("; ")));
    return out;
  }

  private static void await(Duration timeout, java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not done within " + timeout);
      }
      Thread.sleep(100);
    }
  }
}
