package io.cipherwatch.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Forwards an API request to another instance ({@code http://host:port} from its {@code application.server}) with
 * the JDK {@link HttpClient}, with connect and request timeouts. A failure becomes a 503 answer, never an exception.
 */
public final class Forwarder {
  /** Default connect timeout. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  /** Default timeout of a whole forwarded request. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client;
  private final Duration requestTimeout;

  /** A forwarder with the default timeouts. */
  public Forwarder() {
    this(CONNECT_TIMEOUT, REQUEST_TIMEOUT);
  }

  /** A forwarder with the given connect timeout and whole-request timeout. */
  public Forwarder(Duration connectTimeout, Duration requestTimeout) {
    this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
    this.requestTimeout = requestTimeout;
  }

  /** GETs {@code pathAndQuery} (already encoded) from {@code host}; the answer's status and JSON body are kept. */
  public CompletableFuture<ApiResponse> get(HostInfo host, String pathAndQuery) {
    String where = host.host() + ":" + host.port();
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create("http://" + where + pathAndQuery))
          .timeout(requestTimeout).header("Accept", "application/json").GET().build();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(ApiResponse.error(502, "Cannot address instance " + where
          + " (application.server of that instance is not a valid host:port): " + e.getMessage()));
    }
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle((response, failure) -> {
          if (failure != null) {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            return ApiResponse.unavailable("Instance " + where + " that owns the data did not answer ("
                + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
                + "); retry");
          }
          try {
            return new ApiResponse(response.statusCode(), Json.read(response.body()),
                response.headers().firstValue("Retry-After").map(v -> java.util.Map.of("Retry-After", v))
                    .orElse(java.util.Map.of()));
          } catch (IOException e) {
            return ApiResponse.error(502, "Instance " + where + " answered " + response.statusCode()
                + " without a JSON body");
          }
        });
  }
}
