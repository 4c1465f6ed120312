package io.cipherwatch.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * A minimal Confluent-API schema registry over HTTP on loopback that can be switched off: while down it answers
 * every request 503, as a registry behind a load balancer does during an outage. Ids are global, one per
 * distinct schema.
 */
final class SwitchableRegistry implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<Schema> schemas = new CopyOnWriteArrayList<>();
  final AtomicInteger unavailableAnswers = new AtomicInteger();
  private volatile boolean down;

  SwitchableRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void down(boolean down) {
    this.down = down;
  }

  /** The id of the schema, registering it if new. */
  synchronized int register(Schema schema) {
    int i = schemas.indexOf(schema);
    if (i < 0) {
      schemas.add(schema);
      i = schemas.size() - 1;
    }
    return i + 1;
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
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
