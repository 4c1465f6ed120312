package io.cipherwatch.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.capture.synth.SyntheticCapture;
import io.cipherwatch.cli.Main;
import io.cipherwatch.embedded.EmbeddedKafka;
import io.cipherwatch.serde.AvroSerde;
import io.cipherwatch.serde.MockSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code capture --config}: Avro HandshakeEvents keyed by trunkId on the embedded broker, as --out writes them. */
class CaptureKafkaIT {
  @Test
  void publishesTheSameEventsAsTheJsonlOutput(@TempDir Path dir) throws Exception {
    Path pcap = dir.resolve("h.pcap");
    SyntheticCapture.Result gen = SyntheticCapture.write(pcap, 200, 9);
    Path trunks = dir.resolve("trunks.csv");
    Files.writeString(trunks, "trunkId,remote\nlow,10.1.0.0/25\nhigh,10.1.0.128/25\n");
    String scope = "capture-it-" + UUID.randomUUID();
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        AvroSerde<HandshakeEvent> serde = new AvroSerde<>(HandshakeEvent.class)) {
      kafka.createTopics(3, "tls-handshakes");
      Path props = dir.resolve("app.properties");
      Files.writeString(props, "bootstrap.servers=" + kafka.bootstrapServers() + "\n"
          + "schema.registry.url=mock://" + scope + "\n");
      String[] common = {"--pcap", pcap.toString(), "--edge", "10.0.0.1:5061", "--trunks", trunks.toString(),
          "--edge-id", "edge-7"};
      assertEquals(0, Main.commandLine().execute(concat(new String[] {"capture", "--config", props.toString()},
          common)));
      Path jsonl = dir.resolve("e.jsonl");
      assertEquals(0, Main.commandLine().execute(concat(new String[] {"capture", "--out", jsonl.toString()},
          common)));
      List<HandshakeEvent> expected = new ArrayList<>(RealHandshakesIT.read(jsonl));
      assertEquals(gen.handshakes(), expected.size());

      serde.configure(Map.of("schema.registry.url", "mock://" + scope), false);
      Map<String, Object> c = new HashMap<>(kafka.adminConfig());
      c.put(ConsumerConfig.GROUP_ID_CONFIG, "capture-it");
      c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      List<HandshakeEvent> received = new ArrayList<>();
      try (KafkaConsumer<String, HandshakeEvent> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
          serde.deserializer())) {
        consumer.subscribe(List.of("tls-handshakes"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received.size() < expected.size() && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, HandshakeEvent> r : consumer.poll(Duration.ofMillis(200))) {
            assertEquals(r.key(), r.value().getTrunkId());
            assertEquals(r.timestamp(), r.value().getTimestamp().toEpochMilli());
            received.add(r.value());
          }
        }
      }
      Comparator<HandshakeEvent> byId = Comparator.comparing(HandshakeEvent::getEventId);
      received.sort(byId);
      expected.sort(byId);
      assertEquals(expected, received);
      assertEquals(List.of("high", "low"), received.stream().map(HandshakeEvent::getTrunkId).distinct().sorted()
          .toList());
    } finally {
      MockSchemaRegistry.drop(scope);
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
