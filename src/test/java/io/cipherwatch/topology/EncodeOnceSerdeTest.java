package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.metrics.Records;
import io.cipherwatch.serde.AvroSerde;
import io.cipherwatch.serde.MockSchemaRegistry;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EncodeOnceSerdeTest {
  private static final String SCOPE = "encode-once-serde-test";
  private static final String STORE_TOPIC = "app-fleet-latest-changelog";
  private static final String OUTPUT_TOPIC = "fleet-usage";
  private final MockSchemaRegistry registry = MockSchemaRegistry.scope(SCOPE);

  @AfterEach
  void drop() {
    MockSchemaRegistry.drop(SCOPE);
  }

  private static AvroSerde<FleetUsage> inner(boolean useLatest) {
    AvroSerde<FleetUsage> serde = new AvroSerde<>(FleetUsage.class);
    serde.configure(Map.of("schema.registry.url", "mock://" + SCOPE, "use.latest.version", useLatest), false);
    return serde;
  }

  private static FleetUsage row() {
    return Records.fleet(Direction.INBOUND, 3600, 10, 4, 1, Map.of("TLS_AES_128_GCM_SHA256", 10L), 1, 0, 0, 2);
  }

  /** FleetUsage with one more field (with a default): a later, backward-compatible version. */
  private static Schema withExtraField() {
    return new Schema.Parser().parse(FleetUsage.getClassSchema().toString().replaceFirst("\"fields\":\\[",
        "\"fields\":[{\"name\":\"extra\",\"type\":\"string\",\"default\":\"x\"},"));
  }

  @Test
  void secondWriteReusesTheBodyWhenBothTopicsUseTheSameSchema() {
    EncodeOnceSerde<FleetUsage> serde = new EncodeOnceSerde<>(inner(false));
    FleetUsage r = row();
    byte[] store = serde.serializer().serialize(STORE_TOPIC, r);
    byte[] out = serde.serializer().serialize(OUTPUT_TOPIC, r);
    assertArrayEquals(inner(false).serializer().serialize(OUTPUT_TOPIC, r), out);
    assertEquals(store.length, out.length);
  }

  @Test
  void withUseLatestVersionTheHeaderAlwaysNamesTheSchemaTheBodyWasWrittenWith() {
    // the store's subject has moved on to a newer schema, the output topic's has not
    registry.register(STORE_TOPIC + "-value", FleetUsage.getClassSchema());
    int newer = registry.register(STORE_TOPIC + "-value", withExtraField());
    int current = registry.register(OUTPUT_TOPIC + "-value", FleetUsage.getClassSchema());
    EncodeOnceSerde<FleetUsage> serde = new EncodeOnceSerde<>(inner(true));
    for (int i = 0; i < 2; i++) { // the first round learns the headers, the second reuses what it may
      FleetUsage r = row();
      byte[] store = serde.serializer().serialize(STORE_TOPIC, r);
      byte[] out = serde.serializer().serialize(OUTPUT_TOPIC, r);
      assertEquals(newer, ByteBuffer.wrap(store, 1, 4).getInt());
      assertEquals(current, ByteBuffer.wrap(out, 1, 4).getInt());
      assertArrayEquals(inner(true).serializer().serialize(OUTPUT_TOPIC, r), out,
          "round " + i + ": the output body must be written with the schema its header names");
      assertEquals(r, serde.deserializer().deserialize(OUTPUT_TOPIC, out));
    }
  }
}
