package io.cipherwatch.http;

import io.cipherwatch.config.Settings;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API listener ({@code cipherwatch.http.port}): {@code GET /api/fleet}, {@code GET /api/trunks/{trunkId}},
 * {@code GET /api/alerts}, JSON from {@link ApiQueries} once {@link #attach attached} (503 with
 * {@code Retry-After} before). HTTPS when {@link HttpTls} has a key store; when the {@link Authenticator} requires
 * it, every request (unknown paths included) must authenticate first, else 401 with a challenge and no detail.
 *
 * <p>Every error is a JSON body ({@code status}, {@code error}) that never echoes the request (path, query,
 * headers) and never holds a stack trace. HEAD is answered like GET without a body; other methods get 405.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final String TRUNKS = "/api/trunks/";
  private static final String READINESS_ORGS = "/api/readiness/organizations/";
  /** Request threads: forwarded requests wait here (bounded by the forward timeout), never on management's. */
  private static final int THREADS = 16;

  private final Authenticator auth;
  private Listener listener;
  private volatile ApiQueries queries;

  private ApiServer(Authenticator auth) {
    this.auth = auth;
  }

  /**
   * Binds {@code bind:port} (port 0: any free port) and starts serving.
   *
   * @param tls HTTPS when {@link HttpTls#enabled()}
   * @param auth who may call; closed with the server
   * @throws io.cipherwatch.config.ConfigException naming the address and the settings to change when it cannot be
   *     bound
   */
  public static ApiServer start(String bind, int port, HttpLimits limits, HttpTls tls, Authenticator auth) {
    ApiServer api = new ApiServer(auth);
    api.listener = Listener.start("api", bind, port, limits, tls.enabled() ? tls.serverFactory() : null, THREADS,
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            api.handle(request, response, callback);
            return true;
          }
        }, Settings.HTTP_PORT.key(), Settings.HTTP_BIND.key());
    LOG.info("API listener on {}://{}:{} ({})", tls.scheme(), bind, api.port(),
        auth.required() ? "authentication required" : "no authentication");
    if (!auth.required() && !isLoopback(bind)) {
      LOG.warn("The API on {}:{} answers anyone who can reach it: set cipherwatch.http.auth.token-file (and"
          + " cipherwatch.http.tls.keystore), or bind it to 127.0.0.1", bind, api.port());
    } else if (!tls.enabled() && !isLoopback(bind)) {
      LOG.warn("The API on {}:{} takes credentials over plain HTTP: set cipherwatch.http.tls.keystore", bind,
          api.port());
    }
    return api;
  }

  private static boolean isLoopback(String bind) {
    try {
      return java.net.InetAddress.getByName(bind).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** The bound port. */
  public int port() {
    return listener.port();
  }

  /** Starts answering {@code /api} with {@code queries}. */
  public void attach(ApiQueries queries) {
    this.queries = queries;
  }

  /** Stops listening at once. */
  @Override
  public void close() {
    listener.close();
    auth.close();
  }

  private void handle(Request request, Response response, Callback callback) {
    boolean head = request.getMethod().equals("HEAD");
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (!auth.allows(authorization)) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, auth.challenge());
      Listener.send(response, callback, ApiResponse.error(401, "Unauthorized"), head);
      return;
    }
    ApiResponse refused = Listener.refuse(request);
    if (refused != null) {
      Listener.send(response, callback, refused, head);
      return;
    }
    Listener.send(response, callback, route(request.getHttpURI().getPath(), request.getHttpURI().getQuery(),
        authorization), head);
  }

  /** The answer to a GET of {@code rawPath?rawQuery} by a caller sending {@code authorization}; never throws. */
  ApiResponse route(String rawPath, String rawQuery, String authorization) {
    try {
      switch (rawPath == null ? "" : rawPath) {
        case "/api/fleet": {
          boolean local = UrlCodec.localFlag(UrlCodec.parseQuery(rawQuery, java.util.Set.of("local"), rawPath));
          return withQueries(authorization, q -> q.fleet(local));
        }
        case "/api/alerts": {
          Map<String, String> query = UrlCodec.parseQuery(rawQuery, AlertFilter.PARAMETERS, rawPath);
          AlertFilter filter = AlertFilter.parse(query);
          boolean local = UrlCodec.localFlag(query);
          return withQueries(authorization, q -> q.alerts(filter, local));
        }
        case "/api/readiness": {
          Map<String, String> query = UrlCodec.parseQuery(rawQuery, Set.of("remove", "local"), rawPath);
          return withQueries(authorization, q -> q.readiness(query.get("remove"), null, UrlCodec.localFlag(query)));
        }
        default:
          if (rawPath != null && rawPath.startsWith(READINESS_ORGS) && rawPath.length() > READINESS_ORGS.length()
              && rawPath.indexOf('/', READINESS_ORGS.length()) < 0) {
            String org = UrlCodec.decodeSegment(rawPath.substring(READINESS_ORGS.length()));
            Map<String, String> query = UrlCodec.parseQuery(rawQuery, Set.of("remove"),
                "/api/readiness/organizations/{id}");
            return withQueries(authorization, q -> q.readiness(query.get("remove"), org, false));
          }
          if (rawPath != null && rawPath.startsWith(TRUNKS) && rawPath.length() > TRUNKS.length()
              && rawPath.indexOf('/', TRUNKS.length()) < 0) {
            String trunkId = UrlCodec.decodeSegment(rawPath.substring(TRUNKS.length()));
            boolean local = UrlCodec.localFlag(UrlCodec.parseQuery(rawQuery, java.util.Set.of("local"),
                "/api/trunks/{trunkId}"));
            return withQueries(authorization, q -> q.trunk(trunkId, local));
          }
          return ApiResponse.error(404, "No such resource: the API serves /api/fleet, /api/trunks/{trunkId}"
              + " (URL-encoded), /api/alerts, /api/readiness and /api/readiness/organizations/{id}; /health, /ready"
              + " and /metrics are on cipherwatch.management.port");
      }
    } catch (BadRequestException e) {
      return ApiResponse.error(400, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("An /api request failed", e);
      return ApiResponse.error(500, "Internal error (" + e.getClass().getSimpleName() + "); see the instance log");
    }
  }

  private ApiResponse withQueries(String authorization, Function<ApiQueries, ApiResponse> call) {
    ApiQueries q = queries;
    if (q == null) {
      return ApiResponse.unavailable("The instance is starting: its state stores are not queryable yet");
    }
    return call.apply(q.forCaller(authorization));
  }
}
