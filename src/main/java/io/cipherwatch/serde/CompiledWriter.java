package io.cipherwatch.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversion;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Writes records of one schema with a plan compiled once per field: the same bytes as
 * {@link SpecificDatumWriter} (field conversions of the generated class, union branches resolved like
 * {@link GenericData#resolveUnion}, enums by ordinal, maps and arrays in iteration order) without its per-value
 * schema dispatch. A record it cannot write is handed to {@link SpecificDatumWriter}, so failures keep their
 * usual messages; schemas with types it does not compile (fixed, float, boolean unions beyond null) use
 * {@link SpecificDatumWriter} outright.
 */
final class CompiledWriter<T> implements DatumWriter<T> {
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
