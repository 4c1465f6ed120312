package io.cipherwatch.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes Avro records as one-line JSON objects: Avro field names in schema order, enums by name, times as
 * ISO-8601 UTC, bytes as Base64. {@link #line}, {@link #toMap} and {@link Lines} give the same JSON.
 */
public final class JsonOutput {
  /** Doubles written by the shortest-representation writer (the same text in {@link #line} and {@link Lines}). */
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private JsonOutput() {}

  /** The record as a JSON line (no newline). */
  public static String line(SpecificRecord r) {
    return line(toMap(r));
  }

  /** A map as a JSON line (no newline). */
  public static String line(Map<String, ?> m) {
    try {
      return MAPPER.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON", e);
    }
  }

  /** The record as an ordered map of plain JSON values. */
  public static Map<String, Object> toMap(SpecificRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Schema.Field f : r.getSchema().getFields()) {
      m.put(f.name(), plain(r.get(f.pos())));
    }
    return m;
  }

  /**
   * A JSONL writer: one record per line, streamed as UTF-8 to the stream without building maps or strings (for
   * large outputs such as {@code replay}'s usage rows). Field names, map keys and instants that recur (the rows
   * of a window share its start and end) are quoted once. Not thread-safe; closing it does not close the stream.
   */
  public static final class Lines implements Closeable {
    private static final int INSTANT_SLOTS = 64;
    private static final int MAX_KEYS = 4096;
    private final JsonGenerator g;
    private final Map<Schema, SerializableString[]> fieldNames = new IdentityHashMap<>();
    private final Map<String, SerializableString> keys = new HashMap<>();
    private final Instant[] instants = new Instant[INSTANT_SLOTS];
    private final SerializableString[] instantTexts = new SerializableString[INSTANT_SLOTS];

    public Lines(OutputStream out) {
      try {
        g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setRootValueSeparator(null);
    }

    /** Writes the record and a newline. */
    public void write(SpecificRecord r) throws IOException {
      record(r);
      g.writeRaw('\n');
    }

    /** Writes the map and a newline. */
    public void write(Map<String, ?> m) throws IOException {
      value(m);
      g.writeRaw('\n');
    }

    /** Hands what is buffered to the stream. */
    public void flush() throws IOException {
      g.flush();
    }

    @Override
    public void close() throws IOException {
      g.close();
    }

    private void record(SpecificRecord r) throws IOException {
      Schema schema = r.getSchema();
      SerializableString[] names = fieldNames.get(schema);
      if (names == null) {
        names = schema.getFields().stream().map(f -> new SerializedString(f.name()))
            .toArray(SerializableString[]::new);
        fieldNames.put(schema, names);
      }
      g.writeStartObject();
      for (int i = 0; i < names.length; i++) {
        g.writeFieldName(names[i]);
        value(r.get(i));
      }
      g.writeEndObject();
    }

    private void value(Object v) throws IOException {
      if (v == null) {
        g.writeNull();
      } else if (v instanceof String s) {
        g.writeString(s);
      } else if (v instanceof Long l) {
        g.writeNumber(l);
      } else if (v instanceof Enum<?> e) {
        g.writeString(e.name());
      } else if (v instanceof Instant i) {
        g.writeString(instantText(i));
      } else if (v instanceof Integer i) {
        g.writeNumber(i);
      } else if (v instanceof Double d) {
        g.writeNumber(d);
      } else if (v instanceof Float f) {
        g.writeNumber(f);
      } else if (v instanceof Boolean b) {
        g.writeBoolean(b);
      } else if (v instanceof Map<?, ?> map) {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          g.writeFieldName(key(e.getKey().toString()));
          value(e.getValue());
        }
        g.writeEndObject();
      } else if (v instanceof List<?> list) {
        g.writeStartArray();
        for (Object x : list) {
          value(x);
        }
        g.writeEndArray();
      } else if (v instanceof SpecificRecord r) {
        record(r);
      } else {
        Object p = plain(v);
        if (p instanceof Number n) {
          g.writeNumber(n.toString());
        } else {
          g.writeString(p.toString());
        }
      }
    }

    private SerializableString key(String k) {
      SerializableString s = keys.get(k);
      if (s == null) {
        s = new SerializedString(k);
        if (keys.size() < MAX_KEYS) {
          keys.put(k, s);
        }
      }
      return s;
    }

    private SerializableString instantText(Instant i) {
      int slot = (int) (i.getEpochSecond() ^ i.getEpochSecond() >>> 32 ^ i.getNano()) & (INSTANT_SLOTS - 1);
      if (!i.equals(instants[slot])) {
        instants[slot] = i;
        instantTexts[slot] = new SerializedString(i.toString());
      }
      return instantTexts[slot];
    }
  }

  private static Object plain(Object v) {
    if (v == null || v instanceof Number || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Instant i) {
      return i.toString();
    }
    if (v instanceof CharSequence || v instanceof Enum<?>) {
      return v.toString();
    }
    if (v instanceof ByteBuffer b) {
      ByteBuffer d = b.duplicate();
      byte[] bytes = new byte[d.remaining()];
      d.get(bytes);
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, x) -> out.put(k.toString(), plain(x)));
      return out;
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object x : list) {
        out.add(plain(x));
      }
      return out;
    }
    if (v instanceof SpecificRecord r) {
      return toMap(r);
    }
    return v.toString();
  }
}
