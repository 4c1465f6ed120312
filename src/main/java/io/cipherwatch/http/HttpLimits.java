package io.cipherwatch.http;

import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.Settings;
import java.time.Duration;

/**
 * The bounds of one HTTP listener: a connection silent for {@code idleTimeout} is closed (mid-request too), at
 * most {@code maxConnections} are open (at the cap, idle ones are closed after one second and new ones wait in the
 * accept queue), the request line and headers fit in {@code maxHeaderBytes}, and request bodies are refused.
 */
public record HttpLimits(Duration idleTimeout, int maxConnections, int maxHeaderBytes) {
  /** Idle timeout of connections once the listener is at its connection cap. */
  public static final Duration IDLE_TIMEOUT_AT_CAP = Duration.ofSeconds(1);

  /** The limits set by {@code cipherwatch.http.idle-timeout}, {@code .max-connections}, {@code .max-header-bytes}. */
  public static HttpLimits from(CipherwatchConfig cfg) {
    return new HttpLimits(cfg.duration(Settings.HTTP_IDLE_TIMEOUT), cfg.intValue(Settings.HTTP_MAX_CONNECTIONS),
        cfg.intValue(Settings.HTTP_MAX_HEADER_BYTES));
  }

  /** The defaults of {@link Settings}. */
  public static HttpLimits defaults() {
    return from(CipherwatchConfig.defaults());
  }
}
