package io.cipherwatch.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The application's configuration: the documented {@code cipherwatch.*} keys ({@link Settings}) plus every
 * Kafka client / Streams / schema-registry key, passed through unchanged.
 *
 * <p>Precedence, lowest first: defaults, the properties file, environment variables, explicit overrides
 * (command-line options). {@code cipherwatch.*} keys are read from {@code CIPHERWATCH_USAGE_WINDOW_SIZE}-style
 * variables; Kafka keys from {@code KAFKA_BOOTSTRAP_SERVERS}-style variables ({@code KAFKA_} prefix, {@code _}
 * becomes {@code .}, lower case).
 *
 * <p>Secrets can come from files (Kubernetes Secrets mounted as files): a variable named like any of the above
 * with {@code _FILE} appended ({@code KAFKA_SASL_JAAS_CONFIG_FILE=/run/secrets/jaas}) sets the key to the file's
 * content, and a secret key's value may be {@code file:/path} (see {@link Secrets}). Secret values never appear in
 * the messages of this class.
 */
public final class CipherwatchConfig {
  /**
   * Kafka keys cipherwatch sets unless the configuration does. Window closes write one row per trunk at once:
   * 512 KiB producer batches (instead of 16 KiB) send them in far fewer requests (+25 % events/s in the bench).
   * An output record that cannot be produced, or a record whose processing throws, becomes a dead letter instead
   * of stopping the instance. Every task reads one partition of one topic, so there is no other partition to wait
   * for: {@code max.task.idle.ms=-1} changes no order, and spares each loop of the stream thread the log text Kafka
   * Streams otherwise formats for every task whose buffer is empty.
   */
  public static final Map<String, String> KAFKA_DEFAULTS = Map.of(
      "application.id", "cipherwatch",
      "processing.guarantee", "exactly_once_v2",
      "processing.exception.handler.global.enabled", "true",
      "max.task.idle.ms", "-1",
      "producer.batch.size", "524288",
      "production.exception.handler", "io.cipherwatch.topology.DeadLetterProductionHandler",
      "processing.exception.handler", "io.cipherwatch.topology.DeadLetterProcessingHandler");

  private final Map<String, String> cipherwatch;
  private final Map<String, String> kafka;

  private CipherwatchConfig(Map<String, String> cipherwatch, Map<String, String> kafka) {
    this.cipherwatch = cipherwatch;
    this.kafka = kafka;
    validate();
  }

  /** Defaults only (plus Kafka defaults); for tests and the embedded demo. */
  public static CipherwatchConfig defaults() {
    return of(Map.of());
  }

  /** Defaults overridden by the given keys (any mix of cipherwatch.* and Kafka keys). */
  public static CipherwatchConfig of(Map<String, String> values) {
    return load(null, Map.of(), values);
  }

  /**
   * Loads the configuration.
   *
   * @param file a properties file, or null
   * @param env the environment (normally {@link System#getenv()})
   * @param overrides explicit values that win over everything else
   */
  public static CipherwatchConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> all = new LinkedHashMap<>();
    for (Setting s : Settings.ALL) {
      all.put(s.key(), s.defaultValue());
    }
    all.putAll(KAFKA_DEFAULTS);
    all.putAll(io.cipherwatch.security.TlsClientDefaults.kafkaDefaults());
    if (file != null) {
      all.putAll(readFile(file));
    }
    all.putAll(fromEnvironment(env));
    all.putAll(overrides);
    all.replaceAll(Secrets::resolve);
    return split(all);
  }

  /** Separates cipherwatch.* keys from Kafka keys; an unknown cipherwatch.* key is an error. */
  private static CipherwatchConfig split(Map<String, String> all) {
    Map<String, String> cw = new LinkedHashMap<>();
    Map<String, String> kafka = new LinkedHashMap<>();
    all.forEach((k, v) -> (k.startsWith("cipherwatch.") ? cw : kafka).put(k, v));
    List<String> unknown = new ArrayList<>();
    for (String k : cw.keySet()) {
      if (Settings.ALL.stream().noneMatch(s -> s.key().equals(k))) {
        unknown.add(k);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException("Unknown configuration key(s) " + unknown
          + ": check the spelling against the configuration table in README.md");
    }
    return new CipherwatchConfig(cw, kafka);
  }

  private static Map<String, String> readFile(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage()
          + ". Pass an existing, readable .properties file with --config.");
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (String name : p.stringPropertyNames()) {
      m.put(name.trim(), p.getProperty(name).trim());
    }
    return m;
  }

  /** Maps environment variables to configuration keys (see the class comment). */
  static Map<String, String> fromEnvironment(Map<String, String> env) {
    Map<String, String> byEnvName = new HashMap<>();
    for (Setting s : Settings.ALL) {
      byEnvName.put(s.envName(), s.key());
    }
    Map<String, String> m = new LinkedHashMap<>();
    Map<String, String> fromFiles = new LinkedHashMap<>();
    env.forEach((name, value) -> {
      String key = keyOf(name, byEnvName);
      if (key != null) {
        m.put(key, value);
      } else if (name.endsWith(FILE_SUFFIX) && (key = keyOf(name.substring(0, name.length() - FILE_SUFFIX.length()),
          byEnvName)) != null) {
        fromFiles.put(key, Secrets.readFile(name, Path.of(value)));
      }
    });
    fromFiles.forEach((key, value) -> {
      Secrets.remember(value);
      m.put(key, value);
    });
    return m;
  }

  private static final String FILE_SUFFIX = "_FILE";

  /** The key an environment variable sets, or null. */
  private static String keyOf(String name, Map<String, String> byEnvName) {
    String key = byEnvName.get(name);
    if (key != null) {
      return key;
    }
    if (name.startsWith("KAFKA_") && name.length() > 6 && !name.endsWith(FILE_SUFFIX)) {
      return name.substring(6).toLowerCase(Locale.ROOT).replace('_', '.');
    }
    return null;
  }

  private void validate() {
    List<String> errors = new ArrayList<>();
    for (Setting s : List.of(Settings.WINDOW_SIZE, Settings.WINDOW_ADVANCE, Settings.WINDOW_GRACE,
        Settings.ALERTS_RESOLVE_AFTER, Settings.ALERTS_CLEAN_PERIOD, Settings.INPUT_MAX_FUTURE_SKEW,
        Settings.READINESS_PERIOD, Settings.READINESS_EVALUATION_INTERVAL)) {
      try {
        Duration d = duration(s);
        if (d.isNegative() || (d.isZero() && s != Settings.WINDOW_GRACE)) {
          errors.add(s.key() + " must be positive, got " + raw(s));
        }
      } catch (ConfigException e) {
        errors.add(e.getMessage());
      }
    }
    if (errors.isEmpty()) {
      long size = windowSize().toMillis();
      long advance = windowAdvance().toMillis();
      if (advance > size || size % advance != 0) {
        errors.add(Settings.WINDOW_ADVANCE.key() + " (" + raw(Settings.WINDOW_ADVANCE) + ") must divide "
            + Settings.WINDOW_SIZE.key() + " (" + raw(Settings.WINDOW_SIZE) + "), e.g. PT1H with PT5M");
      }
    }
    checkUsageEmit(errors);
    checkInt(errors, Settings.TOPICS_PARTITIONS, 1);
    checkInt(errors, Settings.TOPICS_REPLICATION, 1);
    checkInt(errors, Settings.ALERTS_FAILURES_MIN_COUNT, 1);
    checkInt(errors, Settings.HTTP_PORT, 0);
    checkInt(errors, Settings.MANAGEMENT_PORT, 0);
    checkInt(errors, Settings.HTTP_MAX_CONNECTIONS, 1);
    checkInt(errors, Settings.HTTP_MAX_HEADER_BYTES, 1024);
    for (Setting s : List.of(Settings.HTTP_IDLE_TIMEOUT, Settings.HTTP_FORWARD_TIMEOUT)) {
      try {
        if (duration(s).toMillis() <= 0) {
          errors.add(s.key() + " must be positive, got " + raw(s));
        }
      } catch (ConfigException e) {
        errors.add(e.getMessage());
      }
    }
    if (!raw(Settings.HTTP_PORT).equals("0") && raw(Settings.HTTP_PORT).equals(raw(Settings.MANAGEMENT_PORT))) {
      errors.add(Settings.MANAGEMENT_PORT.key() + " must differ from " + Settings.HTTP_PORT.key() + " ("
          + raw(Settings.HTTP_PORT) + "): probes and scrapes get their own listener");
    }
    RegistryUrls.check(kafka.get("schema.registry.url"), errors);
    checkInt(errors, Settings.METRICS_MAX_TRUNK_SERIES, 0);
    checkInt(errors, Settings.METRICS_MAX_EDGE_SERIES, 0);
    // a valid handshake event takes about 100 bytes; the offer limit must admit real ClientHellos (<= 200 suites)
    checkInt(errors, Settings.INPUT_MAX_RECORD_BYTES, 1024);
    checkInt(errors, Settings.INPUT_MAX_OFFERED_SUITES, 1);
    checkLong(errors, Settings.ROCKSDB_BLOCK_CACHE);
    checkLong(errors, Settings.ROCKSDB_WRITE_BUFFER);
    try {
      double share = Double.parseDouble(raw(Settings.ALERTS_FAILURES_MIN_SHARE));
      if (!(share > 0 && share <= 1)) {
        errors.add(Settings.ALERTS_FAILURES_MIN_SHARE.key() + " must be in (0, 1], got " + share);
      }
    } catch (NumberFormatException e) {
      errors.add(Settings.ALERTS_FAILURES_MIN_SHARE.key() + ": '" + raw(Settings.ALERTS_FAILURES_MIN_SHARE)
          + "' is not a number (e.g. 0.05)");
    }
    checkShare(errors, Settings.READINESS_THRESHOLD);
    String tc = raw(Settings.TOPICS_CREATE);
    if (!tc.equalsIgnoreCase("true") && !tc.equalsIgnoreCase("false")) {
      errors.add(Settings.TOPICS_CREATE.key() + " must be true or false, got '" + tc + "'");
    }
    if (!errors.isEmpty()) {
      throw new ConfigException("Invalid configuration:\n  - " + String.join("\n  - ", errors));
    }
  }

  /**
   * cipherwatch.usage.emit is every-window or on-change; on-change owes a zero row to a key for the window after
   * its last one, so its state must not be evicted before that window closes.
   */
  private void checkUsageEmit(List<String> errors) {
    UsageEmit emit;
    try {
      emit = UsageEmit.parse(raw(Settings.USAGE_EMIT));
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
      return;
    }
    if (emit == UsageEmit.ON_CHANGE && errors.isEmpty()) {
      try {
        long ttl = duration(Settings.STATE_IDLE_TTL).toMillis();
        Duration min = windowSize().plus(windowAdvance()).plus(windowGrace());
        if (ttl > 0 && ttl < min.toMillis()) {
          errors.add(Settings.STATE_IDLE_TTL.key() + " (" + raw(Settings.STATE_IDLE_TTL) + ") must be at least"
              + " window size + advance + grace (" + min + ") with " + Settings.USAGE_EMIT.key() + "=on-change");
        }
      } catch (ConfigException e) {
        errors.add(e.getMessage());
      }
    }
  }

  private void checkInt(List<String> errors, Setting s, int min) {
    try {
      int v = Integer.parseInt(raw(s));
      if (v < min) {
        errors.add(s.key() + " must be at least " + min + ", got " + v);
      }
    } catch (NumberFormatException e) {
      errors.add(s.key() + ": '" + raw(s) + "' is not a whole number");
    }
  }

  private void checkShare(List<String> errors, Setting s) {
    try {
      double share = Double.parseDouble(raw(s));
      if (!(share > 0 && share <= 1)) {
        errors.add(s.key() + " must be in (0, 1], got " + share);
      }
    } catch (NumberFormatException e) {
      errors.add(s.key() + ": '" + raw(s) + "' is not a number (e.g. 0.001)");
    }
  }

  private void checkLong(List<String> errors, Setting s) {
    try {
      if (Long.parseLong(raw(s)) <= 0) {
        errors.add(s.key() + " must be positive, got " + raw(s));
      }
    } catch (NumberFormatException e) {
      errors.add(s.key() + ": '" + raw(s) + "' is not a whole number of bytes");
    }
  }

  /** A comma-separated list value, trimmed, empty entries dropped; empty when unset. */
  public List<String> list(Setting s) {
    List<String> out = new ArrayList<>();
    for (String part : raw(s).split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  /** The raw string value of a cipherwatch key. */
  public String raw(Setting s) {
    return cipherwatch.get(s.key());
  }

  /** A duration-valued key, parsed as ISO-8601 ({@code PT1H}). */
  public Duration duration(Setting s) {
    String v = raw(s);
    try {
      return Duration.parse(v);
    } catch (DateTimeParseException e) {
      throw new ConfigException(s.key() + ": '" + v + "' is not an ISO-8601 duration (e.g. PT1H, PT5M, PT30S)");
    }
  }

  public int intValue(Setting s) {
    return Integer.parseInt(raw(s));
  }

  public long longValue(Setting s) {
    return Long.parseLong(raw(s));
  }

  public double doubleValue(Setting s) {
    return Double.parseDouble(raw(s));
  }

  public boolean booleanValue(Setting s) {
    return Boolean.parseBoolean(raw(s));
  }

  public Duration windowSize() {
    return duration(Settings.WINDOW_SIZE);
  }

  public Duration windowAdvance() {
    return duration(Settings.WINDOW_ADVANCE);
  }

  public Duration windowGrace() {
    return duration(Settings.WINDOW_GRACE);
  }

  /** Kafka client, Streams and schema-registry keys (everything not {@code cipherwatch.*}), unmodifiable. */
  public Map<String, String> kafka() {
    return java.util.Collections.unmodifiableMap(kafka);
  }

  /** The same, as Object values for Kafka's config constructors. */
  public Map<String, Object> kafkaObjects() {
    return new HashMap<>(kafka);
  }

  /** A copy with more values set. */
  public CipherwatchConfig with(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(cipherwatch);
    all.putAll(kafka);
    all.putAll(more);
    return split(all);
  }
}
