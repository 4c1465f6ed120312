package io.cipherwatch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP layer over a fake {@link ApiQueries}: routing, parameters, status codes, JSON errors. */
class ApiServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>();
  private final AtomicBoolean failed = new AtomicBoolean();
  private final List<String> calls = new ArrayList<>();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private ApiServer server;

  private final ApiQueries fake = new ApiQueries() {
    @Override
    public ApiResponse fleet(boolean local) {
      calls.add("fleet local=" + local);
      return ApiResponse.ok(Map.of("fleet", Map.of()));
    }

    @Override
    public ApiResponse trunk(String trunkId, boolean local) {
      calls.add("trunk " + trunkId + " local=" + local);
      if (trunkId.equals("boom")) {
        throw new IllegalStateException("secret internals");
      }
      return trunkId.equals("missing") ? ApiResponse.error(404, "Unknown trunk 'missing'")
          : ApiResponse.ok(Map.of("trunkId", trunkId));
    }

    @Override
    public ApiResponse alerts(AlertFilter filter, boolean local) {
      calls.add("alerts " + filter.toQuery() + " local=" + local);
      return ApiResponse.unavailable("migrating");
    }
  };

  @BeforeEach
  void start() {
    server = ApiServer.start("127.0.0.1", 0, state::get, failed::get, () -> "# HELP x\nx 1.0\n");
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
  }

  @Test
  void metricsInPrometheusTextFormat() throws Exception {
    HttpResponse<String> r = get("/metrics");
    assertEquals(200, r.statusCode());
    assertEquals(ApiServer.PROMETHEUS_TEXT, r.headers().firstValue("Content-Type").orElse(""));
    assertEquals("# HELP x\nx 1.0\n", r.body());
  }

  @Test
  void apiIs503WithRetryAfterUntilAttached() throws Exception {
    HttpResponse<String> r = get("/api/fleet");
    assertEquals(503, r.statusCode());
    assertEquals("2", r.headers().firstValue("Retry-After").orElse(""));
    assertTrue(json(r).path("error").asText().contains("starting"));
    assertTrue(calls.isEmpty());
  }

  @Test
  void routesToTheQueriesWithDecodedTrunkIdsAndFlags() throws Exception {
    server.attach(fake);
    assertEquals(200, get("/api/fleet").statusCode());
    assertEquals(200, get("/api/fleet?local=true").statusCode());
    HttpResponse<String> trunk = get("/api/trunks/acme%2Flab%20trunk");
    assertEquals(200, trunk.statusCode());
    assertEquals("acme/lab trunk", json(trunk).path("trunkId").asText());
    HttpResponse<String> alerts = get("/api/alerts?state=open&type=REGRESSION");
    assertEquals(503, alerts.statusCode());
    assertEquals("2", alerts.headers().firstValue("Retry-After").orElse(""));
    assertEquals(List.of("fleet local=false", "fleet local=true", "trunk acme/lab trunk local=false",
        "alerts state=OPEN&type=REGRESSION local=false"), calls);
  }

  @Test
  void badParametersAre400NamingTheAllowedValues() throws Exception {
    server.attach(fake);
    HttpResponse<String> r = get("/api/alerts?severity=urgent");
    assertEquals(400, r.statusCode());
    assertEquals("Query parameter 'severity' must be one of WARNING, CRITICAL; got 'urgent'",
        json(r).path("error").asText());
    assertEquals(400, json(r).path("status").asInt());
    assertEquals(400, get("/api/alerts?color=red").statusCode());
    assertEquals(400, get("/api/fleet?state=OPEN").statusCode());
    assertEquals(400, get("/api/trunks/x?local=maybe").statusCode());
    assertEquals(400, get("/ready?verbose=1").statusCode());
    assertTrue(calls.isEmpty(), "nothing reaches the queries: " + calls);
  }

  @Test
  void unknownPathsAre404AndOtherMethods405() throws Exception {
    server.attach(fake);
    for (String path : List.of("/", "/api", "/api/trunks/", "/api/trunks/a/b", "/metrics/x", "/api/fleets")) {
      HttpResponse<String> r = get(path);
      assertEquals(404, r.statusCode(), path);
      assertTrue(json(r).path("error").asText().contains("/api/trunks/{trunkId}"), path);
    }
    assertEquals(404, get("/api/trunks/missing").statusCode());
    HttpResponse<String> post = send("POST", "/api/fleet");
    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
    HttpResponse<String> head = send("HEAD", "/ready");
    assertEquals(503, head.statusCode());
    assertEquals("", head.body());
  }

  @Test
  void aFailingQueryIs500WithoutInternals() throws Exception {
    server.attach(fake);
    HttpResponse<String> r = get("/api/trunks/boom");
    assertEquals(500, r.statusCode());
    String error = json(r).path("error").asText();
    assertTrue(error.contains("IllegalStateException") && error.contains("instance log"), error);
    assertFalse(r.body().contains("secret internals") || r.body().contains("at io.cipherwatch"), r.body());
  }

  @Test
  void aFailingScrapeIs500() throws Exception {
    try (ApiServer broken = ApiServer.start("127.0.0.1", 0, state::get, failed::get, () -> {
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
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(io.cipherwatch.config.ConfigException.class,
        () -> ApiServer.start("127.0.0.1", server.port(), state::get, failed::get, () -> ""));
    assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()) && e.getMessage().contains("cipherwatch.http.port"),
        e.getMessage());
  }
}
