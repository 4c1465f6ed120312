package io.cipherwatch.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.simulate.FleetSimulator;
import io.cipherwatch.simulate.FleetSpec;
import io.cipherwatch.simulate.SimulatedRecord;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The serializer's compiled writer (a performance change) must write exactly the bytes Avro's
 * {@link SpecificDatumWriter} writes, for every record type, nulls and empty collections included.
 */
class AvroWriterEquivalenceTest {
  final String scope = "writer-equivalence-" + UUID.randomUUID();
  final Map<String, Object> config = Map.of("schema.registry.url", "mock://" + scope);
  final Random random = new Random(11);

  @AfterEach
  void dropRegistry() {
    MockSchemaRegistry.drop(scope);
  }

  static byte[] reference(SpecificRecord r) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(bytes, null);
    new SpecificDatumWriter<SpecificRecord>(r.getSchema(), SpecificData.getForClass(r.getClass())).write(r, enc);
    enc.flush();
    return bytes.toByteArray();
  }

  <T extends SpecificRecord> void assertSameBytes(Class<T> type, List<T> records) throws Exception {
    AvroSerializer<T> ser = new AvroSerializer<>(type);
    ser.configure(config, false);
    for (T r : records) {
      byte[] wire = ser.serialize(type.getSimpleName(), r);
      assertArrayEquals(reference(r), Arrays.copyOfRange(wire, ConfluentWireFormat.HEADER_SIZE, wire.length),
          () -> "bytes of " + r);
    }
  }

  @Test
  void simulatedEventsAndMetadataEncodeLikeAvro() throws Exception {
    FleetSimulator sim = new FleetSimulator(FleetSpec.defaults(300, 1_772_445_600_000L, 6 * 3_600_000L)
        .withFaultRate(0.2), 3);
    List<HandshakeEvent> events = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      SimulatedRecord r = sim.next(1_772_445_600_000L + i * 7_000L);
      if (r.event() != null) {
        events.add(r.event());
      }
    }
    assertSameBytes(HandshakeEvent.class, events);
    assertSameBytes(TrunkMetadata.class, sim.trunks());
  }

  @Test
  void randomOutputRecordsEncodeLikeAvro() throws Exception {
    for (int round = 0; round < 300; round++) {
      assertSameBytes(CipherUsage.class, List.of(randomRecord(CipherUsage.class)));
      assertSameBytes(FleetUsage.class, List.of(randomRecord(FleetUsage.class)));
      assertSameBytes(DeprecationAlert.class, List.of(randomRecord(DeprecationAlert.class)));
      assertSameBytes(DeadLetter.class, List.of(randomRecord(DeadLetter.class)));
      assertSameBytes(TrunkMetadata.class, List.of(randomRecord(TrunkMetadata.class)));
    }
  }

  @Test
  void invalidRecordFailsWithAvrosMessage() {
    AvroSerializer<CipherUsage> ser = new AvroSerializer<>(CipherUsage.class);
    ser.configure(config, false);
    CipherUsage u = randomRecord(CipherUsage.class);
    u.setTrunkId(null);
    InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> ser.serialize("t", u));
    assertEquals(true, e.getMessage().contains("trunkId"), e.getMessage());
  }

  @SuppressWarnings("unchecked")
  <T extends SpecificRecord> T randomRecord(Class<T> type) {
    SpecificData model = SpecificData.getForClass(type);
    Schema schema = model.getSchema(type);
    T r = (T) model.newRecord(null, schema);
    for (Schema.Field f : schema.getFields()) {
      r.put(f.pos(), value(f.schema(), model));
    }
    return r;
  }

  Object value(Schema s, SpecificData model) {
    if (s.getLogicalType() != null && s.getLogicalType().getName().equals("timestamp-millis")) {
      return Instant.ofEpochMilli(random.nextLong() >>> 22);
    }
    switch (s.getType()) {
      case UNION:
        List<Schema> types = s.getTypes();
        return value(types.get(random.nextInt(types.size())), model);
      case NULL:
        return null;
      case STRING:
        return random.nextInt(5) == 0 ? "" : "s\u00e9-" + Long.toHexString(random.nextLong());
      case LONG:
        return random.nextInt(4) == 0 ? (long) random.nextInt(3) : random.nextLong() >> random.nextInt(64);
      case INT:
        return random.nextInt() >> random.nextInt(32);
      case DOUBLE:
        return random.nextDouble();
      case BOOLEAN:
        return random.nextBoolean();
      case BYTES:
        byte[] b = new byte[random.nextInt(20)];
        random.nextBytes(b);
        return ByteBuffer.wrap(b);
      case ENUM:
        Object[] constants = model.getClass(s).getEnumConstants();
        return constants[random.nextInt(constants.length)];
      case ARRAY:
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          list.add(value(s.getElementType(), model));
        }
        return list;
      case MAP:
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          map.put("k" + random.nextInt(1000), value(s.getValueType(), model));
        }
        return map;
      default:
        throw new IllegalArgumentException("no random value for " + s);
    }
  }
}
