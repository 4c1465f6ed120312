package io.cipherwatch.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * In-memory schema registry selected by {@code schema.registry.url=mock://<scope>}: every client configured
 * with the same scope in this JVM shares one instance, as with Confluent's mock registry. It behaves like a
 * real registry with compatibility level BACKWARD: ids are global and start at 1, the same schema gets the
 * same id in every subject, re-registering is idempotent, and a new version must be able to read data
 * written with the subject's latest version (Avro's {@link SchemaCompatibility}) or it is refused with
 * {@link IncompatibleSchemaException}. Schemas are identical when their JSON text is identical.
 *
 * <p>For unit tests and the embedded demo; it keeps everything until {@link #drop(String)}.
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {
  private static final Map<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

  private final String scope;
  private final Map<String, Integer> idsByText = new HashMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, List<RegisteredSchema>> subjects = new HashMap<>();

  private MockSchemaRegistry(String scope) {
    this.scope = scope;
  }

  /** The shared registry of {@code scope}, created empty on first use. */
  public static MockSchemaRegistry scope(String scope) {
    return SCOPES.computeIfAbsent(scope, MockSchemaRegistry::new);
  }

  /** Forgets the registry of {@code scope}; the next {@link #scope(String)} starts empty. */
  public static void drop(String scope) {
    SCOPES.remove(scope);
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    String text = schema.toString();
    List<RegisteredSchema> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    for (RegisteredSchema v : versions) {
      if (v.schema().toString().equals(text)) {
        return v.id();
      }
    }
    if (!versions.isEmpty()) {
      RegisteredSchema latest = versions.get(versions.size() - 1);
      SchemaPairCompatibility check = SchemaCompatibility.checkReaderWriterCompatibility(schema, latest.schema());
      if (check.getType() != SchemaCompatibilityType.COMPATIBLE) {
        throw new IncompatibleSchemaException("Schema registry " + location() + " refused the schema for subject '"
            + subject + "': it is not BACKWARD compatible with version " + latest.version() + " (id "
            + latest.id() + "): " + IncompatibleSchemaException.describe(check) + ". Make the change compatible (e.g. give new fields a"
            + " default) or register it under a new subject.");
      }
    }
    int id = idsByText.computeIfAbsent(text, t -> idsByText.size() + 1);
    Schema stored = schemasById.computeIfAbsent(id, i -> new Schema.Parser().parse(text));
    versions.add(new RegisteredSchema(subject, id, versions.size() + 1, stored));
    return id;
  }

  @Override
  public synchronized Schema getById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw new UnknownSchemaIdException(id, location());
    }
    return schema;
  }

  @Override
  public synchronized int getId(String subject, Schema schema) {
    String text = schema.toString();
    for (RegisteredSchema v : subjects.getOrDefault(subject, List.of())) {
      if (v.schema().toString().equals(text)) {
        return v.id();
      }
    }
    throw new SchemaNotRegisteredException("Subject '" + subject + "' in schema registry " + location()
        + " has no registration of schema " + schema.getFullName() + ". Register it first, or set "
        + SchemaRegistrySerdeConfig.AUTO_REGISTER_SCHEMAS + "=true.");
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    List<RegisteredSchema> versions = subjects.getOrDefault(subject, List.of());
    if (versions.isEmpty()) {
      throw new SchemaNotRegisteredException("Subject '" + subject + "' has no versions in schema registry "
          + location() + ". Register a schema under it first.");
    }
    return versions.get(versions.size() - 1);
  }

  @Override
  public String location() {
    return SchemaRegistrySerdeConfig.MOCK_SCHEME + scope;
  }
}
