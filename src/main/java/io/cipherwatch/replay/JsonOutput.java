package io.cipherwatch.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** Writes Avro records as one-line JSON objects: Avro field names, enums by name, times as ISO-8601 UTC. */
public final class JsonOutput {
  private static final ObjectMapper MAPPER = new ObjectMapper();

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
