package io.cipherwatch.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serializer} writing Avro specific records of type {@code T} in the Confluent wire format.
 *
 * <p>Configure with the application's config map ({@link SchemaRegistrySerdeConfig}). With
 * {@code auto.register.schemas=true} (default) T's schema is registered under the subject (see
 * {@link SubjectNameStrategy}); with {@code false} it must already be registered there; with
 * {@code use.latest.version=true} records are written with the subject's latest schema, which must be able
 * to read T's schema (fields T lacks get their defaults). The id is looked up once per topic and cached.
 *
 * <p>Thread-safe: one instance may be used by many producer or stream threads. Each thread reuses its own
 * encoding buffer, so a record costs one byte array (the result) beyond Avro's own work.
 */
public class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
  /** Buffers above this size are not kept for reuse after a call. */
  private static final int MAX_RETAINED_BUFFER = 1 << 20;

  private final Schema schema;
  private final SpecificData model;
  private final DatumWriter<T> writer;
  private final Map<String, Target> targets = new ConcurrentHashMap<>();
  private final ThreadLocal<Output> outputs = ThreadLocal.withInitial(Output::new);
  private SchemaRegistryClient client;
  private SchemaRegistrySerdeConfig cfg;
  private boolean isKey;

  /** What a topic's records are written with: the registry id, that schema, the writer for it and as a body. */
  private record Target(int id, Schema schema, DatumWriter<Object> writer, Body<Object> body) {
    Target(int id, Schema schema, DatumWriter<Object> writer) {
      this(id, schema, writer, writer::write);
    }
  }

  /** A per-thread growable buffer with its encoder. */
  private static final class Output {
    final ArrayEncoder encoder = new ArrayEncoder(256);
    private final byte[] header = new byte[ConfluentWireFormat.HEADER_SIZE];

    void start(int schemaId) {
      ConfluentWireFormat.writeHeader(header, schemaId);
      encoder.start(header);
    }

    byte[] toByteArray() {
      return encoder.toByteArray();
    }

    boolean tooLargeToKeep() {
      return encoder.capacity() > MAX_RETAINED_BUFFER;
    }
  }

  /** A serializer for {@code type}, getting its registry client from {@link #configure}. */
  public AvroSerializer(Class<T> type) {
    this(type, null);
  }

  /** A serializer for {@code type} using {@code client} (null: from {@link #configure}'s map). */
  public AvroSerializer(Class<T> type, SchemaRegistryClient client) {
    this.model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    this.writer = CompiledWriter.forSchema(schema, model);
    this.client = client;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.cfg = new SchemaRegistrySerdeConfig(configs);
    this.isKey = isKey;
    if (client == null) {
      client = SchemaRegistryClients.fromConfig(configs, cfg);
    }
    targets.clear();
  }

  /** Writes one value's Avro binary body. */
  @FunctionalInterface
  public interface Body<V> {
    void write(V value, Encoder out) throws IOException;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    Target target = target(topic);
    return encode(topic, target, data, target.body);
  }

  /**
   * A serializer of values that stand for records of T, for a hot path: {@code body} writes a value's Avro body,
   * which must be the bytes this serializer writes for {@code asRecord.apply(value)} (hold the two to that in a
   * test), without building the record. With {@code use.latest.version} resolving another schema, values are
   * converted with {@code asRecord} and written by name. Shares this serializer's configuration, ids and buffers.
   */
  public <V> Serializer<V> forView(Body<V> body, Function<? super V, ? extends T> asRecord) {
    return (topic, value) -> {
      if (value == null) {
        return null;
      }
      Target target = target(topic);
      // T's own writer: the topic's records are written with T's schema, which body writes
      return (Object) target.writer == writer ? encode(topic, target, value, body)
          : serialize(topic, asRecord.apply(value));
    };
  }

  private Target target(String topic) {
    Target target = targets.get(topic);
    return target != null ? target : resolve(topic);
  }

  private <V> byte[] encode(String topic, Target target, V value, Body<V> body) {
    Output out = outputs.get();
    out.start(target.id);
    try {
      body.write(value, out.encoder);
      out.encoder.flush();
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new InvalidRecordException("Cannot encode " + schema.getFullName() + " for topic '" + topic
          + "' with schema id " + target.id + ": " + e.getMessage() + ". Fix the producing code (a required"
          + " field is probably null or of the wrong type).", e);
    } finally {
      if (out.tooLargeToKeep()) {
        outputs.remove();
      }
    }
  }

  /**
   * The schema this serializer writes {@code topic}'s records with: T's own, or with {@code use.latest.version}
   * the subject's latest. Resolved (and cached) as by {@link #serialize}.
   */
  public Schema writerSchema(String topic) {
    return target(topic).schema();
  }

  /** Finds (and caches) the schema id and writer for a topic, going to the registry. */
  @SuppressWarnings("unchecked")
  private Target resolve(String topic) {
    if (cfg == null) {
      throw new IllegalStateException("AvroSerializer for " + schema.getFullName() + " is not configured: call"
          + " configure(config, isKey) with " + SchemaRegistrySerdeConfig.SCHEMA_REGISTRY_URL + " first");
    }
    String subject = (isKey ? cfg.keyStrategy : cfg.valueStrategy).subject(topic, isKey, schema);
    Target target;
    if (cfg.useLatestVersion) {
      RegisteredSchema latest = client.latest(subject);
      target = new Target(latest.id(), latest.schema(), latest.schema().equals(schema)
          ? (DatumWriter<Object>) (DatumWriter<?>) writer : byNameWriter(latest, subject));
    } else {
      int id = cfg.autoRegister ? client.register(subject, schema) : client.getId(subject, schema);
      target = new Target(id, schema, (DatumWriter<Object>) (DatumWriter<?>) writer);
    }
    Target previous = targets.putIfAbsent(topic, target);
    return previous != null ? previous : target;
  }

  /** A writer that encodes T with another (compatible) schema, matching fields by name. */
  private DatumWriter<Object> byNameWriter(RegisteredSchema latest, String subject) {
    SchemaPairCompatibility check = SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), schema);
    if (check.getType() != SchemaCompatibilityType.COMPATIBLE) {
      throw new IncompatibleSchemaException("use.latest.version is set but the latest schema of subject '" + subject
          + "' (version " + latest.version() + ", id " + latest.id() + ") cannot hold records of "
          + schema.getFullName() + ": " + IncompatibleSchemaException.describe(check) + ". Register a schema compatible"
          + " with this application's, or turn use.latest.version off.");
    }
    return new ByNameWriter(latest.schema(), model);
  }

  /** Writes records field by field by name; fields the record lacks are written with their defaults. */
  private static final class ByNameWriter extends GenericDatumWriter<Object> {
    ByNameWriter(Schema root, GenericData model) {
      super(root, model);
    }

    @Override
    protected void writeField(Object datum, Schema.Field f, Encoder out, Object state) throws IOException {
      IndexedRecord record = (IndexedRecord) datum;
      Schema.Field own = record.getSchema().getField(f.name());
      write(f.schema(), own != null ? record.get(own.pos()) : getData().getDefaultValue(f), out);
    }
  }

  @Override
  public void close() {
    outputs.remove();
  }
}
