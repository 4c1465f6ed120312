package io.cipherwatch.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** JSON for the API: writes maps/lists/scalars compactly, reads any JSON document into maps and lists. */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** {@code value} as UTF-8 JSON. */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write " + value.getClass().getName() + " as JSON", e);
    }
  }

  /** A JSON document as maps, lists, strings, numbers, booleans and nulls. */
  public static Object read(String json) throws IOException {
    return MAPPER.readValue(json, Object.class);
  }
}
