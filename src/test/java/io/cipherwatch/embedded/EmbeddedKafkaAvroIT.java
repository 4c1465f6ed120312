package io.cipherwatch.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.serde.AvroSerde;
import io.cipherwatch.serde.MockSchemaRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** HandshakeEvents through our Confluent-format serde on the embedded broker, both ways. */
class EmbeddedKafkaAvroIT {
  @Test
  void handshakeEventsRoundTripThroughTheSerde() {
    String scope = "embedded-avro-" + UUID.randomUUID();
    Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://" + scope);
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        AvroSerde<HandshakeEvent> serde = new AvroSerde<>(HandshakeEvent.class)) {
      serde.configure(serdeConfig, false);
      kafka.createTopics(3, "tls-handshakes");
      List<HandshakeEvent> sent = new ArrayList<>();
      try (KafkaProducer<String, HandshakeEvent> producer = new KafkaProducer<>(kafka.adminConfig(),
          new StringSerializer(), serde.serializer())) {
        for (int i = 0; i < 50; i++) {
          HandshakeEvent e = HandshakeEvent.newBuilder().setEventId("e" + i).setEdgeId("edge").setTrunkId("t" + i % 7)
              .setDirection(i % 2 == 0 ? Direction.INBOUND : Direction.OUTBOUND)
              .setTimestamp(Instant.ofEpochMilli(1_772_445_600_000L + i)).setProtocolVersion("TLSv1.2")
              .setOfferedCipherSuites(List.of(0x0A0A, 0xC02F, 0x003D)).setNegotiatedCipherSuite(0xC02F)
              .setOutcome(HandshakeOutcome.ESTABLISHED).setSni(i % 3 == 0 ? "sip.example.com" : null).build();
          sent.add(e);
          producer.send(new ProducerRecord<>("tls-handshakes", e.getTrunkId(), e));
        }
      }
      Map<String, Object> c = new HashMap<>(kafka.adminConfig());
      c.put(ConsumerConfig.GROUP_ID_CONFIG, "reader");
      c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      List<HandshakeEvent> received = new ArrayList<>();
      try (KafkaConsumer<String, HandshakeEvent> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
          serde.deserializer())) {
        consumer.subscribe(List.of("tls-handshakes"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (received.size() < sent.size() && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, HandshakeEvent> r : consumer.poll(Duration.ofMillis(200))) {
            assertEquals(r.key(), r.value().getTrunkId());
            received.add(r.value());
          }
        }
      }
      received.sort((a, b) -> Integer.compare(Integer.parseInt(a.getEventId().substring(1)),
          Integer.parseInt(b.getEventId().substring(1))));
      assertEquals(sent, received);
    } finally {
      MockSchemaRegistry.drop(scope);
    }
  }
}
