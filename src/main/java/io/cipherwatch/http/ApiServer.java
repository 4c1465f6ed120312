package io.cipherwatch.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cipherwatch.config.ConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's HTTP endpoint (JDK {@link HttpServer}, no framework):
 *
 * <ul>
 *   <li>{@code GET /health}: liveness, 200 unless Kafka Streams failed (PENDING_ERROR, ERROR, or stopped after
 *       a failure), then 503.
 *   <li>{@code GET /ready}: 200 only while Kafka Streams is RUNNING, else 503 naming the state.
 *   <li>{@code GET /metrics}: Prometheus text format.
 *   <li>{@code GET /api/fleet}, {@code GET /api/trunks/{trunkId}}, {@code GET /api/alerts}: JSON from
 *       {@link ApiQueries}, once {@link #attach attached} (503 with {@code Retry-After} before).
 * </ul>
 *
 * Every error is a JSON body ({@code status}, {@code error}), never a stack trace. HEAD is answered like GET
 * without a body; other methods get 405.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final String JSON = "application/json";
  /** Prometheus text exposition format 0.0.4. */
  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String TRUNKS = "/api/trunks/";
  private static final String READINESS_ORGS = "/api/readiness/organizations/";
  private static final int THREADS = 8;

  private final HttpServer server;
  private final ExecutorService executor;
  private final Supplier<KafkaStreams.State> state;
  private final BooleanSupplier failed;
  private final Supplier<String> metrics;
  private volatile ApiQueries queries;

  private ApiServer(HttpServer server, ExecutorService executor, Supplier<KafkaStreams.State> state,
      BooleanSupplier failed, Supplier<String> metrics) {
    this.server = server;
    this.executor = executor;
    this.state = state;
    this.failed = failed;
    this.metrics = metrics;
  }

  /**
   * Binds {@code bind:port} (port 0: any free port) and starts serving.
   *
   * @param state the current Kafka Streams state, null while Streams does not exist yet
   * @param failed true once Kafka Streams failed (it does not recover without a restart)
   * @param metrics the Prometheus text of the registry, produced per scrape
   * @throws ConfigException naming the address and the settings to change when it cannot be bound
   */
  public static ApiServer start(String bind, int port, Supplier<KafkaStreams.State> state, BooleanSupplier failed,
      Supplier<String> metrics) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(bind, port), 64);
    } catch (IOException e) {
      throw new ConfigException("Cannot listen on " + bind + ":" + port + " (" + e.getMessage()
          + "): set cipherwatch.http.port to a free port (0 = any) or cipherwatch.http.bind to a local address");
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "cipherwatch-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    ApiServer api = new ApiServer(server, executor, state, failed, metrics);
    server.createContext("/", api::handle);
    server.setExecutor(executor);
    server.start();
    LOG.info("HTTP API listening on {}:{}", bind, api.port());
    return api;
  }

  /** The port the server is bound to. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Starts answering {@code /api} with {@code queries}. */
  public void attach(ApiQueries queries) {
    this.queries = queries;
  }

  /** Stops listening at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      String method = exchange.getRequestMethod();
      boolean head = method.equals("HEAD");
      if (!head && !method.equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, ApiResponse.error(405, "Method " + method + " not allowed: the API is read-only (GET)"), false);
        return;
      }
      String path = exchange.getRequestURI().getRawPath();
      if (path.equals("/metrics")) {
        String text;
        try {
          text = metrics.get();
        } catch (RuntimeException e) {
          LOG.warn("Scrape failed", e);
          send(exchange, ApiResponse.error(500, "Scrape failed (" + e.getClass().getSimpleName()
              + "); see the instance log"), head);
          return;
        }
        sendText(exchange, 200, PROMETHEUS_TEXT, text, head);
        return;
      }
      send(exchange, route(path, exchange.getRequestURI().getRawQuery()), head);
    } catch (IOException e) {
      LOG.debug("Client went away during {}: {}", exchange.getRequestURI(), e.toString());
    }
  }

  /** The answer to a GET of {@code rawPath?rawQuery} other than /metrics; never throws. */
  ApiResponse route(String rawPath, String rawQuery) {
    try {
      switch (rawPath) {
        case "/health":
          UrlCodec.parseQuery(rawQuery, Set.of(), "/health");
          return health();
        case "/ready":
          UrlCodec.parseQuery(rawQuery, Set.of(), "/ready");
          return ready();
        case "/api/fleet": {
          boolean local = UrlCodec.localFlag(UrlCodec.parseQuery(rawQuery, Set.of("local"), rawPath));
          return withQueries(q -> q.fleet(local));
        }
        case "/api/alerts": {
          Map<String, String> query = UrlCodec.parseQuery(rawQuery, AlertFilter.PARAMETERS, rawPath);
          AlertFilter filter = AlertFilter.parse(query);
          boolean local = UrlCodec.localFlag(query);
          return withQueries(q -> q.alerts(filter, local));
        }
        case "/api/readiness": {
          Map<String, String> query = UrlCodec.parseQuery(rawQuery, Set.of("remove", "local"), rawPath);
          return withQueries(q -> q.readiness(query.get("remove"), null, UrlCodec.localFlag(query)));
        }
        default:
          if (rawPath.startsWith(READINESS_ORGS) && rawPath.length() > READINESS_ORGS.length()
              && rawPath.indexOf('/', READINESS_ORGS.length()) < 0) {
            String org = UrlCodec.decodeSegment(rawPath.substring(READINESS_ORGS.length()));
            Map<String, String> query = UrlCodec.parseQuery(rawQuery, Set.of("remove"),
                "/api/readiness/organizations/{id}");
            return withQueries(q -> q.readiness(query.get("remove"), org, false));
          }
          if (rawPath.startsWith(TRUNKS) && rawPath.length() > TRUNKS.length()
              && rawPath.indexOf('/', TRUNKS.length()) < 0) {
            String trunkId = UrlCodec.decodeSegment(rawPath.substring(TRUNKS.length()));
            boolean local = UrlCodec.localFlag(UrlCodec.parseQuery(rawQuery, Set.of("local"), "/api/trunks/{trunkId}"));
            return withQueries(q -> q.trunk(trunkId, local));
          }
          return ApiResponse.error(404, "No resource at " + rawPath + ": the API serves /health, /ready, /metrics,"
              + " /api/fleet, /api/trunks/{trunkId} (URL-encoded), /api/alerts, /api/readiness and"
              + " /api/readiness/organizations/{id}");
      }
    } catch (BadRequestException e) {
      return ApiResponse.error(400, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("Request {}{} failed", rawPath, rawQuery == null ? "" : "?" + rawQuery, e);
      return ApiResponse.error(500, "Internal error answering " + rawPath + " (" + e.getClass().getSimpleName()
          + "); see the instance log");
    }
  }

  private ApiResponse withQueries(java.util.function.Function<ApiQueries, ApiResponse> call) {
    ApiQueries q = queries;
    if (q == null) {
      return ApiResponse.unavailable("The instance is starting: its state stores are not queryable yet");
    }
    return call.apply(q);
  }

  private ApiResponse health() {
    KafkaStreams.State s = state.get();
    Map<String, Object> body = new LinkedHashMap<>();
    boolean up = !failed.getAsBoolean() && s != KafkaStreams.State.ERROR && s != KafkaStreams.State.PENDING_ERROR;
    body.put("status", up ? "UP" : "DOWN");
    body.put("streamsState", s == null ? "STARTING" : s.name());
    return new ApiResponse(up ? 200 : 503, body, Map.of());
  }

  private ApiResponse ready() {
    KafkaStreams.State s = state.get();
    boolean ready = s == KafkaStreams.State.RUNNING;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ready", ready);
    body.put("streamsState", s == null ? "STARTING" : s.name());
    return ready ? ApiResponse.ok(body) : new ApiResponse(503, body,
        Map.of("Retry-After", Integer.toString(ApiResponse.RETRY_AFTER_SECONDS)));
  }

  private static void send(HttpExchange exchange, ApiResponse response, boolean head) throws IOException {
    response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    write(exchange, response.status(), JSON, Json.write(response.body()), head);
  }

  private static void sendText(HttpExchange exchange, int status, String contentType, String text, boolean head)
      throws IOException {
    write(exchange, status, contentType, text.getBytes(StandardCharsets.UTF_8), head);
  }

  private static void write(HttpExchange exchange, int status, String contentType, byte[] body, boolean head)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if (head) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
