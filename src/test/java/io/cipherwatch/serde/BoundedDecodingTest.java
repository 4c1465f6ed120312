package io.cipherwatch.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.TrunkMetadata;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hostile input to the deserializer: sizes are checked before anything is allocated. */
class BoundedDecodingTest {
  private static final String TOPIC = "tls-handshakes";
  private static final String SCOPE = "bounded-decoding";

  private final AvroSerde<HandshakeEvent> serde = serde(HandshakeEvent.class, Map.of());

  private static <T extends org.apache.avro.specific.SpecificRecord> AvroSerde<T> serde(Class<T> type,
      Map<String, Object> more) {
    AvroSerde<T> s = new AvroSerde<>(type);
    Map<String, Object> cfg = new HashMap<>(more);
    cfg.put("schema.registry.url", "mock://" + SCOPE);
    s.configure(cfg, false);
    return s;
  }

  @AfterEach
  void drop() {
    MockSchemaRegistry.drop(SCOPE);
  }

  private byte[] encode(HandshakeEvent e) {
    return serde.serializer().serialize(TOPIC, e);
  }

  private SchemaRegistrySerdeException reject(byte[] payload) {
    return assertThrows(SchemaRegistrySerdeException.class, () -> serde.deserializer().deserialize(TOPIC, payload));
  }

  /** Bytes this thread allocates while running {@code r} (HotSpot's per-thread counter). */
  private static long allocated(Runnable r) {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(id);
    r.run();
    return mx.getThreadAllocatedBytes(id) - before;
  }

  @Test
  void anElevenByteRecordClaimingATwoGigabyteStringAllocatesNothingOfIt() {
    int id = ConfluentWireFormat.schemaId(TOPIC, encode(Fixtures.event("e-1")));
    // header, then eventId's length: zigzag(2^31) as a varint (5 bytes), then one byte of "content"
    byte[] hostile = {0, 0, 0, 0, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x10, 'x'};
    ConfluentWireFormat.writeHeader(hostile, id);
    assertEquals(11, hostile.length);
    reject(hostile); // warm up: the first call builds and caches the reader
    long bytes = allocated(() -> {
      SchemaRegistrySerdeException e = reject(hostile);
      assertEquals("CORRUPT_AVRO", e.reason());
      assertTrue(e.getMessage().contains("claims a length of 2147483648 but only 1 bytes are left"), e.getMessage());
    });
    assertTrue(bytes < 64 * 1024, "allocated " + bytes + " bytes rejecting an 11-byte record");
  }

  @Test
  void aRecordOverTheSizeLimitIsRejectedBeforeItsHeaderIsRead() {
    byte[] big = new byte[64 * 1024 + 1];
    big[0] = 7; // not even the magic byte: size comes first
    SchemaRegistrySerdeException e = reject(big);
    assertEquals("RECORD_TOO_LARGE", e.reason());
    assertTrue(e.getMessage().contains("65537 bytes") && e.getMessage().contains("cipherwatch.input.max-record-bytes"),
        e.getMessage());
    AvroSerde<HandshakeEvent> small = serde(HandshakeEvent.class, Map.of("cipherwatch.input.max-record-bytes", "100"));
    byte[] ok = encode(Fixtures.event("e-1"));
    assertTrue(ok.length > 100);
    assertEquals("RECORD_TOO_LARGE", assertThrows(InputLimitException.class,
        () -> small.deserializer().deserialize(TOPIC, ok)).reason());
  }

  @Test
  void anOfferOverTheSuiteLimitAndAnIdOverTwoHundredFiftySixCharactersHaveTheirOwnReasons() {
    List<Integer> many = new ArrayList<>(Collections.nCopies(512, 0xC02F));
    HandshakeEvent atLimit = Fixtures.event("e-1");
    atLimit.setOfferedCipherSuites(many);
    atLimit.setTrunkId("é".repeat(256)); // 512 bytes, 256 characters
    assertEquals(atLimit, serde.deserializer().deserialize(TOPIC, encode(atLimit)));

    HandshakeEvent tooMany = Fixtures.event("e-2");
    List<Integer> more = new ArrayList<>(many);
    more.add(0x003D);
    tooMany.setOfferedCipherSuites(more);
    SchemaRegistrySerdeException suites = reject(encode(tooMany));
    assertEquals("TOO_MANY_SUITES", suites.reason());
    assertTrue(suites.getMessage().contains("offeredCipherSuites") && suites.getMessage().contains("512"),
        suites.getMessage());

    for (String field : List.of("eventId", "edgeId", "trunkId")) {
      HandshakeEvent longId = Fixtures.event("e-3");
      longId.put(field, "x".repeat(257));
      SchemaRegistrySerdeException e = reject(encode(longId));
      assertEquals("ID_TOO_LONG", e.reason(), field);
      assertTrue(e.getMessage().contains(field) && e.getMessage().contains("257 characters"), e.getMessage());
    }
    HandshakeEvent longAgent = Fixtures.event("e-4");
    longAgent.setRemoteUserAgent("y".repeat(1000));
    assertEquals(longAgent, serde.deserializer().deserialize(TOPIC, encode(longAgent)), "only ids are capped");

    AvroSerde<HandshakeEvent> strict = serde(HandshakeEvent.class, Map.of("cipherwatch.input.max-offered-suites", 3));
    assertEquals("TOO_MANY_SUITES", assertThrows(InputLimitException.class,
        () -> strict.deserializer().deserialize(TOPIC, encode(Fixtures.event("e-5")))).reason());
  }

  @Test
  void lengthLiesAreCorruptAvro() {
    byte[] good = encode(Fixtures.event("e-1"));
    // eventId "e-1": length byte 6 (zigzag 3) right after the header; claim 60 characters instead
    byte[] lie = good.clone();
    assertEquals(6, lie[5]);
    lie[5] = 120;
    assertEquals("CORRUPT_AVRO", reject(lie).reason());
    // an array block that claims 60 items where a handful of bytes are left
    HandshakeEvent e = Fixtures.event("e-2");
    e.setOfferedCipherSuites(List.of(1));
    byte[] one = encode(e);
    int at = indexOfArrayCount(one, e);
    one[at] = 120;
    SchemaRegistrySerdeException arr = reject(one);
    assertEquals("CORRUPT_AVRO", arr.reason());
    assertTrue(arr.getMessage().contains("offeredCipherSuites"), arr.getMessage());
    // bytes after the record
    byte[] tail = Arrays.copyOf(good, good.length + 1);
    assertTrue(reject(tail).getMessage().contains("left over"));
  }

  /** Position of the array's first block count: after the header and the fields before it. */
  private static int indexOfArrayCount(byte[] payload, HandshakeEvent e) {
    int pos = ConfluentWireFormat.HEADER_SIZE;
    pos += 1 + e.getEventId().length() + 1 + e.getEdgeId().length() + 1 + e.getTrunkId().length();
    pos += 1; // direction enum
    while (payload[pos] < 0) { // timestamp varint
      pos++;
    }
    pos++;
    pos += 1 + e.getProtocolVersion().length();
    assertEquals(2, payload[pos], "zigzag(1) item count");
    return pos;
  }

  @Test
  void everyTruncationAndEveryBitFlipEndsCleanly() {
    byte[] good = encode(Fixtures.event("e-1"));
    for (int len = 0; len < good.length; len++) {
      byte[] cut = Arrays.copyOf(good, len);
      SchemaRegistrySerdeException e = reject(cut);
      assertTrue(Arrays.asList("BAD_MAGIC_BYTE", "CORRUPT_AVRO").contains(e.reason()), len + ": " + e.reason());
    }
    int decoded = 0;
    for (int bit = ConfluentWireFormat.HEADER_SIZE * 8; bit < good.length * 8; bit++) {
      byte[] flipped = good.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      decoded += outcome(flipped);
    }
    Random random = new Random(13);
    for (int i = 0; i < 20_000; i++) {
      byte[] mutated = good.clone();
      for (int k = 0, n = 1 + random.nextInt(4); k < n; k++) {
        mutated[ConfluentWireFormat.HEADER_SIZE + random.nextInt(good.length - ConfluentWireFormat.HEADER_SIZE)] =
            (byte) random.nextInt(256);
      }
      decoded += outcome(mutated);
    }
    assertTrue(decoded > 0, "some mutations still decode (e.g. inside a string)");
  }

  /** 1 when the payload decodes, 0 when it is rejected with a record-fault reason; anything else fails. */
  private int outcome(byte[] payload) {
    try {
      serde.deserializer().deserialize(TOPIC, payload);
      return 1;
    } catch (SchemaRegistrySerdeException e) {
      assertTrue(Arrays.asList("CORRUPT_AVRO", "TOO_MANY_SUITES", "ID_TOO_LONG").contains(e.reason()), e.reason());
      return 0;
    } catch (RuntimeException | Error e) {
      fail("escaped: " + e, e);
      return -1;
    }
  }

  @Test
  void trunkMetadataIsCheckedTheSameWay() {
    AvroSerde<TrunkMetadata> md = serde(TrunkMetadata.class, Map.of());
    TrunkMetadata m = TrunkMetadata.newBuilder().setTrunkId("trunk-1").setTrunkName("n").setOrganizationId("o")
        .setOrganizationName("on").setTrunkType("BYOC_CLOUD").setCarrier("c").setRegion("eu").setLabels(Map.of("a", "b"))
        .build();
    byte[] good = md.serializer().serialize("trunk-metadata", m);
    assertEquals(m, md.deserializer().deserialize("trunk-metadata", good));
    byte[] lie = good.clone();
    lie[lie.length - 6] = 120; // the labels map's entry count
    assertEquals("CORRUPT_AVRO", assertThrows(CorruptAvroException.class,
        () -> md.deserializer().deserialize("trunk-metadata", lie)).reason());
    m.setOrganizationId("o".repeat(300));
    byte[] longId = md.serializer().serialize("trunk-metadata", m);
    assertEquals("ID_TOO_LONG", assertThrows(InputLimitException.class,
        () -> md.deserializer().deserialize("trunk-metadata", longId)).reason());
  }
}
