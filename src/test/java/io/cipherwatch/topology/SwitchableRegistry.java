package io.cipherwatch.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cipherwatch.avro.HandshakeEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * A minimal Confluent-API schema registry over HTTP on loopback that can be switched off: while down it answers
 * every request 503, as a registry behind a load balancer does during an outage. Ids are global, one per
 * distinct schema.
 */
public final class SwitchableRegistry implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** HandshakeEvent plus one optional field: a newer producer schema, unknown to a running consumer's cache. */
  public static final Schema HANDSHAKE_V2 = new Schema.Parser().parse(HandshakeEvent.getClassSchema().toString()
      .replaceFirst("\"fields\":\\[",
          "\"fields\":[{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null},"));

  private final HttpServer server;
  private final List<Schema> schemas = new CopyOnWriteArrayList<>();
  public final AtomicInteger unavailableAnswers = new AtomicInteger();
  private volatile boolean down;
  private volatile boolean refusing;

  public SwitchableRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void down(boolean down) {
    this.down = down;
  }

  /** While refusing, every request is answered 401 (wrong credentials: the instance's configuration). */
  public void refusing(boolean refusing) {
    this.refusing = refusing;
  }

  /** The id of the schema, registering it if new. */
  public synchronized int register(Schema schema) {
    int i = schemas.indexOf(schema);
    if (i < 0) {
      schemas.add(schema);
      i = schemas.size() - 1;
    }
    return i + 1;
  }

  /** The event in the Confluent wire format, written with {@link #HANDSHAKE_V2} registered as {@code id}. */
  public static byte[] v2Frame(int id, HandshakeEvent e) {
    GenericRecord r = new GenericData.Record(HANDSHAKE_V2);
    for (Schema.Field field : HandshakeEvent.getClassSchema().getFields()) {
      r.put(field.name(), e.get(field.name()));
    }
    r.put("note", "v2");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    try {
      new SpecificDatumWriter<GenericRecord>(HANDSHAKE_V2, SpecificData.getForClass(HandshakeEvent.class))
          .write(r, enc);
      enc.flush();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out.toByteArray();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      if (refusing) {
        send(x, 401, JSON.createObjectNode().put("error_code", 40101).put("message", "Unauthorized"));
        return;
      }
      if (down) {
        unavailableAnswers.incrementAndGet();
        send(x, 503, JSON.createObjectNode().put("error_code", 50301).put("message", "unavailable"));
        return;
      }
      String path = x.getRequestURI().getPath();
      if (x.getRequestMethod().equals("GET") && path.startsWith("/schemas/ids/")) {
        int id = Integer.parseInt(path.substring("/schemas/ids/".length()));
        if (id < 1 || id > schemas.size()) {
          send(x, 404, JSON.createObjectNode().put("error_code", 40403).put("message", "Schema not found"));
        } else {
          send(x, 200, JSON.createObjectNode().put("schema", schemas.get(id - 1).toString()));
        }
        return;
      }
      if (x.getRequestMethod().equals("POST") && path.startsWith("/subjects/")) {
        JsonNode body = JSON.readTree(x.getRequestBody());
        Schema schema = new Schema.Parser().parse(body.get("schema").asText());
        int id = register(schema);
        ObjectNode answer = JSON.createObjectNode().put("id", id);
        if (!path.endsWith("/versions")) {
          answer.put("subject", path.substring("/subjects/".length())).put("version", 1)
              .put("schema", schema.toString());
        }
        send(x, 200, answer);
        return;
      }
      send(x, 404, JSON.createObjectNode().put("error_code", 40401).put("message", "not found"));
    }
  }

  private static void send(HttpExchange x, int status, JsonNode body) throws IOException {
    byte[] b = JSON.writeValueAsBytes(body);
    x.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
    x.sendResponseHeaders(status, b.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

}
