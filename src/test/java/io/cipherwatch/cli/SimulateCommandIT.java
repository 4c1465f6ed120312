package io.cipherwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.embedded.EmbeddedKafka;
import io.cipherwatch.serde.AvroDeserializer;
import io.cipherwatch.serde.MockSchemaRegistry;
import io.cipherwatch.simulate.FleetSimulator;
import io.cipherwatch.simulate.FleetSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulateCommandIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String REGISTRY = "simulate-it";
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(3, "tls-handshakes");
    kafka.createTopic("trunk-metadata", 2, Map.of("cleanup.policy", "compact"));
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
    MockSchemaRegistry.drop(REGISTRY);
  }

  private static Object[] simulate(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    int rc;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      List<String> all = new ArrayList<>(List.of("simulate", "--bootstrap-servers", kafka.bootstrapServers(),
          "--schema-registry-url", "mock://" + REGISTRY));
      all.addAll(List.of(args));
      rc = Main.commandLine().execute(all.toArray(new String[0]));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new Object[] {rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
    Map<String, Object> c = new HashMap<>(kafka.adminConfig());
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
      List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      consumer.poll(Duration.ofMillis(500)).forEach(out::add);
    }
    return out;
  }

  @Test
  void publishesTrunksThenExactlyTheSimulatedHandshakes() throws Exception {
    int count = 3_000;
    long before = System.currentTimeMillis();
    long begin = System.nanoTime();
    Object[] r = simulate("--count", Integer.toString(count), "--rate", "2000", "--trunks", "40", "--seed", "11",
        "--progress-every", "500ms");
    long tookMillis = (System.nanoTime() - begin) / 1_000_000;
    long after = System.currentTimeMillis();
    String stdout = (String) r[1];
    assertEquals(0, r[0], stdout + r[2]);
    assertTrue(stdout.contains("published 40 trunks to trunk-metadata and 3,000 handshakes to tls-handshakes"),
        stdout);
    assertTrue(stdout.contains(" sent ("), "progress lines: " + stdout);
    assertTrue(stdout.contains(", 0 send errors"), stdout);
    assertTrue(tookMillis >= 1_400, "paced at --rate: 3,000 at 2,000/s take 1.5 s, took " + tookMillis + " ms");

    FleetSimulator expected = new FleetSimulator(FleetSpec.defaults(40, before, Duration.ofHours(6).toMillis()), 11);
    Set<String> trunkIds = expected.trunks().stream().map(TrunkMetadata::getTrunkId).collect(Collectors.toSet());
    Map<String, Object> serde = Map.of("schema.registry.url", "mock://" + REGISTRY);
    AvroDeserializer<TrunkMetadata> md = new AvroDeserializer<>(TrunkMetadata.class);
    md.configure(serde, false);
    Set<String> published = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> rec : readAll("trunk-metadata", 40)) {
      TrunkMetadata t = md.deserialize("trunk-metadata", rec.value());
      assertEquals(t.getTrunkId(), new String(rec.key(), StandardCharsets.UTF_8));
      published.add(t.getTrunkId());
    }
    assertEquals(trunkIds, published);

    Set<String> expectedIds = new HashSet<>();
    for (int i = 0; i < count; i++) {
      var s = expected.next(before);
      expectedIds.add(s.event() != null ? s.event().getEventId()
          : MAPPER.readTree(s.rawValue()).get("eventId").asText());
    }
    AvroDeserializer<HandshakeEvent> ev = new AvroDeserializer<>(HandshakeEvent.class);
    ev.configure(serde, false);
    List<ConsumerRecord<byte[], byte[]>> records = readAll("tls-handshakes", count);
    assertEquals(count, records.size());
    Set<String> ids = new HashSet<>();
    int raw = 0;
    for (ConsumerRecord<byte[], byte[]> rec : records) {
      assertTrue(rec.timestamp() >= before && rec.timestamp() <= after, "event time is the publishing time");
      if (rec.value()[0] == '{') {
        raw++;
        ids.add(MAPPER.readTree(rec.value()).get("eventId").asText());
        continue;
      }
      HandshakeEvent e = ev.deserialize("tls-handshakes", rec.value());
      assertEquals(e.getTrunkId(), new String(rec.key(), StandardCharsets.UTF_8));
      assertEquals(e.getTimestamp().toEpochMilli(), rec.timestamp());
      assertTrue(e.getTrunkId().isEmpty() || trunkIds.contains(e.getTrunkId()), e.getTrunkId());
      ids.add(e.getEventId());
    }
    assertEquals(expectedIds, ids, "the same handshakes as the simulator with that seed");
    assertTrue(raw < count / 100, "undecodable faults are rare: " + raw);
  }

  @Test
  void missingTopicIsAClearErrorWithExitCode2() {
    Object[] r = simulate("--count", "10", "--topic", "no-such-topic");
    assertEquals(2, r[0]);
    assertTrue(((String) r[2]).contains("[no-such-topic] do not exist"), (String) r[2]);
  }
}
