package io.cipherwatch.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.TrunkMetadata;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockSchemaRegistryTest {
  private static final String SCOPE = "mock-registry-test";
  private final MockSchemaRegistry registry = MockSchemaRegistry.scope(SCOPE);

  @AfterEach
  void drop() {
    MockSchemaRegistry.drop(SCOPE);
  }

  @Test
  void registerIsIdempotentAndIdsAreGlobal() {
    Schema schema = HandshakeEvent.getClassSchema();
    int id = registry.register("handshakes-value", schema);
    assertEquals(1, id);
    assertEquals(id, registry.register("handshakes-value", new Schema.Parser().parse(schema.toString())));
    assertEquals(id, registry.register("other-value", schema), "same schema, same id in another subject");
    assertEquals(2, registry.register("trunks-value", TrunkMetadata.getClassSchema()));
    assertEquals(1, registry.latest("handshakes-value").version(), "re-registering adds no version");
  }

  @Test
  void lookupsByIdSubjectAndLatest() {
    int id = registry.register("handshakes-value", HandshakeEvent.getClassSchema());
    assertEquals(HandshakeEvent.getClassSchema(), registry.getById(id));
    assertEquals(id, registry.getId("handshakes-value", HandshakeEvent.getClassSchema()));
    RegisteredSchema latest = registry.latest("handshakes-value");
    assertEquals(new RegisteredSchema("handshakes-value", id, 1, HandshakeEvent.getClassSchema()), latest);

    UnknownSchemaIdException unknown = assertThrows(UnknownSchemaIdException.class, () -> registry.getById(99));
    assertEquals(99, unknown.schemaId());
    assertEquals("UNKNOWN_SCHEMA_ID", unknown.reason());
    assertEquals("SCHEMA_NOT_REGISTERED", assertThrows(SchemaNotRegisteredException.class,
        () -> registry.getId("trunks-value", HandshakeEvent.getClassSchema())).reason());
    assertThrows(SchemaNotRegisteredException.class, () -> registry.latest("nothing-value"));
  }

  @Test
  void backwardCompatibleEvolutionIsAcceptedAndIncompatibleRejected() {
    int v1 = registry.register("handshakes-value", Fixtures.v1Schema());
    int v2 = registry.register("handshakes-value", HandshakeEvent.getClassSchema());
    assertNotEquals(v1, v2);
    assertEquals(2, registry.latest("handshakes-value").version());

    Schema requiredNewField = Fixtures.handshakeSchema(fields -> fields.addObject()
        .put("name", "region").put("type", "string"));
    IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class,
        () -> registry.register("handshakes-value", requiredNewField));
    assertEquals("INCOMPATIBLE_SCHEMA", e.reason());
    assertTrue(e.getMessage().contains("handshakes-value") && e.getMessage().contains("READER_FIELD_MISSING_DEFAULT_VALUE")
        && e.getMessage().contains("region"), e.getMessage());
    assertEquals(2, registry.latest("handshakes-value").version(), "refused schema adds no version");
    assertEquals(3, registry.register("other-value", requiredNewField), "other subjects are unaffected");
  }

  @Test
  void scopesAreSharedByNameIsolatedAndDroppable() {
    assertSame(registry, SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", "mock://" + SCOPE)));
    registry.register("a-value", HandshakeEvent.getClassSchema());
    MockSchemaRegistry other = MockSchemaRegistry.scope(SCOPE + "-other");
    try {
      assertThrows(UnknownSchemaIdException.class, () -> other.getById(1));
    } finally {
      MockSchemaRegistry.drop(SCOPE + "-other");
    }
    MockSchemaRegistry.drop(SCOPE);
    MockSchemaRegistry fresh = MockSchemaRegistry.scope(SCOPE);
    assertNotSame(registry, fresh);
    assertThrows(UnknownSchemaIdException.class, () -> fresh.getById(1));
    assertEquals("mock://" + SCOPE, fresh.location());
  }
}
