package io.cipherwatch.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.HandshakeEvent;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry client and serde against a real registry (Apicurio's Confluent-compatible API). */
@ExtendWith(ApicurioRegistryExtension.class)
class ApicurioRegistryIT {
  private static Map<String, Object> config() {
    return Map.of("schema.registry.url", ApicurioRegistryExtension.ccompatUrl());
  }

  private static String unique(String topic) {
    return topic + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void registersLooksUpAndReadsById() {
    String subject = unique("register") + "-value";
    SchemaRegistryClient client = SchemaRegistryClients.fromConfig(config());
    int id = client.register(subject, HandshakeEvent.getClassSchema());
    SchemaRegistryClient fresh = SchemaRegistryClients.fromConfig(config());
    assertEquals(id, fresh.register(subject, HandshakeEvent.getClassSchema()), "idempotent on the server");
    assertEquals(id, fresh.getId(subject, HandshakeEvent.getClassSchema()));
    assertEquals(HandshakeEvent.getClassSchema(), fresh.getById(id));
    RegisteredSchema latest = fresh.latest(subject);
    assertEquals(id, latest.id());
    assertEquals(1, latest.version());

    assertThrows(SchemaNotRegisteredException.class, () -> fresh.getId(unique("none") + "-value", HandshakeEvent.getClassSchema()));
    assertThrows(SchemaNotRegisteredException.class, () -> fresh.latest(unique("none") + "-value"));
    assertThrows(UnknownSchemaIdException.class, () -> fresh.getById(987_654));
  }

  @Test
  void v2ReaderReadsV1BytesAfterCompatibleEvolution() {
    String topic = unique("evolve");
    SchemaRegistryClient client = SchemaRegistryClients.fromConfig(config());
    int v1 = client.register(topic + "-value", Fixtures.v1Schema());
    HandshakeEvent event = Fixtures.event("e-v1");
    byte[] v1Bytes = Fixtures.wire(v1, Fixtures.avro(Fixtures.asV1(event)));

    AvroSerde<HandshakeEvent> serde = new AvroSerde<>(HandshakeEvent.class);
    serde.configure(config(), false);
    byte[] v2Bytes = serde.serializer().serialize(topic, event);
    int v2 = ByteBuffer.wrap(v2Bytes, 1, 4).getInt();
    assertNotEquals(v1, v2, "adding an optional field with a default is a new, accepted version");
    assertEquals(2, client.latest(topic + "-value").version());

    HandshakeEvent fromV1 = serde.deserializer().deserialize(topic, v1Bytes);
    assertNull(fromV1.getCallId());
    assertEquals(event.getEventId(), fromV1.getEventId());
    assertEquals(event.getOfferedCipherSuites(), fromV1.getOfferedCipherSuites());
    assertEquals(event, serde.deserializer().deserialize(topic, v2Bytes));
  }

  @Test
  void incompatibleSchemaIsRejectedWithTheRegistrysMessage() {
    String subject = unique("incompatible") + "-value";
    SchemaRegistryClient client = SchemaRegistryClients.fromConfig(config());
    client.register(subject, HandshakeEvent.getClassSchema());
    Schema trunkIdAsInt = Fixtures.handshakeSchema(fields -> {
      for (var f : fields) {
        if (f.get("name").asText().equals("trunkId")) {
          ((com.fasterxml.jackson.databind.node.ObjectNode) f).put("type", "int");
        }
      }
    });
    IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class,
        () -> client.register(subject, trunkIdAsInt));
    assertEquals("INCOMPATIBLE_SCHEMA", e.reason());
    assertTrue(e.getMessage().contains(subject) && e.getMessage().contains("Incompatible artifact"), e.getMessage());
    assertEquals(1, client.latest(subject).version());
  }

  @Test
  void handshakeEventRoundTripsThroughAvroSerde() {
    String topic = unique("tls-handshakes");
    AvroSerde<HandshakeEvent> producer = new AvroSerde<>(HandshakeEvent.class);
    producer.configure(config(), false);
    AvroSerde<HandshakeEvent> consumer = new AvroSerde<>(HandshakeEvent.class);
    consumer.configure(Map.of("schema.registry.url", ApicurioRegistryExtension.ccompatUrl(),
        "auto.register.schemas", "false"), false);
    for (int i = 0; i < 20; i++) {
      HandshakeEvent event = Fixtures.event("rt-" + i);
      byte[] bytes = producer.serializer().serialize(topic, event);
      assertEquals(event, consumer.deserializer().deserialize(topic, bytes));
    }
    byte[] again = consumer.serializer().serialize(topic, Fixtures.event("lookup"));
    assertEquals(SchemaRegistryClients.fromConfig(config()).getId(topic + "-value", HandshakeEvent.getClassSchema()),
        ByteBuffer.wrap(again, 1, 4).getInt(), "auto.register.schemas=false finds the existing registration");
  }
}
