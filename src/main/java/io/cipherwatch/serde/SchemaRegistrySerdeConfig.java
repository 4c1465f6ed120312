package io.cipherwatch.serde;

import io.cipherwatch.security.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration keys of the serde and registry client, read from the application's config map. The names
 * and meanings are Confluent's, so an existing Confluent serde configuration works unchanged.
 */
public final class SchemaRegistrySerdeConfig {
  /** Comma-separated registry base URLs (tried in turn on failure), or {@code mock://<scope>}. Required unless a client is passed in. */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  /** Serializer registers its schema under the subject when missing (default true). */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  /** Serializer writes with the subject's latest registered schema instead of its own (default false). */
  public static final String USE_LATEST_VERSION = "use.latest.version";
  /** Subject name strategy for keys: {@code TopicNameStrategy} (default) or {@code RecordNameStrategy}. */
  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
  /** Subject name strategy for values: {@code TopicNameStrategy} (default) or {@code RecordNameStrategy}. */
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
  /** {@code URL} (default: user info of the URL, if any) or {@code USER_INFO} (from {@link #BASIC_AUTH_USER_INFO}). */
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
  /** {@code user:password} for HTTP basic authentication when the source is {@code USER_INFO}. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  /** Trust store for https registry URLs (default: the JVM's trust store). */
  public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
  /** Password of the trust store. */
  public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
  /** Type of the trust store: {@code JKS} or {@code PKCS12} (default: the JVM's default type). */
  public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
  /** Key store holding a client certificate for mutual TLS (optional). */
  public static final String SSL_KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
  /** Password of the key store. */
  public static final String SSL_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
  /** Type of the key store (default: the JVM's default type). */
  public static final String SSL_KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
  /** Password of the private key in the key store (default: the key store password). */
  public static final String SSL_KEY_PASSWORD = "schema.registry.ssl.key.password";
  /** TLS protocol versions for https registry URLs, comma-separated (default: {@code TlsDefaults.PROTOCOLS}). */
  public static final String SSL_ENABLED_PROTOCOLS = "schema.registry.ssl.enabled.protocols";
  /** TLS cipher suites for https registry URLs, comma-separated (default: {@code TlsDefaults.CIPHER_SUITES}). */
  public static final String SSL_CIPHER_SUITES = "schema.registry.ssl.cipher.suites";
  /** Connect timeout per attempt in milliseconds (default 2000). */
  public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
  /** Time to wait for an answer per attempt in milliseconds (default 3000). */
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
  /**
   * Retries after the first attempt on I/O errors, timeouts and HTTP 5xx (default 0: one try per URL; the caller
   * waits and retries, so a call stays well inside a 10 s transaction timeout).
   */
  public static final String MAX_RETRIES = "max.retries";
  /** First backoff before a retry in milliseconds, doubled each retry (default 100). */
  public static final String RETRIES_WAIT_MS = "retries.wait.ms";
  /** Upper bound of one backoff in milliseconds (default 2000). */
  public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";

  /** The scheme of in-memory registries: {@code mock://<scope>}. */
  public static final String MOCK_SCHEME = "mock://";

  final List<String> urls;
  final boolean autoRegister;
  final boolean useLatestVersion;
  final SubjectNameStrategy keyStrategy;
  final SubjectNameStrategy valueStrategy;
  final String userInfo;
  final String truststoreLocation;
  final String truststorePassword;
  final String truststoreType;
  final String keystoreLocation;
  final String keystorePassword;
  final String keystoreType;
  final String keyPassword;
  final List<String> sslProtocols;
  final List<String> sslCipherSuites;
  final Duration connectTimeout;
  final Duration requestTimeout;
  final int maxRetries;
  final long retriesWaitMs;
  final long retriesMaxWaitMs;

  SchemaRegistrySerdeConfig(Map<String, ?> configs) {
    Object url = configs.get(SCHEMA_REGISTRY_URL);
    urls = list(url);
    if (urls.size() > 1 && urls.stream().anyMatch(u -> u.startsWith(MOCK_SCHEME))) {
      throw new ConfigException(SCHEMA_REGISTRY_URL, Redaction.urls(url.toString()),
          "a mock:// URL cannot be combined with other URLs");
    }
    urls.forEach(SchemaRegistrySerdeConfig::checkUrl);
    autoRegister = bool(configs, AUTO_REGISTER_SCHEMAS, true);
    useLatestVersion = bool(configs, USE_LATEST_VERSION, false);
    keyStrategy = SubjectNameStrategy.parse(KEY_SUBJECT_NAME_STRATEGY, configs.get(KEY_SUBJECT_NAME_STRATEGY));
    valueStrategy = SubjectNameStrategy.parse(VALUE_SUBJECT_NAME_STRATEGY, configs.get(VALUE_SUBJECT_NAME_STRATEGY));
    userInfo = userInfo(configs);
    truststoreLocation = string(configs, SSL_TRUSTSTORE_LOCATION);
    truststorePassword = string(configs, SSL_TRUSTSTORE_PASSWORD);
    truststoreType = string(configs, SSL_TRUSTSTORE_TYPE);
    keystoreLocation = string(configs, SSL_KEYSTORE_LOCATION);
    keystorePassword = string(configs, SSL_KEYSTORE_PASSWORD);
    keystoreType = string(configs, SSL_KEYSTORE_TYPE);
    keyPassword = string(configs, SSL_KEY_PASSWORD);
    sslProtocols = list(configs.get(SSL_ENABLED_PROTOCOLS));
    sslCipherSuites = list(configs.get(SSL_CIPHER_SUITES));
    connectTimeout = Duration.ofMillis(number(configs, CONNECT_TIMEOUT_MS, 2_000, 1));
    requestTimeout = Duration.ofMillis(number(configs, REQUEST_TIMEOUT_MS, 3_000, 1));
    maxRetries = (int) number(configs, MAX_RETRIES, 0, 0);
    retriesWaitMs = number(configs, RETRIES_WAIT_MS, 100, 0);
    retriesMaxWaitMs = number(configs, RETRIES_MAX_WAIT_MS, 2_000, 0);
  }

  /** Fails unless {@code schema.registry.url} is set (a serde given its client needs no URL). */
  void requireUrl() {
    if (urls.isEmpty()) {
      throw new ConfigException(SCHEMA_REGISTRY_URL, null,
          "missing: set it to the registry's base URL (e.g. http://registry:8081) or mock://<scope> for tests");
    }
  }

  /**
   * Refuses a URL the HTTP client could not use, naming it without its credentials (the parser's own message
   * would print the whole URL, password included).
   */
  private static void checkUrl(String url) {
    if (url.startsWith(MOCK_SCHEME)) {
      return;
    }
    String problem;
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        problem = "must start with http:// or https:// (or be mock://<scope>)";
      } else if (uri.getHost() == null) {
        problem = "has no host name (user info that needs escaping, e.g. '@', '/' or ':' in a password, must be"
            + " percent-encoded; or put the credentials in " + BASIC_AUTH_USER_INFO + " with "
            + BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO)";
      } else {
        return;
      }
    } catch (URISyntaxException e) {
      problem = "is not a valid URL (" + e.getReason() + "); characters such as '@', '/' or '#' in a password must"
          + " be percent-encoded, or put the credentials in " + BASIC_AUTH_USER_INFO + " with "
          + BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO";
    }
    throw new ConfigException(SCHEMA_REGISTRY_URL + " '" + Redaction.urls(url) + "' " + problem);
  }

  private static List<String> list(Object value) {
    String v = value instanceof org.apache.kafka.common.config.types.Password p ? p.value()
        : value == null ? "" : value.toString();
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s).toList();
  }

  /** The scope name when the URL is {@code mock://<scope>}, else null. */
  String mockScope() {
    String u = urls.get(0);
    return u.startsWith(MOCK_SCHEME) ? u.substring(MOCK_SCHEME.length()) : null;
  }

  private static String userInfo(Map<String, ?> configs) {
    String source = string(configs, BASIC_AUTH_CREDENTIALS_SOURCE);
    String info = string(configs, BASIC_AUTH_USER_INFO);
    switch (source == null ? "URL" : source.toUpperCase(Locale.ROOT)) {
      case "USER_INFO" -> {
        if (info == null || !info.contains(":")) {
          throw new ConfigException(BASIC_AUTH_USER_INFO, info == null ? null : "<hidden>",
              "must be user:password when " + BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO");
        }
        return info;
      }
      case "URL" -> {
        return null;
      }
      default -> throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, source,
          "supported values are USER_INFO and URL");
    }
  }

  private static String string(Map<String, ?> configs, String key) {
    Object v = configs.get(key);
    if (v == null) {
      return null;
    }
    // Kafka's Password type hides its value in toString(); value() is the secret.
    String s = v instanceof org.apache.kafka.common.config.types.Password p ? p.value() : v.toString();
    return s.isBlank() ? null : s.trim();
  }

  private static boolean bool(Map<String, ?> configs, String key, boolean dflt) {
    String s = string(configs, key);
    if (s == null) {
      return dflt;
    }
    if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(s);
    }
    throw new ConfigException(key, s, "must be true or false");
  }

  private static long number(Map<String, ?> configs, String key, long dflt, long min) {
    String s = string(configs, key);
    if (s == null) {
      return dflt;
    }
    try {
      long v = Long.parseLong(s);
      if (v >= min) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(key, s, "must be a whole number >= " + min);
  }
}
