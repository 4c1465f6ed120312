package io.cipherwatch.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

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
   * A JSONL writer: one record per line, streamed to the writer without building maps or strings (for large
   * outputs such as {@code replay}'s usage rows). Not thread-safe; closing it does not close the writer.
   */
  public static final class Lines implements AutoCloseable {
    private final JsonGenerator g;

    public Lines(Writer out) {
      try {
        g = FACTORY.createGenerator(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setRootValueSeparator(null);
    }

    /** Writes the record and a newline. */
    public void write(SpecificRecord r) throws IOException {
      record(g, r);
      g.writeRaw('\n');
    }

    /** Writes the map and a newline. */
    public void write(Map<String, ?> m) throws IOException {
      value(g, m);
      g.writeRaw('\n');
    }

    /** Hands what is buffered to the writer. */
    public void flush() throws IOException {
      g.flush();
    }

    @Override
    public void close() throws IOException {
      g.close();
    }
  }

  private static void record(JsonGenerator g, SpecificRecord r) throws IOException {
    g.writeStartObject();
    for (Schema.Field f : r.getSchema().getFields()) {
      g.writeFieldName(f.name());
      value(g, r.get(f.pos()));
    }
    g.writeEndObject();
  }

  private static void value(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Long l) {
      g.writeNumber(l);
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
        g.writeFieldName(e.getKey().toString());
        value(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> list) {
      g.writeStartArray();
      for (Object x : list) {
        value(g, x);
      }
      g.writeEndArray();
    } else if (v instanceof SpecificRecord r) {
      record(g, r);
    } else {
      Object p = plain(v);
      if (p instanceof Number n) {
        g.writeNumber(n.toString());
      } else {
        g.writeString(p.toString());
      }
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
