package io.cipherwatch.http;

import io.cipherwatch.config.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One Jetty listener (one connector, its own thread pool) with {@link HttpLimits}: request parsing is
 * non-blocking, so a slow or half-sent request holds a connection slot but no thread. Errors Jetty answers by itself
 * (malformed request, headers too large) get a JSON body naming only the status. Shared by the API and the
 * management listeners.
 */
final class Listener implements AutoCloseable {
  private static final String JSON = "application/json";
  /**
   * Connections the kernel holds completed but not yet accepted. A flood beyond the cap waits here and then in
   * its clients' connect retries, while the cap sheds its idle connections after 1 s; a larger queue held a flood
   * ahead of a later {@code /health} for longer.
   */
  private static final int ACCEPT_QUEUE = 128;

  private final Server server;
  private final ServerConnector connector;

  private Listener(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /**
   * Binds {@code bind:port} and serves {@code handler} with at most {@code threads} request threads.
   *
   * @param tls the TLS server context, or null for plain HTTP
   * @param portKey the port setting to name when the address cannot be bound
   * @param bindKey the bind setting to name then
   */
  static Listener start(String name, String bind, int port, HttpLimits limits, SslContextFactory.Server tls,
      int threads, Handler handler, String portKey, String bindKey) {
    QueuedThreadPool pool = new QueuedThreadPool(threads + 2, 2);
    pool.setName("cipherwatch-" + name);
    pool.setDaemon(true);
    Server server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(limits.maxHeaderBytes());
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setUriCompliance(UriCompliance.LEGACY); // trunk ids may hold an encoded '/' (%2F): decoded by UrlCodec
    HttpConnectionFactory h1 = new HttpConnectionFactory(http);
    ServerConnector connector = tls == null ? new ServerConnector(server, 1, 1, h1)
        : new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, h1.getProtocol()), h1);
    connector.setHost(bind);
    connector.setPort(port);
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    connector.setAcceptQueueSize(ACCEPT_QUEUE);
    server.addConnector(connector);
    NetworkConnectionLimit cap = new NetworkConnectionLimit(limits.maxConnections(), connector);
    cap.setEndPointIdleTimeout(HttpLimits.IDLE_TIMEOUT_AT_CAP.toMillis());
    server.addBean(cap);
    connector.addBean(new ShedAtCap(cap));
    server.setErrorHandler(new JsonErrors());
    server.setHandler(handler);
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      if (e instanceof IOException) {
        throw new ConfigException("Cannot listen on " + bind + ":" + port + " (" + e.getMessage() + "): set "
            + portKey + " to a free port (0 = any) or " + bindKey + " to a local address");
      }
      throw new IllegalStateException("Cannot start the " + name + " listener: " + e, e);
    }
    return new Listener(server, connector);
  }

  /** The bound port. */
  int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    stopQuietly(server);
  }

  private static void stopQuietly(Server server) {
    try {
      server.setStopTimeout(0);
      server.stop();
    } catch (Exception e) {
      // stopping: nothing left to do
    }
  }

  /** Writes {@code response} as JSON (no body for HEAD); {@code Cache-Control: no-store}. */
  static void send(Response response, Callback callback, ApiResponse answer, boolean head) {
    answer.headers().forEach((k, v) -> response.getHeaders().put(k, v));
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    write(response, callback, answer.status(), JSON, Json.write(answer.body()), head);
  }

  /** Writes one complete answer. */
  static void write(Response response, Callback callback, int status, String contentType, byte[] body, boolean head) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    if (head) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      response.write(true, null, callback);
      return;
    }
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /**
   * The first checks of every request: only GET and HEAD (405), no body (413). Returns the answer to send, or null
   * when the request may go on.
   */
  static ApiResponse refuse(Request request) {
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return new ApiResponse(405, ApiResponse.error(405, "Method not allowed: the API is read-only (GET)").body(),
          Map.of("Allow", "GET, HEAD"));
    }
    if (request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
      return ApiResponse.error(413, "Request bodies are not accepted");
    }
    return null;
  }

  /**
   * Gives a connection that opens while the cap is reached the cap's short idle timeout. Jetty shortens only the
   * connections already open when the cap is first reached; under a burst most of the capped connections are still
   * being set up then, and would otherwise keep the full idle timeout.
   */
  private record ShedAtCap(NetworkConnectionLimit cap) implements Connection.Listener {
    @Override
    public void onOpened(Connection connection) {
      if (cap.getNetworkConnectionCount() + cap.getPendingNetworkConnectionCount()
          >= cap.getMaxNetworkConnectionCount()) {
        connection.getEndPoint().setIdleTimeout(cap.getEndPointIdleTimeout());
      }
    }
  }

  /** Error answers generated by Jetty itself: the status and its standard reason, never the request's text. */
  private static final class JsonErrors extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      int status = response.getStatus() < 400 ? 500 : response.getStatus();
      Listener.write(response, callback, status, JSON, body(status), request.getMethod().equals("HEAD"));
      return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put(HttpHeader.CONTENT_TYPE, JSON);
      return ByteBuffer.wrap(body(status));
    }

    @Override
    protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
      writer.write(new String(body(code), StandardCharsets.UTF_8));
    }

    private static byte[] body(int status) {
      return Json.write(ApiResponse.error(status, HttpStatus.getMessage(status)).body());
    }
  }
}
