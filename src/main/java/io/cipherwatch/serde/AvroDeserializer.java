package io.cipherwatch.serde;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka {@link Deserializer} reading Confluent wire-format records into Avro specific records of type
 * {@code T}. The writer schema comes from the registry by the record's id; T's schema is the reader schema,
 * so records written with older or newer compatible schemas resolve to T (Avro schema resolution).
 *
 * <p>Hot path: per writer schema id one {@link DatumReader} (writer resolved to reader) is built on first
 * sight and cached for the life of the deserializer, in a small copy-on-write array scanned without locks
 * or boxing. Each thread reuses one {@link BinaryDecoder} kept in a {@link ThreadLocal}: Kafka Streams
 * shares one deserializer instance among all stream threads of the application (every task's source node
 * gets the same object), so the decoder must be thread-confined, not a plain field. It never escapes a
 * call; between calls it only holds a reference to the last payload of its thread. The datum readers are
 * thread-safe (Avro keeps their resolving state per thread). Records are never reused: each call returns
 * a new T.
 *
 * <p>Hostile input: nothing is allocated from a length read off the wire before it is checked. A payload over
 * {@link DecodeLimits#maxRecordBytes()} is refused before its header is read; then the body is walked against
 * the writer schema ({@link AvroBodyCheck}: every length against the bytes left, arrays and id fields against
 * their caps) before Avro decodes it.
 *
 * <p>Failures are {@link SchemaRegistrySerdeException}s with a reason: {@code RECORD_TOO_LARGE},
 * {@code TOO_MANY_SUITES}, {@code ID_TOO_LONG}, {@code BAD_MAGIC_BYTE}, {@code UNKNOWN_SCHEMA_ID},
 * {@code CORRUPT_AVRO}, {@code INCOMPATIBLE_SCHEMA} (writer schema cannot be read as T) — all the record's
 * fault — or a {@link RegistryFaultException} (the registry's or the configuration's fault, never the record's).
 */
public class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  private static final Entry[] NONE = new Entry[0];

  private final Schema readerSchema;
  private final SpecificData model;
  private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();
  private volatile Entry[] entries = NONE;
  private volatile DecodeLimits limits = DecodeLimits.DEFAULT;
  private SchemaRegistryClient client;
  private boolean configured;

  /** A cached reader for one writer id, or the reason that id cannot be read as T. */
  private record Entry(int id, DatumReader<?> reader, AvroBodyCheck check, String incompatibility) {
  }

  /** A deserializer for {@code type}, getting its registry client from {@link #configure}. */
  public AvroDeserializer(Class<T> type) {
    this(type, null);
  }

  /** A deserializer for {@code type} using {@code client} (null: from {@link #configure}'s map). */
  public AvroDeserializer(Class<T> type, SchemaRegistryClient client) {
    this.model = SpecificData.getForClass(type);
    this.readerSchema = model.getSchema(type);
    this.client = client;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    SchemaRegistrySerdeConfig cfg = new SchemaRegistrySerdeConfig(configs);
    if (client == null) {
      client = SchemaRegistryClients.fromConfig(configs, cfg);
    }
    limits = DecodeLimits.from(configs);
    entries = NONE;
    configured = true;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length > limits.maxRecordBytes()) {
      throw new InputLimitException(InputLimitException.RECORD_TOO_LARGE, "Record on topic '" + topic + "' has "
          + data.length + " bytes, over the limit of " + limits.maxRecordBytes() + " ("
          + DecodeLimits.MAX_RECORD_BYTES + "). A handshake event is a few hundred bytes: the producer sends"
          + " something else, or raise the limit.");
    }
    int id = ConfluentWireFormat.schemaId(topic, data);
    Entry entry = entry(topic, id);
    try {
      entry.check.check(data, ConfluentWireFormat.HEADER_SIZE, data.length);
    } catch (AvroBodyCheck.Violation v) {
      if (CorruptAvroException.REASON.equals(v.reason)) {
        throw new CorruptAvroException(corrupt(topic, id, data, v.getMessage()), null);
      }
      throw new InputLimitException(v.reason, "Record on topic '" + topic + "' (writer schema id " + id + ") is"
          + " over a limit: " + v.getMessage() + ". The producer must not send such records.");
    }
    DatumReader<T> reader = (DatumReader<T>) entry.reader;
    BinaryDecoder reuse = decoders.get();
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
        data, ConfluentWireFormat.HEADER_SIZE, data.length - ConfluentWireFormat.HEADER_SIZE, reuse);
    if (decoder != reuse) {
      decoders.set(decoder);
    }
    try {
      T record = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new CorruptAvroException(corrupt(topic, id, data, "bytes left over after the record ended"), null);
      }
      return record;
    } catch (IOException | RuntimeException e) {
      if (e instanceof SchemaRegistrySerdeException s) {
        throw s;
      }
      throw new CorruptAvroException(corrupt(topic, id, data, e.toString()), e);
    }
  }

  private String corrupt(String topic, int id, byte[] data, String problem) {
    return "Avro body of a record on topic '" + topic + "' (" + data.length + " bytes, writer schema id " + id
        + ") cannot be decoded: " + problem + ". The payload is damaged or was not written with the schema its"
        + " id names; the producer must encode with the schema it registered.";
  }

  /** The reader and check for writer schema {@code id}; lock-free on hits. */
  private Entry entry(String topic, int id) {
    Entry[] current = entries;
    for (Entry e : current) {
      if (e.id == id) {
        return checked(topic, e);
      }
    }
    return checked(topic, load(id));
  }

  private Entry checked(String topic, Entry e) {
    if (e.incompatibility != null) {
      throw new IncompatibleSchemaException("Record on topic '" + topic + "' was written with schema id " + e.id
          + " which cannot be read as " + readerSchema.getFullName() + ": " + e.incompatibility
          + ". The producer writes another record type or an incompatible version to this topic.");
    }
    return e;
  }

  private synchronized Entry load(int id) {
    for (Entry e : entries) {
      if (e.id == id) {
        return e;
      }
    }
    if (!configured && client == null) {
      throw new IllegalStateException("AvroDeserializer for " + readerSchema.getFullName() + " is not configured:"
          + " call configure(config, isKey) with " + SchemaRegistrySerdeConfig.SCHEMA_REGISTRY_URL + " first");
    }
    Schema writer = client.getById(id);
    SchemaPairCompatibility check = SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
    Entry entry = check.getType() == SchemaCompatibilityType.COMPATIBLE
        ? new Entry(id, new SpecificDatumReader<>(writer, readerSchema, model), new AvroBodyCheck(writer, limits), null)
        : new Entry(id, null, null, IncompatibleSchemaException.describe(check));
    Entry[] grown = Arrays.copyOf(entries, entries.length + 1);
    grown[grown.length - 1] = entry;
    entries = grown;
    return entry;
  }

  @Override
  public void close() {
    decoders.remove();
  }
}
