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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API listener over a fake {@link ApiQueries}: routing, parameters, status codes, JSON errors, auth, limits. */
class ApiServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> calls = new ArrayList<>();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<String> authorizations = new ArrayList<>();
  private ApiServer server;
  @TempDir Path dir;

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
      return trunkId.equals("missing") ? ApiResponse.error(404, "Unknown trunk")
          : ApiResponse.ok(Map.of("trunkId", trunkId));
    }

    @Override
    public ApiResponse alerts(AlertFilter filter, boolean local) {
      calls.add("alerts " + filter.toQuery() + " local=" + local);
      return ApiResponse.unavailable("migrating");
    }

    @Override
    public ApiQueries forCaller(String authorization) {
      authorizations.add(authorization);
      return this;
    }
  };

  private ApiServer start(Authenticator auth) {
    server = ApiServer.start("127.0.0.1", 0, HttpLimits.defaults(), HttpTls.none(), auth);
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> send(String method, String pathAndQuery, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
    return send("GET", pathAndQuery, headers);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    return JSON.readTree(r.body());
  }

  @Test
  void apiIs503WithRetryAfterUntilAttached() throws Exception {
    start(Authenticator.none());
    HttpResponse<String> r = get("/api/fleet");
    assertEquals(503, r.statusCode());
    assertEquals("2", r.headers().firstValue("Retry-After").orElse(""));
    assertTrue(json(r).path("error").asText().contains("starting"));
    assertTrue(calls.isEmpty());
  }

  @Test
  void routesToTheQueriesWithDecodedTrunkIdsAndFlags() throws Exception {
    start(Authenticator.none()).attach(fake);
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
  void badParametersAre400NamingTheAllowedValuesWithoutEcho() throws Exception {
    start(Authenticator.none()).attach(fake);
    HttpResponse<String> r = get("/api/alerts?severity=urgent");
    assertEquals(400, r.statusCode());
    assertEquals("Query parameter 'severity' must be one of WARNING, CRITICAL", json(r).path("error").asText());
    assertEquals(400, json(r).path("status").asInt());
    HttpResponse<String> unknown = get("/api/alerts?evil%3Cb%3E=red");
    assertEquals(400, unknown.statusCode());
    assertFalse(unknown.body().contains("evil"), unknown.body());
    assertEquals(400, get("/api/fleet?state=OPEN").statusCode());
    assertEquals(400, get("/api/trunks/x?local=maybe").statusCode());
    assertTrue(calls.isEmpty(), "nothing reaches the queries: " + calls);
  }

  @Test
  void unknownPathsAre404WithoutEchoAndOtherMethods405() throws Exception {
    start(Authenticator.none()).attach(fake);
    for (String path : List.of("/", "/api", "/api/trunks/", "/api/trunks/a/b", "/health", "/metrics",
        "/api/fleets-%3Cscript%3E")) {
      HttpResponse<String> r = get(path);
      assertEquals(404, r.statusCode(), path);
      assertTrue(json(r).path("error").asText().contains("/api/trunks/{trunkId}"), path);
      assertFalse(r.body().contains("fleets") || r.body().contains("script"), r.body());
    }
    assertEquals(404, get("/api/trunks/missing").statusCode());
    HttpResponse<String> post = send("POST", "/api/fleet");
    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
    HttpResponse<String> head = send("HEAD", "/api/alerts");
    assertEquals(503, head.statusCode());
    assertEquals("", head.body());
  }

  @Test
  void aFailingQueryIs500WithoutInternals() throws Exception {
    start(Authenticator.none()).attach(fake);
    HttpResponse<String> r = get("/api/trunks/boom");
    assertEquals(500, r.statusCode());
    String error = json(r).path("error").asText();
    assertTrue(error.contains("IllegalStateException") && error.contains("instance log"), error);
    assertFalse(r.body().contains("secret internals") || r.body().contains("at io.cipherwatch")
        || r.body().contains("boom"), r.body());
  }

  @Test
  void bodiesAre413AndOversizedHeaders431WithoutEcho() throws Exception {
    start(Authenticator.none()).attach(fake);
    HttpResponse<String> body = client.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/api/fleet"))
        .method("GET", HttpRequest.BodyPublishers.ofString("x".repeat(100))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(413, body.statusCode());
    String big = "q".repeat(9000);
    HttpResponse<String> header = get("/api/fleet", "X-Big", big);
    assertEquals(431, header.statusCode());
    assertFalse(header.body().contains("qqqq"), header.body());
    assertEquals(200, get("/api/fleet").statusCode(), "still serving");
  }

  @Test
  void bearerTokensAreRequiredCheckedAndPassedToTheQueries() throws Exception {
    Path tokens = dir.resolve("tokens");
    Files.writeString(tokens, "# dashboards\nfirst-token-abc\n\n  second-token-def  \n");
    start(Authenticator.fromFiles(tokens.toString(), "")).attach(fake);
    for (String[] h : List.of(new String[] {}, new String[] {"Authorization", "Bearer wrong"},
        new String[] {"Authorization", "Bearer first-token-ab"}, new String[] {"Authorization", "Basic Zm9vOmJhcg=="},
        new String[] {"Authorization", "first-token-abc"})) {
      HttpResponse<String> r = get("/api/fleet", h);
      assertEquals(401, r.statusCode());
      assertEquals("{\"status\":401,\"error\":\"Unauthorized\"}", r.body());
      assertEquals("Bearer realm=\"cipherwatch\"", r.headers().firstValue("WWW-Authenticate").orElse(""));
    }
    assertEquals(401, get("/api/no-such-path").statusCode(), "unknown paths too: nothing to learn without a token");
    assertTrue(calls.isEmpty());
    assertEquals(200, get("/api/fleet", "Authorization", "Bearer first-token-abc").statusCode());
    assertEquals(200, get("/api/fleet", "Authorization", "bearer second-token-def").statusCode());
    assertEquals(List.of("Bearer first-token-abc", "bearer second-token-def"), authorizations);
  }

  @Test
  void theTokenFileIsReReadWhenItChanges() throws Exception {
    Path tokens = dir.resolve("tokens");
    Files.writeString(tokens, "old-token-1\n");
    Authenticator auth = Authenticator.fromFiles(tokens.toString(), null);
    try (auth) {
      assertTrue(auth.allows("Bearer old-token-1"));
      Files.writeString(tokens, "new-token-2\n");
      Files.setLastModifiedTime(tokens, FileTime.from(Instant.now().plusSeconds(5)));
      auth.reload();
      assertFalse(auth.allows("Bearer old-token-1"), "rotated out");
      assertTrue(auth.allows("Bearer new-token-2"));
      Files.writeString(tokens, "# emptied by mistake\n");
      Files.setLastModifiedTime(tokens, FileTime.from(Instant.now().plusSeconds(10)));
      auth.reload();
      assertTrue(auth.allows("Bearer new-token-2"), "an empty file keeps the previous tokens");
    }
  }

  @Test
  void basicAuthFromAFile() throws Exception {
    Path users = dir.resolve("users");
    Files.writeString(users, "grafana:s3cret:with:colons\n");
    start(Authenticator.fromFiles(null, users.toString())).attach(fake);
    String ok = Base64.getEncoder().encodeToString("grafana:s3cret:with:colons".getBytes(StandardCharsets.UTF_8));
    String bad = Base64.getEncoder().encodeToString("grafana:s3cret".getBytes(StandardCharsets.UTF_8));
    assertEquals(200, get("/api/fleet", "Authorization", "Basic " + ok).statusCode());
    HttpResponse<String> r = get("/api/fleet", "Authorization", "Basic " + bad);
    assertEquals(401, r.statusCode());
    assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
    assertEquals(401, get("/api/fleet", "Authorization", "Basic %%%").statusCode());
  }

  @Test
  void missingOrEmptyCredentialFilesAreStartUpErrors() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "# nothing\n");
    assertTrue(assertThrows(ConfigException.class, () -> Authenticator.fromFiles(empty.toString(), null))
        .getMessage().contains("holds no credential"));
    assertTrue(assertThrows(ConfigException.class, () -> Authenticator.fromFiles(dir.resolve("nope").toString(),
        null)).getMessage().contains("Cannot read"));
    Path noColon = Files.writeString(dir.resolve("users"), "justaname\n");
    assertTrue(assertThrows(ConfigException.class, () -> Authenticator.fromFiles(null, noColon.toString()))
        .getMessage().contains("not user:password"));
  }

  @Test
  void bindFailureNamesTheAddressAndTheFix() {
    start(Authenticator.none());
    Exception e = assertThrows(ConfigException.class, () -> ApiServer.start("127.0.0.1", server.port(),
        HttpLimits.defaults(), HttpTls.none(), Authenticator.none()));
    assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()) && e.getMessage().contains("cipherwatch.http.port"),
        e.getMessage());
  }
}
