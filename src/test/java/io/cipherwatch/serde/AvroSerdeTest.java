package io.cipherwatch.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.TrunkMetadata;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
  private static final String SCOPE = "avro-serde-test";
  private static final String TOPIC = "tls-handshakes";
  private final MockSchemaRegistry registry = MockSchemaRegistry.scope(SCOPE);

  @AfterEach
  void drop() {
    MockSchemaRegistry.drop(SCOPE);
  }

  private static Map<String, Object> config(Object... more) {
    Map<String, Object> c = new HashMap<>();
    c.put("schema.registry.url", "mock://" + SCOPE);
    for (int i = 0; i < more.length; i += 2) {
      c.put((String) more[i], more[i + 1]);
    }
    return c;
  }

  private static AvroSerde<HandshakeEvent> serde(Object... more) {
    AvroSerde<HandshakeEvent> serde = new AvroSerde<>(HandshakeEvent.class);
    serde.configure(config(more), false);
    return serde;
  }

  @Test
  void writesConfluentWireFormatAndRoundTrips() throws Exception {
    HandshakeEvent event = Fixtures.event("e-1");
    byte[] bytes = serde().serializer().serialize(TOPIC, event);

    int id = registry.getId(TOPIC + "-value", HandshakeEvent.getClassSchema());
    assertEquals(0, bytes[0], "magic byte");
    assertEquals(id, ByteBuffer.wrap(bytes, 1, 4).getInt(), "big-endian schema id");
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(plain, null);
    new SpecificDatumWriter<>(HandshakeEvent.class).write(event, enc);
    enc.flush();
    assertArrayEquals(plain.toByteArray(), Arrays.copyOfRange(bytes, 5, bytes.length), "Avro binary body");

    assertEquals(event, serde().deserializer().deserialize(TOPIC, bytes));
    assertNull(serde().serializer().serialize(TOPIC, null));
    assertNull(serde().deserializer().deserialize(TOPIC, null));
  }

  @Test
  void badMagicByteSaysWhatWasFoundAndWhatToDo() {
    UnknownMagicByteException e = assertThrows(UnknownMagicByteException.class,
        () -> serde().deserializer().deserialize(TOPIC, "{\"eventId\":1}".getBytes()));
    assertEquals("BAD_MAGIC_BYTE", e.reason());
    assertTrue(e.getMessage().contains("not in Confluent Avro wire format") && e.getMessage().contains("0x7b")
        && e.getMessage().contains(TOPIC) && e.getMessage().contains("schema-registry Avro serializer"),
        e.getMessage());
    UnknownMagicByteException empty = assertThrows(UnknownMagicByteException.class,
        () -> serde().deserializer().deserialize(TOPIC, new byte[0]));
    assertTrue(empty.getMessage().contains("empty payload"), empty.getMessage());
  }

  @Test
  void unknownIdTruncatedAndTrailingBytesAreReported() {
    assertEquals("UNKNOWN_SCHEMA_ID", assertThrows(UnknownSchemaIdException.class,
        () -> serde().deserializer().deserialize(TOPIC, Fixtures.wire(4242, new byte[] {2, 'a'}))).reason());
    assertEquals("CORRUPT_AVRO", assertThrows(CorruptAvroException.class,
        () -> serde().deserializer().deserialize(TOPIC, new byte[] {0, 0, 1})).reason());

    byte[] good = serde().serializer().serialize(TOPIC, Fixtures.event("e-1"));
    CorruptAvroException truncated = assertThrows(CorruptAvroException.class,
        () -> serde().deserializer().deserialize(TOPIC, Arrays.copyOf(good, good.length - 3)));
    assertTrue(truncated.getMessage().contains("writer schema id 1"), truncated.getMessage());
    CorruptAvroException trailing = assertThrows(CorruptAvroException.class,
        () -> serde().deserializer().deserialize(TOPIC, Arrays.copyOf(good, good.length + 2)));
    assertTrue(trailing.getMessage().contains("left over"), trailing.getMessage());
    // A negative string length in the body (zig-zag 0x01 = -1) right after the header.
    assertThrows(CorruptAvroException.class,
        () -> serde().deserializer().deserialize(TOPIC, Fixtures.wire(1, new byte[] {1, 1, 1})));
  }

  @Test
  void writerSchemaOfAnotherRecordIsIncompatible() {
    int trunkId = registry.register("trunks-value", TrunkMetadata.getClassSchema());
    IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class,
        () -> serde().deserializer().deserialize(TOPIC, Fixtures.wire(trunkId, new byte[] {0})));
    assertEquals("INCOMPATIBLE_SCHEMA", e.reason());
    assertTrue(e.getMessage().contains("TrunkMetadata") || e.getMessage().contains("NAME_MISMATCH"), e.getMessage());
  }

  @Test
  void readsOlderWriterSchemaIntoCurrentClass() {
    HandshakeEvent event = Fixtures.event("e-old");
    int v1 = registry.register(TOPIC + "-value", Fixtures.v1Schema());
    HandshakeEvent read = serde().deserializer().deserialize(TOPIC, Fixtures.wire(v1, Fixtures.avro(Fixtures.asV1(event))));
    assertNull(read.getCallId(), "field missing in v1 gets its default");
    event.setCallId(null);
    assertEquals(event, read);
  }

  @Test
  void withoutAutoRegisterTheSchemaMustExist() {
    AvroSerde<HandshakeEvent> serde = serde("auto.register.schemas", "false");
    SchemaNotRegisteredException e = assertThrows(SchemaNotRegisteredException.class,
        () -> serde.serializer().serialize(TOPIC, Fixtures.event("e")));
    assertTrue(e.getMessage().contains(TOPIC + "-value") && e.getMessage().contains("auto.register.schemas"),
        e.getMessage());
    int id = registry.register(TOPIC + "-value", HandshakeEvent.getClassSchema());
    assertEquals(id, ByteBuffer.wrap(serde.serializer().serialize(TOPIC, Fixtures.event("e")), 1, 4).getInt());
  }

  @Test
  void useLatestVersionWritesWithTheLatestSchemaFillingDefaults() throws Exception {
    Schema v3 = Fixtures.handshakeSchema(fields -> fields.addObject()
        .put("name", "region").put("type", "string").put("default", "eu-central"));
    registry.register(TOPIC + "-value", HandshakeEvent.getClassSchema());
    int v3Id = registry.register(TOPIC + "-value", v3);
    HandshakeEvent event = Fixtures.event("e-latest");
    byte[] bytes = serde("use.latest.version", true, "auto.register.schemas", false).serializer()
        .serialize(TOPIC, event);

    assertEquals(v3Id, ByteBuffer.wrap(bytes, 1, 4).getInt());
    GenericRecord asV3 = new GenericDatumReader<GenericRecord>(v3)
        .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
    assertEquals("eu-central", asV3.get("region").toString());
    assertEquals("e-latest", asV3.get("eventId").toString());
    assertEquals(event, serde().deserializer().deserialize(TOPIC, bytes), "reads back as the app's class");

    Schema sameAsOurs = HandshakeEvent.getClassSchema();
    registry.register("exact-value", sameAsOurs);
    byte[] exact = serde("use.latest.version", true).serializer().serialize("exact", event);
    assertEquals(registry.getId("exact-value", sameAsOurs), ByteBuffer.wrap(exact, 1, 4).getInt());
  }

  @Test
  void useLatestVersionRefusesALatestSchemaThatCannotHoldTheRecord() {
    Schema narrower = Fixtures.handshakeSchema(fields -> {
      fields.remove(fields.size() - 1);
      fields.addObject().put("name", "tenant").put("type", "string");
    });
    registry.register("odd2-value", narrower);
    IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class,
        () -> serde("use.latest.version", true).serializer().serialize("odd2", Fixtures.event("e")));
    assertTrue(e.getMessage().contains("tenant") && e.getMessage().contains("use.latest.version"), e.getMessage());
  }

  @Test
  void recordNameStrategyRegistersUnderTheRecordName() {
    AvroSerde<HandshakeEvent> serde = serde("value.subject.name.strategy",
        "io.confluent.kafka.serializers.subject.RecordNameStrategy");
    serde.serializer().serialize(TOPIC, Fixtures.event("e"));
    assertEquals(1, registry.latest("io.cipherwatch.avro.HandshakeEvent").version());
    assertThrows(SchemaNotRegisteredException.class, () -> registry.latest(TOPIC + "-value"));

    AvroSerializer<HandshakeEvent> keySerializer = new AvroSerializer<>(HandshakeEvent.class);
    keySerializer.configure(config(), true);
    keySerializer.serialize(TOPIC, Fixtures.event("e"));
    assertEquals(1, registry.latest(TOPIC + "-key").version());
  }

  @Test
  void registersOncePerTopicAndFetchesEachWriterSchemaOnce() {
    CountingClient counting = new CountingClient(registry);
    AvroSerde<HandshakeEvent> serde = new AvroSerde<>(HandshakeEvent.class, counting);
    serde.configure(config(), false);
    List<byte[]> written = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      written.add(serde.serializer().serialize(TOPIC, Fixtures.event("e-" + i)));
      written.add(serde.serializer().serialize("other", Fixtures.event("o-" + i)));
    }
    assertEquals(2, counting.registers.get(), "one registration per topic");
    int v1 = registry.register(TOPIC + "-value", Fixtures.v1Schema());
    for (int i = 0; i < 50; i++) {
      written.add(Fixtures.wire(v1, Fixtures.avro(Fixtures.asV1(Fixtures.event("v1-" + i)))));
    }
    for (byte[] b : written) {
      serde.deserializer().deserialize(TOPIC, b);
    }
    assertEquals(2, counting.byIds.get(), "one by-id lookup per writer schema id");
    assertThrows(UnknownSchemaIdException.class, () -> serde.deserializer().deserialize(TOPIC, Fixtures.wire(77, new byte[0])));
    assertThrows(UnknownSchemaIdException.class, () -> serde.deserializer().deserialize(TOPIC, Fixtures.wire(77, new byte[0])));
    assertEquals(4, counting.byIds.get(), "unknown ids are not cached: they may be registered later");
  }

  @Test
  void oneDeserializerIsSafeToShareAcrossThreads() throws Exception {
    AvroSerde<HandshakeEvent> serde = serde();
    int v1 = registry.register(TOPIC + "-value", Fixtures.v1Schema());
    List<HandshakeEvent> expected = new ArrayList<>();
    List<byte[]> payloads = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      HandshakeEvent e = Fixtures.event("e-" + i);
      e.setOfferedCipherSuites(List.of(i, i + 1, i + 2).subList(0, 1 + i % 3));
      if (i % 2 == 0) {
        payloads.add(Fixtures.wire(v1, Fixtures.avro(Fixtures.asV1(e))));
        e.setCallId(null);
      } else {
        payloads.add(serde.serializer().serialize(TOPIC, e));
      }
      expected.add(e);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        results.add(pool.submit(() -> {
          int ok = 0;
          for (int round = 0; round < 25; round++) {
            for (int i = 0; i < payloads.size(); i++) {
              int k = (i + offset * 37) % payloads.size();
              if (expected.get(k).equals(serde.deserializer().deserialize(TOPIC, payloads.get(k)))) {
                ok++;
              }
            }
          }
          return ok;
        }));
      }
      for (Future<Integer> f : results) {
        assertEquals(25 * payloads.size(), f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void invalidRecordAndUnconfiguredSerdeFailClearly() {
    HandshakeEvent broken = Fixtures.event("e");
    broken.setEdgeId(null);
    InvalidRecordException e = assertThrows(InvalidRecordException.class,
        () -> serde().serializer().serialize(TOPIC, broken));
    assertEquals("INVALID_RECORD", e.reason());
    AvroSerde<HandshakeEvent> withClient = new AvroSerde<>(HandshakeEvent.class, registry);
    withClient.configure(Map.of(), false);
    HandshakeEvent event = Fixtures.event("e");
    assertEquals(event, withClient.deserializer().deserialize(TOPIC, withClient.serializer().serialize(TOPIC, event)),
        "a serde given its client needs no schema.registry.url");
    IllegalStateException notConfigured = assertThrows(IllegalStateException.class,
        () -> new AvroSerde<>(HandshakeEvent.class).serializer().serialize(TOPIC, Fixtures.event("e")));
    assertTrue(notConfigured.getMessage().contains("configure"), notConfigured.getMessage());
  }

  @Test
  void everyFailureIsASerializationExceptionWithItsReason() {
    Map<SchemaRegistrySerdeException, String> reasons = Map.of(
        new UnknownMagicByteException("t", new byte[] {1}), "BAD_MAGIC_BYTE",
        new UnknownSchemaIdException(1, "mock://x"), "UNKNOWN_SCHEMA_ID",
        new CorruptAvroException("m", null), "CORRUPT_AVRO",
        new RegistryUnavailableException("http://r", 3, "p", null), "REGISTRY_UNAVAILABLE",
        new IncompatibleSchemaException("m"), "INCOMPATIBLE_SCHEMA",
        new SchemaNotRegisteredException("m"), "SCHEMA_NOT_REGISTERED",
        new RegistryRequestException("m", 401, null), "REGISTRY_ERROR",
        new InvalidRecordException("m", null), "INVALID_RECORD");
    reasons.forEach((e, reason) -> {
      assertInstanceOf(SerializationException.class, e);
      assertEquals(reason, e.reason());
    });
  }
}
