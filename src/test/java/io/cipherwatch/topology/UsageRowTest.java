package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.policy.Classification;
import io.cipherwatch.serde.AvroSerde;
import io.cipherwatch.serde.MockSchemaRegistry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The usage sink's direct encoding against the generated class's writer, byte for byte. */
class UsageRowTest {
  private static final String SCOPE = "usage-row-test";
  private static final String TOPIC = "cipher-usage";
  /** Suites the random rows pick from: common, deprecated, unassigned, GREASE, the code space's ends. */
  private static final int[] SUITES = {0xC02F, 0xC030, 0x1301, 0x003D, 0xC028, 0x009C, 0x1234, 0x0A0A, 0x0000,
      0xFFFF};
  private static final String[] TEXTS = {"", "a", "Acme Contact Center", "Zürich Süd", "東京トランク", "😀 emoji",
      "x".repeat(200)};

  private final MockSchemaRegistry registry = MockSchemaRegistry.scope(SCOPE);

  @AfterEach
  void drop() {
    MockSchemaRegistry.drop(SCOPE);
  }

  private static AvroSerde<CipherUsage> avro(boolean useLatest) {
    AvroSerde<CipherUsage> serde = new AvroSerde<>(CipherUsage.class);
    serde.configure(Map.of("schema.registry.url", "mock://" + SCOPE, "use.latest.version", useLatest), false);
    return serde;
  }

  private static List<UsageRow> randomRows(long seed, int n) {
    Random r = new Random(seed);
    List<UsageRow> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      UsageCounts c = new UsageCounts();
      for (int k = r.nextInt(4) == 0 ? 0 : r.nextInt(60); k > 0; k--) {
        Classification cls = Classification.values()[r.nextInt(Classification.values().length)];
        c.add(cls, cls == Classification.FAILED ? -1 : SUITES[r.nextInt(SUITES.length)]);
      }
      TrunkMetadata md = r.nextInt(5) == 0 ? null : TrunkMetadata.newBuilder()
          .setTrunkId("t")
          .setTrunkName(text(r)).setOrganizationId(text(r)).setOrganizationName(text(r)).setTrunkType(text(r))
          .setCarrier(text(r)).setRegion(text(r)).setContact(r.nextBoolean() ? null : text(r))
          .setLabels(Map.of()).build();
      long start = r.nextInt(3) == 0 ? -r.nextLong(1L << 50) : r.nextLong(1L << 50);
      long policyVersion = r.nextInt(3) == 0 ? 0 : r.nextLong() >>> r.nextInt(64);
      rows.add(UsageRow.of(r.nextBoolean() ? "trunk-" + i : text(r) + i, Direction.values()[r.nextInt(2)],
          start, start + 3_600_000L, c, md, policyVersion));
    }
    return rows;
  }

  private static String text(Random r) {
    return TEXTS[r.nextInt(TEXTS.length)];
  }

  @Test
  void writesTheBytesOfTheGeneratedClassesWriter() {
    AvroSerde<CipherUsage> reference = avro(false);
    Serde<UsageRow> serde = UsageRow.serde(avro(false));
    for (UsageRow row : randomRows(7, 2_000)) {
      CipherUsage record = row.toAvro();
      byte[] direct = serde.serializer().serialize(TOPIC, row);
      assertArrayEquals(reference.serializer().serialize(TOPIC, record), direct, row::toString);
      assertEquals(record, reference.deserializer().deserialize(TOPIC, direct));
    }
  }

  @Test
  void withUseLatestVersionOnANewerSchemaRowsAreWrittenByName() {
    registry.register(TOPIC + "-value", CipherUsage.getClassSchema());
    Schema newer = new Schema.Parser().parse(CipherUsage.getClassSchema().toString().replaceFirst("\"fields\":\\[",
        "\"fields\":[{\"name\":\"extra\",\"type\":\"string\",\"default\":\"x\"},"));
    int newerId = registry.register(TOPIC + "-value", newer);
    AvroSerde<CipherUsage> reference = avro(true);
    Serde<UsageRow> serde = UsageRow.serde(avro(true));
    for (UsageRow row : randomRows(11, 50)) {
      byte[] direct = serde.serializer().serialize(TOPIC, row);
      assertEquals(newerId, ByteBuffer.wrap(direct, 1, 4).getInt());
      assertArrayEquals(reference.serializer().serialize(TOPIC, row.toAvro()), direct);
    }
  }

  @Test
  void aRowKeepsItsCountsWhenTheCountsItWasMadeFromChange() {
    UsageCounts scratch = new UsageCounts();
    scratch.add(Classification.CLEAN, 0xC02F);
    UsageRow row = UsageRow.of("t", Direction.INBOUND, 0, 1, scratch.copy(), null, 0);
    scratch.add(Classification.DEPRECATED_ONLY, 0x003D);
    assertEquals(1, row.toAvro().getHandshakes());
    assertEquals(Map.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 1L), row.toAvro().getCipherCounts());
  }

  @Test
  void theSerdeRefusesASchemaWhoseFieldsItDoesNotWrite() {
    List<String> moved = new ArrayList<>(UsageRow.FIELDS);
    moved.add(moved.remove(0));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> UsageRow.requireFields(moved));
    assertEquals(true, e.getMessage().contains("change UsageRow with the schema"), e.getMessage());
    UsageRow.requireFields(UsageRow.FIELDS);
  }

  @Test
  void theSinkSerdeDoesNotReadRows() {
    Serde<UsageRow> serde = UsageRow.serde(avro(false));
    assertThrows(RuntimeException.class, () -> serde.deserializer().deserialize(TOPIC, new byte[] {0, 0, 0, 0, 1}));
  }
}
