package io.cipherwatch.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Collection;
import java.util.List;
import org.apache.avro.Conversion;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
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

  /** What a topic's records are written with: the registry id, that schema and the writer for it. */
  private record Target(int id, Schema schema, DatumWriter<Object> writer) {
  }

  /** A per-thread growable buffer with its encoder. */
  private static final class Output extends ByteArrayOutputStream {
    final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(this, null);

    Output() {
      super(256);
    }

    void start(int schemaId) {
      reset();
      ConfluentWireFormat.writeHeader(buf, schemaId);
      count = ConfluentWireFormat.HEADER_SIZE;
    }

    boolean tooLargeToKeep() {
      return buf.length > MAX_RETAINED_BUFFER;
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

  @Override
  @SuppressWarnings("unchecked")
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    Target target = targets.get(topic);
    if (target == null) {
      target = resolve(topic);
    }
    Output out = outputs.get();
    out.start(target.id);
    try {
      target.writer.write(data, out.encoder);
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
    Target target = targets.get(topic);
    return (target == null ? resolve(topic) : target).schema();
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

  /**
   * Writes records of one schema with a plan compiled once per field: the same bytes as
   * {@link SpecificDatumWriter} (field conversions of the generated class, union branches resolved like
   * {@link GenericData#resolveUnion}, enums by ordinal, maps and arrays in iteration order) without its per-value
   * schema dispatch. A record it cannot write is handed to {@link SpecificDatumWriter}, so failures keep their
   * usual messages; schemas with types it does not compile (fixed, float, boolean unions beyond null) use
   * {@link SpecificDatumWriter} outright.
   */
  static final class CompiledWriter<T> implements DatumWriter<T> {
    private final ValueWriter root;
    private final SpecificDatumWriter<T> fallback;

    /** Writes one (raw or logical-typed) value. */
    private interface ValueWriter {
      void write(Object value, Encoder out) throws IOException;
    }

    private CompiledWriter(ValueWriter root, SpecificDatumWriter<T> fallback) {
      this.root = root;
      this.fallback = fallback;
    }

    /** The compiled writer for {@code schema}, or a plain {@link SpecificDatumWriter} when it does not compile. */
    static <T> DatumWriter<T> forSchema(Schema schema, SpecificData model) {
      SpecificDatumWriter<T> fallback = new SpecificDatumWriter<>(schema, model);
      ValueWriter root = compile(schema, model);
      return root == null ? fallback : new CompiledWriter<>(root, fallback);
    }

    @Override
    public void setSchema(Schema schema) {
      throw new UnsupportedOperationException("A compiled writer is bound to its schema");
    }

    @Override
    public void write(T datum, Encoder out) throws IOException {
      try {
        root.write(datum, out);
      } catch (RuntimeException e) {
        // let Avro's own writer describe what is wrong with the record
        fallback.write(datum, EncoderFactory.get().binaryEncoder(new ByteArrayOutputStream(), null));
        throw e;
      }
    }

    /** A writer for {@code s}, or null if some part of it is not supported. */
    private static ValueWriter compile(Schema s, SpecificData model) {
      LogicalType logical = s.getLogicalType();
      if (logical != null) {
        return logical(s, logical, model);
      }
      return raw(s, model);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ValueWriter logical(Schema s, LogicalType logical, SpecificData model) {
      ValueWriter raw = raw(s, model);
      if (raw == null) {
        return null;
      }
      // like GenericDatumWriter.write: the conversion registered for the value's class, if any
      return (v, out) -> {
        Conversion conversion = v == null ? null : model.getConversionByClass(v.getClass(), logical);
        raw.write(conversion == null ? v : Conversions.convertToRawType(v, s, logical, conversion), out);
      };
    }

    private static ValueWriter raw(Schema s, SpecificData model) {
      switch (s.getType()) {
        case NULL:
          return (v, out) -> out.writeNull();
        case BOOLEAN:
          return (v, out) -> out.writeBoolean((Boolean) v);
        case INT:
          return (v, out) -> out.writeInt(((Number) v).intValue());
        case LONG:
          return (v, out) -> out.writeLong(((Number) v).longValue());
        case DOUBLE:
          return (v, out) -> out.writeDouble(((Number) v).doubleValue());
        case STRING:
          return (v, out) -> out.writeString((CharSequence) v);
        case BYTES:
          return (v, out) -> out.writeBytes((java.nio.ByteBuffer) v);
        case ENUM:
          return (v, out) -> out.writeEnum(v instanceof Enum<?> e ? e.ordinal() : s.getEnumOrdinal(v.toString()));
        case ARRAY:
          return array(s, model);
        case MAP:
          return map(s, model);
        case UNION:
          return union(s, model);
        case RECORD:
          return record(s, model);
        default:
          return null;
      }
    }

    private static ValueWriter array(Schema s, SpecificData model) {
      ValueWriter item = compile(s.getElementType(), model);
      if (item == null) {
        return null;
      }
      return (v, out) -> {
        Collection<?> c = (Collection<?>) v;
        out.writeArrayStart();
        out.setItemCount(c.size());
        if (c instanceof List<?> list && c instanceof java.util.RandomAccess) {
          for (int i = 0, n = list.size(); i < n; i++) {
            out.startItem();
            item.write(list.get(i), out);
          }
        } else {
          for (Object o : c) {
            out.startItem();
            item.write(o, out);
          }
        }
        out.writeArrayEnd();
      };
    }

    private static ValueWriter map(Schema s, SpecificData model) {
      ValueWriter value = compile(s.getValueType(), model);
      if (value == null) {
        return null;
      }
      return (v, out) -> {
        Map<?, ?> m = (Map<?, ?>) v;
        out.writeMapStart();
        out.setItemCount(m.size());
        for (Map.Entry<?, ?> e : m.entrySet()) {
          out.startItem();
          out.writeString((CharSequence) e.getKey());
          value.write(e.getValue(), out);
        }
        out.writeMapEnd();
      };
    }

    private static ValueWriter union(Schema s, SpecificData model) {
      List<Schema> branches = s.getTypes();
      ValueWriter[] writers = new ValueWriter[branches.size()];
      int nullIndex = -1;
      for (int i = 0; i < writers.length; i++) {
        writers[i] = compile(branches.get(i), model);
        if (writers[i] == null) {
          return null;
        }
        if (branches.get(i).getType() == Schema.Type.NULL) {
          nullIndex = i;
        }
      }
      if (branches.size() == 2 && nullIndex >= 0) {
        int nul = nullIndex;
        int other = 1 - nullIndex;
        ValueWriter w = writers[other];
        return (v, out) -> {
          if (v == null) {
            out.writeIndex(nul);
            out.writeNull();
          } else {
            out.writeIndex(other);
            w.write(v, out);
          }
        };
      }
      return (v, out) -> {
        int i = model.resolveUnion(s, v);
        out.writeIndex(i);
        writers[i].write(v, out);
      };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ValueWriter record(Schema s, SpecificData model) {
      List<Schema.Field> fields = s.getFields();
      int n = fields.size();
      int[] positions = new int[n];
      ValueWriter[] writers = new ValueWriter[n];
      Object template = model.newRecord(null, s);
      if (!(template instanceof SpecificRecordBase base)) {
        return null;
      }
      for (int i = 0; i < n; i++) {
        Schema.Field f = fields.get(i);
        positions[i] = f.pos();
        Conversion conversion = base.getConversion(f.pos());
        LogicalType logical = f.schema().getLogicalType();
        ValueWriter raw = raw(f.schema(), model);
        if (raw == null) {
          return null;
        }
        Schema fs = f.schema();
        // like SpecificDatumWriter.writeField: the generated class's conversion of the field, then the raw type
        writers[i] = conversion != null && logical != null
            ? (v, out) -> raw.write(Conversions.convertToRawType(v, fs, logical, conversion), out)
            : raw;
      }
      return (v, out) -> {
        IndexedRecord r = (IndexedRecord) v;
        for (int i = 0; i < n; i++) {
          writers[i].write(r.get(positions[i]), out);
        }
      };
    }
  }

  @Override
  public void close() {
    outputs.remove();
  }
}
