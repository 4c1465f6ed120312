package io.cipherwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CipherwatchConfigTest {
  @Test
  void defaultsMatchTheDocumentedValues() {
    CipherwatchConfig c = CipherwatchConfig.defaults();
    assertEquals(Duration.ofHours(1), c.windowSize());
    assertEquals(Duration.ofMinutes(5), c.windowAdvance());
    assertEquals(Duration.ofMinutes(5), c.windowGrace());
    assertEquals("exactly_once_v2", c.kafka().get("processing.guarantee"));
    assertEquals("cipherwatch", c.kafka().get("application.id"));
    assertEquals("tls-handshakes", c.raw(Settings.TOPIC_INPUT));
  }

  @Test
  void fileThenEnvironmentThenOverridesWin(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("app.properties");
    Files.writeString(f, """
        cipherwatch.usage.window.size=PT2H
        cipherwatch.usage.window.advance=PT10M
        bootstrap.servers=file:9092
        sasl.mechanism=PLAIN
        """);
    CipherwatchConfig c = CipherwatchConfig.load(f,
        Map.of("CIPHERWATCH_USAGE_WINDOW_SIZE", "PT3H", "KAFKA_BOOTSTRAP_SERVERS", "env:9092",
            "CIPHERWATCH_ALERTS_RESOLVE_AFTER", "PT30M", "PATH", "/bin"),
        Map.of("cipherwatch.usage.window.advance", "PT15M"));
    assertEquals(Duration.ofHours(3), c.windowSize());
    assertEquals(Duration.ofMinutes(15), c.windowAdvance());
    assertEquals(Duration.ofMinutes(30), c.duration(Settings.ALERTS_RESOLVE_AFTER));
    assertEquals("env:9092", c.kafka().get("bootstrap.servers"));
    assertEquals("PLAIN", c.kafka().get("sasl.mechanism"), "Kafka keys pass through unchanged");
    assertEquals(null, c.kafka().get("path"));
  }

  @Test
  void envNamesReplaceDotsAndDashes() {
    assertEquals("CIPHERWATCH_ALERTS_REGRESSION_CLEAN_PERIOD", Settings.ALERTS_CLEAN_PERIOD.envName());
  }

  @Test
  void errorsNameKeyValueAndExpectation() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> CipherwatchConfig.of(Map.of("cipherwatch.usage.window.size", "1h",
            "cipherwatch.alerts.failures.min-share", "2")));
    assertTrue(e.getMessage().contains("cipherwatch.usage.window.size: '1h' is not an ISO-8601 duration"),
        e.getMessage());
    assertTrue(e.getMessage().contains("cipherwatch.alerts.failures.min-share must be in (0, 1]"), e.getMessage());
  }

  @Test
  void advanceMustDivideSize() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> CipherwatchConfig.of(Map.of("cipherwatch.usage.window.advance", "PT7M")));
    assertTrue(e.getMessage().contains("must divide"), e.getMessage());
  }

  @Test
  void usageEmitIsEveryWindowOrOnChangeWithATtlOutlivingTheZeroRow() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> CipherwatchConfig.of(Map.of("cipherwatch.usage.emit", "sometimes")));
    assertTrue(e.getMessage().contains("cipherwatch.usage.emit must be every-window or on-change, got 'sometimes'"),
        e.getMessage());
    e = assertThrows(ConfigException.class, () -> CipherwatchConfig.of(Map.of("cipherwatch.usage.emit", "on-change",
        "cipherwatch.state.idle-ttl", "PT1H")));
    assertTrue(e.getMessage().contains("cipherwatch.state.idle-ttl (PT1H) must be at least window size + advance"
        + " + grace (PT1H10M)"), e.getMessage());
    CipherwatchConfig.of(Map.of("cipherwatch.usage.emit", "on-change", "cipherwatch.state.idle-ttl", "PT1H10M"));
    CipherwatchConfig.of(Map.of("cipherwatch.usage.emit", "on-change", "cipherwatch.state.idle-ttl", "PT0S"));
    CipherwatchConfig.of(Map.of("cipherwatch.usage.emit", "every-window", "cipherwatch.state.idle-ttl", "PT1H"));
  }

  @Test
  void unknownCipherwatchKeyIsRejected() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> CipherwatchConfig.of(Map.of("cipherwatch.usage.windw.size", "PT1H")));
    assertTrue(e.getMessage().contains("cipherwatch.usage.windw.size"), e.getMessage());
  }

  @Test
  void missingFileIsAClearError() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> CipherwatchConfig.load(Path.of("/nonexistent/app.properties"), Map.of(), Map.of()));
    assertTrue(e.getMessage().contains("/nonexistent/app.properties"), e.getMessage());
  }
}
