package io.cipherwatch.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Forwards an API request to another instance ({@code http(s)://host:port} from its {@code application.server})
 * with the JDK {@link HttpClient}: short connect and request timeouts, the caller's {@code Authorization} header
 * passed on, and over HTTPS the {@link HttpTls} protocols and suites (TLS 1.2+, AEAD only unless configured) with
 * hostname verification. A failure becomes a 503 answer, never an exception. Forwarded requests run on the API
 * listener's threads only, never on the management listener's.
 */
public final class Forwarder {
  /** Connect timeout. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
  /** Default timeout of a whole forwarded request. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

  private final HttpClient client;
  private final Duration requestTimeout;
  private final String scheme;
  private final String authorization;

  /** A plain-HTTP forwarder with the default timeouts. */
  public Forwarder() {
    this(REQUEST_TIMEOUT, HttpTls.none());
  }

  /** A forwarder with this whole-request timeout, over HTTPS when {@code tls} is {@link HttpTls#enabled()}. */
  public Forwarder(Duration requestTimeout, HttpTls tls) {
    this(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1)
        .sslContext(tls.clientContext()).sslParameters(tls.clientParameters())
        .followRedirects(HttpClient.Redirect.NEVER).build(), requestTimeout, tls.scheme(), null);
  }

  private Forwarder(HttpClient client, Duration requestTimeout, String scheme, String authorization) {
    this.client = client;
    this.requestTimeout = requestTimeout;
    this.scheme = scheme;
    this.authorization = authorization;
  }

  /** The same forwarder sending {@code authorization} (the caller's header, null: none) with each request. */
  public Forwarder withAuthorization(String authorization) {
    return new Forwarder(client, requestTimeout, scheme, authorization);
  }

  /** GETs {@code pathAndQuery} (already encoded) from {@code host}; the answer's status and JSON body are kept. */
  public CompletableFuture<ApiResponse> get(HostInfo host, String pathAndQuery) {
    String where = host.host() + ":" + host.port();
    HttpRequest request;
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(scheme + "://" + where + pathAndQuery))
          .timeout(requestTimeout).header("Accept", "application/json").GET();
      if (authorization != null) {
        b.header("Authorization", authorization);
      }
      request = b.build();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(ApiResponse.error(502, "Cannot address instance " + where
          + " (application.server of that instance is not a valid host:port)"));
    }
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle((response, failure) -> {
          if (failure != null) {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            String why = cause instanceof SSLException ? "TLS handshake failed: check cipherwatch.http.tls.* on both"
                : cause.getClass().getSimpleName();
            return ApiResponse.unavailable("Instance " + where + " that owns the data did not answer (" + why
                + "); retry");
          }
          if (response.statusCode() == 401 || response.statusCode() == 403) {
            int status = response.statusCode();
            return ApiResponse.error(status, status == 401 ? "Unauthorized" : "Forbidden");
          }
          try {
            return new ApiResponse(response.statusCode(), Json.read(response.body()),
                response.headers().firstValue("Retry-After").map(v -> Map.of("Retry-After", v)).orElse(Map.of()));
          } catch (IOException e) {
            return ApiResponse.error(502, "Instance " + where + " answered " + response.statusCode()
                + " without a JSON body");
          }
        });
  }
}
