package io.cipherwatch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cipherwatch.config.ConfigException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The management listener: /health, /ready, /metrics, and nothing else. */
class ManagementServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>();
  private final AtomicBoolean failed = new AtomicBoolean();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private ManagementServer server;

  @BeforeEach
  void start() {
    server = ManagementServer.start("127.0.0.1", 0, HttpLimits.defaults(), state::get, failed::get,
        () -> "# HELP x\nx 1.0\n");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(String method, String pathAndQuery) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return send("GET", pathAndQuery);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    return JSON.readTree(r.body());
  }

  @Test
  void theRegistryWaitFailsReadinessAndItsRefusalFailsHealth() throws Exception {
    io.cipherwatch.health.RegistryHealth registry = new io.cipherwatch.health.RegistryHealth();
    server.watch(() -> registry);
    state.set(KafkaStreams.State.RUNNING);
    assertEquals(200, get("/ready").statusCode());
    registry.parked(3, 10);
    HttpResponse<String> waiting = get("/ready");
    assertEquals(503, waiting.statusCode());
    assertEquals(1, json(waiting).get("waitingForSchemaRegistry").asInt());
    assertEquals(200, get("/health").statusCode(), "an unavailable registry is waited for, not a failure");
    registry.misconfigured("schema registry https://registry:8081 answered 401");
    HttpResponse<String> refused = get("/health");
    assertEquals(503, refused.statusCode());
    assertFalse(refused.body().contains("registry:8081"), "details are in the log, not in the answer");
    registry.parked(3, 0);
    assertEquals(200, get("/health").statusCode(), "cleared once nothing waits");
    assertEquals(200, get("/ready").statusCode());
  }

  @Test
  void healthIsUpUnlessStreamsFailed() throws Exception {
    assertEquals(200, get("/health").statusCode());
    assertEquals("STARTING", json(get("/health")).path("streamsState").asText());
    state.set(KafkaStreams.State.REBALANCING);
    assertEquals(200, get("/health").statusCode());
    state.set(KafkaStreams.State.PENDING_ERROR);
    assertEquals(503, get("/health").statusCode());
    state.set(KafkaStreams.State.ERROR);
    assertEquals("DOWN", json(get("/health")).path("status").asText());
    state.set(KafkaStreams.State.NOT_RUNNING);
    assertEquals(200, get("/health").statusCode(), "closed on purpose");
    failed.set(true);
    assertEquals(503, get("/health").statusCode(), "stopped after a failure");
  }

  @Test
  void readyOnlyWhileRunning() throws Exception {
    for (KafkaStreams.State s : KafkaStreams.State.values()) {
      state.set(s);
      HttpResponse<String> r = get("/ready");
      assertEquals(s == KafkaStreams.State.RUNNING ? 200 : 503, r.statusCode(), s.name());
      assertEquals(s.name(), json(r).path("streamsState").asText());
    }
    assertEquals(400, get("/ready?verbose=1").statusCode());
  }

  @Test
  void metricsInPrometheusTextFormat() throws Exception {
    HttpResponse<String> r = get("/metrics");
    assertEquals(200, r.statusCode());
    assertEquals(ManagementServer.PROMETHEUS_TEXT, r.headers().firstValue("Content-Type").orElse(""));
    assertEquals("# HELP x\nx 1.0\n", r.body());
  }

  @Test
  void theApiAndUnknownPathsAre404WithoutEcho() throws Exception {
    for (String path : List.of("/", "/api/fleet", "/metrics/x", "/secret-path-%3Cb%3E")) {
      HttpResponse<String> r = get(path);
      assertEquals(404, r.statusCode(), path);
      assertFalse(r.body().contains("secret") || r.body().contains("%3C") || r.body().contains("<b>"), r.body());
      assertTrue(json(r).path("error").asText().contains("/health"), path);
    }
    HttpResponse<String> post = send("POST", "/health");
    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
    HttpResponse<String> head = send("HEAD", "/ready");
    assertEquals(503, head.statusCode());
    assertEquals("", head.body());
  }

  @Test
  void aFailingScrapeIs500() throws Exception {
    try (ManagementServer broken = ManagementServer.start("127.0.0.1", 0, HttpLimits.defaults(), state::get,
        failed::get, () -> {
          throw new IllegalStateException("registry closed");
        })) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + broken.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(500, r.statusCode());
      assertFalse(r.body().contains("registry closed"));
    }
  }

  @Test
  void bindFailureNamesTheAddressAndTheFix() {
    Exception e = assertThrows(ConfigException.class, () -> ManagementServer.start("127.0.0.1", server.port(),
        HttpLimits.defaults(), state::get, failed::get, () -> ""));
    assertTrue(e.getMessage().contains("127.0.0.1:" + server.port())
        && e.getMessage().contains("cipherwatch.management.port"), e.getMessage());
  }
}
