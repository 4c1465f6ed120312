package io.cipherwatch.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.json.JsonOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Writes handshakes one JSON object a line, in the format {@code replay --events} reads: exactly what
 * {@link JsonOutput#line} writes for a {@link HandshakeEvent} (Avro field names in schema order, enums by name,
 * times ISO-8601 UTC), streamed without building a map per event.
 */
public final class JsonlSink implements HandshakeSink {
  private static final List<Schema.Field> FIELDS = HandshakeEvent.getClassSchema().getFields();
  private final JsonGenerator json;

  public JsonlSink(Writer out) {
    try {
      json = new JsonFactory().createGenerator(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    json.setRootValueSeparator(null);
  }

  @Override
  public void accept(HandshakeEvent event) {
    try {
      json.writeStartObject();
      for (Schema.Field f : FIELDS) {
        json.writeFieldName(f.name());
        value(event.get(f.pos()));
      }
      json.writeEndObject();
      json.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void value(Object v) throws IOException {
    if (v == null) {
      json.writeNull();
    } else if (v instanceof Integer i) {
      json.writeNumber(i);
    } else if (v instanceof List<?> list) {
      json.writeStartArray();
      for (Object x : list) {
        value(x);
      }
      json.writeEndArray();
    } else if (v instanceof Instant || v instanceof CharSequence || v instanceof Enum<?>) {
      json.writeString(v.toString());
    } else {
      throw new IllegalStateException("HandshakeEvent field of unexpected type " + v.getClass());
    }
  }

  @Override
  public void close() {
    try {
      json.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
