package io.cipherwatch.http;

import io.cipherwatch.config.Settings;
import io.cipherwatch.health.RegistryHealth;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management listener ({@code cipherwatch.management.port}), apart from the API so that probes and scrapes
 * never wait behind API requests:
 *
 * <ul>
 *   <li>{@code GET /health}: liveness, 200 unless Kafka Streams failed (PENDING_ERROR, ERROR, or stopped after
 *       a failure), then 503.
 *   <li>{@code GET /ready}: 200 only while Kafka Streams is RUNNING, else 503 naming the state.
 *   <li>{@code GET /metrics}: Prometheus text format.
 * </ul>
 *
 * Plain HTTP without authentication: it shows no data beyond the metrics; restrict who reaches it by network
 * (bind address, NetworkPolicy). Errors are JSON ({@code status}, {@code error}) and never echo the request.
 */
public final class ManagementServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);
  /** Prometheus text exposition format 0.0.4. */
  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final int THREADS = 4;

  private final Supplier<KafkaStreams.State> state;
  private final BooleanSupplier failed;
  private final Supplier<String> metrics;
  private volatile Supplier<RegistryHealth> registry = () -> null;
  private Listener listener;

  private ManagementServer(Supplier<KafkaStreams.State> state, BooleanSupplier failed, Supplier<String> metrics) {
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
   * @throws io.cipherwatch.config.ConfigException naming the address and the settings to change when it cannot be
   *     bound
   */
  public static ManagementServer start(String bind, int port, HttpLimits limits, Supplier<KafkaStreams.State> state,
      BooleanSupplier failed, Supplier<String> metrics) {
    ManagementServer m = new ManagementServer(state, failed, metrics);
    m.listener = Listener.start("management", bind, port, limits, null, THREADS, new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        m.handle(request, response, callback);
        return true;
      }
    }, Settings.MANAGEMENT_PORT.key(), Settings.MANAGEMENT_BIND.key());
    LOG.info("Management listener (/health, /ready, /metrics) on http://{}:{}", bind, m.port());
    return m;
  }

  /**
   * Includes the schema registry in the answers: {@code /ready} is 503 while a partition waits for it, and
   * {@code /health} is 503 while it refuses this instance's configuration (credentials, URL).
   */
  public void watch(Supplier<RegistryHealth> registryHealth) {
    this.registry = registryHealth;
  }

  /** The bound port. */
  public int port() {
    return listener.port();
  }

  /** Stops listening at once. */
  @Override
  public void close() {
    listener.close();
  }

  private void handle(Request request, Response response, Callback callback) {
    ApiResponse refused = Listener.refuse(request);
    boolean head = request.getMethod().equals("HEAD");
    if (refused != null) {
      Listener.send(response, callback, refused, head);
      return;
    }
    String path = request.getHttpURI().getPath();
    if ("/metrics".equals(path)) {
      String text;
      try {
        text = metrics.get();
      } catch (RuntimeException e) {
        LOG.warn("Scrape failed", e);
        Listener.send(response, callback, ApiResponse.error(500, "Scrape failed (" + e.getClass().getSimpleName()
            + "); see the instance log"), head);
        return;
      }
      Listener.write(response, callback, 200, PROMETHEUS_TEXT, text.getBytes(StandardCharsets.UTF_8), head);
      return;
    }
    Listener.send(response, callback, route(path, request.getHttpURI().getQuery()), head);
  }

  /** The answer to a GET of {@code /health} or {@code /ready}; 404 for anything else other than /metrics. */
  ApiResponse route(String path, String rawQuery) {
    try {
      if ("/health".equals(path)) {
        UrlCodec.parseQuery(rawQuery, Set.of(), "/health");
        return health();
      }
      if ("/ready".equals(path)) {
        UrlCodec.parseQuery(rawQuery, Set.of(), "/ready");
        return ready();
      }
      return ApiResponse.error(404, "No such resource: the management port serves /health, /ready and /metrics"
          + " (the API is on cipherwatch.http.port)");
    } catch (BadRequestException e) {
      return ApiResponse.error(400, e.getMessage());
    }
  }

  private ApiResponse health() {
    KafkaStreams.State s = state.get();
    Map<String, Object> body = new LinkedHashMap<>();
    RegistryHealth r = registry.get();
    String registryError = r == null ? null : r.configurationError();
    boolean up = !failed.getAsBoolean() && s != KafkaStreams.State.ERROR && s != KafkaStreams.State.PENDING_ERROR
        && registryError == null;
    body.put("status", up ? "UP" : "DOWN");
    body.put("streamsState", s == null ? "STARTING" : s.name());
    if (registryError != null) {
      body.put("schemaRegistry", "the registry refuses this instance's configuration: see the instance log");
    }
    return new ApiResponse(up ? 200 : 503, body, Map.of());
  }

  private ApiResponse ready() {
    KafkaStreams.State s = state.get();
    RegistryHealth r = registry.get();
    boolean waiting = r != null && r.waiting();
    boolean ready = s == KafkaStreams.State.RUNNING && !waiting;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ready", ready);
    body.put("streamsState", s == null ? "STARTING" : s.name());
    if (waiting) {
      body.put("waitingForSchemaRegistry", r.waitingPartitions());
    }
    return ready ? ApiResponse.ok(body) : new ApiResponse(503, body,
        Map.of("Retry-After", Integer.toString(ApiResponse.RETRY_AFTER_SECONDS)));
  }
}
