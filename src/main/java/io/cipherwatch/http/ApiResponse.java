package io.cipherwatch.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * One HTTP answer of the API: status, a JSON-serializable body (maps, lists, strings, numbers) and extra headers.
 * Errors carry {@code {"status": 503, "error": "..."}}.
 */
public record ApiResponse(int status, Object body, Map<String, String> headers) {
  /** Seconds a client should wait before retrying a 503. */
  public static final int RETRY_AFTER_SECONDS = 2;

  /** 200 with {@code body}. */
  public static ApiResponse ok(Object body) {
    return new ApiResponse(200, body, Map.of());
  }

  /** An error with a JSON body naming the status and the message. */
  public static ApiResponse error(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("error", message);
    return new ApiResponse(status, body, Map.of());
  }

  /** 503 with {@code Retry-After}: the state is not queryable now (starting, rebalancing, migrating). */
  public static ApiResponse unavailable(String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", 503);
    body.put("error", message);
    body.put("retryAfterSeconds", RETRY_AFTER_SECONDS);
    return new ApiResponse(503, body, Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)));
  }

  /** 503: a store read failed because the store is not queryable now (restoring, migrating). */
  public static ApiResponse notQueryable(InvalidStateStoreException e) {
    return unavailable("State store not queryable now (" + Objects.toString(e.getMessage(), "migrating") + "); retry");
  }

  /** 503: Kafka Streams is not in a state to answer (starting, stopped, failed). */
  public static ApiResponse notRunning(RuntimeException e) {
    return unavailable("Kafka Streams is not running (" + e.getMessage() + ")");
  }

  /** The {@code error} text of an error body, or null. */
  public String errorMessage() {
    return body instanceof Map<?, ?> m && m.get("error") != null ? m.get("error").toString() : null;
  }
}
