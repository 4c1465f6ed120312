package io.cipherwatch.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cipherwatch.security.TlsClientDefaults;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.config.ConfigException;

/**
 * {@link SchemaRegistryClient} over the Confluent Schema Registry REST API, using the JDK HTTP client.
 * Caches an id's schema and each subject's registered schemas for the life of the client (both never
 * change in a registry); {@link #latest(String)} is not cached.
 *
 * <p>Faults, classified: I/O errors, timeouts (2 s connect, 3 s answer by default), HTTP 408/429/5xx and a success
 * whose body is not JSON are transient ({@link RegistryUnavailableException}); each URL of a comma-separated list
 * is tried once, plus {@code max.retries} (default 0) with exponential backoff, so the caller decides how long to
 * wait. 401/403 are {@link RegistryAuthException}; only a 404 with error code 40403 on an id lookup is
 * {@link UnknownSchemaIdException}. HTTPS uses {@link TlsClientDefaults} unless
 * {@code schema.registry.ssl.enabled.protocols}/{@code .cipher.suites} say otherwise. No message holds credentials.
 */
final class HttpSchemaRegistryClient implements SchemaRegistryClient {
  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One base URL with the Authorization header to send there (null: none). */
  private record Endpoint(String base, String authorization) {
  }

  /** A non-retryable answer: status and parsed JSON body (null when the body is not JSON). */
  private record Answer(int status, JsonNode body, String base) {
    String registryMessage() {
      if (body != null && body.hasNonNull("message")) {
        return body.get("message").asText();
      }
      return "HTTP " + status + " without a schema-registry error body";
    }

    int errorCode() {
      return body != null && body.has("error_code") ? body.get("error_code").asInt() : -1;
    }
  }

  private final List<Endpoint> endpoints;
  private final String location;
  private final HttpClient http;
  private final SchemaRegistrySerdeConfig cfg;
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();

  HttpSchemaRegistryClient(SchemaRegistrySerdeConfig cfg) {
    this.cfg = cfg;
    this.endpoints = cfg.urls.stream().map(u -> endpoint(u, cfg.userInfo)).toList();
    this.location = String.join(",", endpoints.stream().map(Endpoint::base).toList());
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(cfg.connectTimeout)
        .sslParameters(TlsClientDefaults.sslParameters(cfg.sslProtocols, cfg.sslCipherSuites));
    if (cfg.truststoreLocation != null || cfg.keystoreLocation != null) {
      builder.sslContext(sslContext(cfg));
    }
    this.http = builder.build();
  }

  @Override
  public int register(String subject, Schema schema) {
    Integer cached = cachedId(subject, schema);
    if (cached != null) {
      return cached;
    }
    Answer a = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
    if (a.status == 200) {
      return remember(subject, schema, intField(a, "id"));
    }
    if (a.status == 409) {
      throw new IncompatibleSchemaException("Schema registry " + a.base + " refused schema " + schema.getFullName()
          + " for subject '" + subject + "' as incompatible with its compatibility rule: " + a.registryMessage()
          + ". Make the change compatible (e.g. give new fields a default) or register it under a new subject.");
    }
    throw unexpected(a, "registering schema " + schema.getFullName() + " under subject '" + subject + "'");
  }

  @Override
  public Schema getById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    Answer a = call("GET", "/schemas/ids/" + id, null);
    if (a.status == 404 && a.errorCode() == 40403) {
      throw new UnknownSchemaIdException(id, a.base);
    }
    if (a.status != 200) {
      throw unexpected(a, "fetching schema id " + id);
    }
    String type = a.body.path("schemaType").asText("AVRO");
    if (!"AVRO".equals(type)) {
      throw new IncompatibleSchemaException("Schema id " + id + " in registry " + a.base + " is a " + type
          + " schema, not Avro: the producer used another serializer for this topic.");
    }
    Schema schema = parse(a, "schema id " + id);
    Schema previous = schemasById.putIfAbsent(id, schema);
    return previous != null ? previous : schema;
  }

  @Override
  public int getId(String subject, Schema schema) {
    Integer cached = cachedId(subject, schema);
    if (cached != null) {
      return cached;
    }
    Answer a = call("POST", "/subjects/" + encode(subject), schemaBody(schema));
    if (a.status == 200) {
      return remember(subject, schema, intField(a, "id"));
    }
    if (a.status == 404 && a.errorCode() >= 0) {
      throw new SchemaNotRegisteredException("Subject '" + subject + "' in schema registry " + a.base
          + " has no registration of schema " + schema.getFullName() + " (" + a.registryMessage()
          + "). Register it first, or set " + SchemaRegistrySerdeConfig.AUTO_REGISTER_SCHEMAS + "=true.");
    }
    throw unexpected(a, "looking up schema " + schema.getFullName() + " under subject '" + subject + "'");
  }

  @Override
  public RegisteredSchema latest(String subject) {
    Answer a = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
    if (a.status == 404 && a.errorCode() >= 0) {
      throw new SchemaNotRegisteredException("Subject '" + subject + "' has no versions in schema registry "
          + a.base + " (" + a.registryMessage() + "). Register a schema under it first.");
    }
    if (a.status != 200) {
      throw unexpected(a, "fetching the latest version of subject '" + subject + "'");
    }
    int id = intField(a, "id");
    Schema schema = schemasById.computeIfAbsent(id, i -> parse(a, "schema id " + i));
    RegisteredSchema latest = new RegisteredSchema(subject, id, intField(a, "version"), schema);
    remember(subject, schema, id);
    return latest;
  }

  @Override
  public String location() {
    return location;
  }

  private Integer cachedId(String subject, Schema schema) {
    Map<Schema, Integer> ids = idsBySubject.get(subject);
    return ids == null ? null : ids.get(schema);
  }

  private int remember(String subject, Schema schema, int id) {
    idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
    return id;
  }

  /** Sends one request, retrying what may pass on a later try; returns any answer that is not retryable. */
  private Answer call(String method, String path, String body) {
    String problem = null;
    Throwable cause = null;
    for (int attempt = 1; ; attempt++) {
      Endpoint ep = endpoints.get((attempt - 1) % endpoints.size());
      HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(ep.base + path))
          .timeout(cfg.requestTimeout)
          .header("Accept", ACCEPT)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      if (body != null) {
        rb.header("Content-Type", CONTENT_TYPE);
      }
      if (ep.authorization != null) {
        rb.header("Authorization", ep.authorization);
      }
      try {
        HttpResponse<byte[]> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = r.statusCode();
        JsonNode json = parseJson(r.body());
        if (status == 401 || status == 403) {
          throw new RegistryAuthException(ep.base, status);
        }
        boolean garbage = status / 100 == 2 && json == null;
        if (status < 500 && status != 408 && status != 429 && !garbage) {
          return new Answer(status, json, ep.base);
        }
        problem = method + " " + ep.base + path + (garbage ? " answered HTTP " + status + " with a body that is not"
            + " JSON (" + r.headers().firstValue("Content-Type").orElse("no content type") + ", " + r.body().length
            + " bytes): a proxy or another service answers at this URL"
            : " answered " + new Answer(status, json, ep.base).registryMessage() + " (HTTP " + status + ")");
        cause = null;
      } catch (HttpConnectTimeoutException e) {
        problem = method + " " + ep.base + path + " could not connect within " + cfg.connectTimeout.toMillis()
            + " ms (" + SchemaRegistrySerdeConfig.CONNECT_TIMEOUT_MS + ")";
        cause = e;
      } catch (HttpTimeoutException e) {
        problem = method + " " + ep.base + path + " got no answer within " + cfg.requestTimeout.toMillis()
            + " ms (" + SchemaRegistrySerdeConfig.REQUEST_TIMEOUT_MS + ")";
        cause = e;
      } catch (IOException e) {
        problem = method + " " + ep.base + path + " failed: " + e;
        cause = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryUnavailableException(location, attempt, "interrupted while waiting for " + ep.base, e);
      }
      if (attempt > cfg.maxRetries && attempt >= endpoints.size()) {
        throw new RegistryUnavailableException(location, attempt, problem, cause);
      }
      if (attempt < endpoints.size()) {
        continue;
      }
      try {
        Thread.sleep(Math.min(cfg.retriesMaxWaitMs, cfg.retriesWaitMs << Math.min(attempt - endpoints.size(), 20)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryUnavailableException(location, attempt, "interrupted during retry backoff after: " + problem, e);
      }
    }
  }

  private static RegistryRequestException unexpected(Answer a, String what) {
    String hint = switch (a.status) {
      case 404 -> " The URL does not look like a schema registry: check " + SchemaRegistrySerdeConfig.SCHEMA_REGISTRY_URL
          + " and its path prefix (Apicurio serves this API at /apis/ccompat/v6).";
      case 422 -> " The registry found the schema invalid.";
      default -> "";
    };
    return new RegistryRequestException("Schema registry " + a.base + " rejected " + what + ": "
        + a.registryMessage() + " (HTTP " + a.status + ")." + hint, a.status, null);
  }

  private static int intField(Answer a, String field) {
    JsonNode n = a.body == null ? null : a.body.get(field);
    if (n == null || !n.canConvertToInt()) {
      throw new RegistryRequestException("Schema registry " + a.base + " answered without a numeric '" + field
          + "': " + a.body + ". Check that " + SchemaRegistrySerdeConfig.SCHEMA_REGISTRY_URL
          + " points at a Confluent-compatible API.", a.status, null);
    }
    return n.asInt();
  }

  private static Schema parse(Answer a, String what) {
    JsonNode text = a.body == null ? null : a.body.get("schema");
    if (text == null || !text.isTextual()) {
      throw new RegistryRequestException("Schema registry " + a.base + " answered without a 'schema' for " + what
          + ": " + a.body, a.status, null);
    }
    try {
      return new Schema.Parser().parse(text.asText());
    } catch (SchemaParseException e) {
      throw new RegistryRequestException("The registry's " + what + " is not a valid stand-alone Avro schema"
          + " (schema references are not supported): " + e.getMessage(), a.status, e);
    }
  }

  private static JsonNode parseJson(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String schemaBody(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString()).toString();
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Splits user info out of a URL (JDK's client does not send it) into a Basic Authorization header. */
  private static Endpoint endpoint(String url, String configuredUserInfo) {
    URI uri = URI.create(url);
    String userInfo = configuredUserInfo;
    String base = url;
    if (uri.getRawUserInfo() != null) {
      base = url.replace(uri.getRawUserInfo() + "@", "");
      if (userInfo == null) {
        userInfo = java.net.URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
      }
    }
    String auth = userInfo == null ? null
        : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    return new Endpoint(base, auth);
  }

  private static SSLContext sslContext(SchemaRegistrySerdeConfig cfg) {
    try {
      TrustManagerFactory tmf = null;
      if (cfg.truststoreLocation != null) {
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(cfg.truststoreLocation, cfg.truststoreType, cfg.truststorePassword,
            SchemaRegistrySerdeConfig.SSL_TRUSTSTORE_LOCATION));
      }
      KeyManagerFactory kmf = null;
      if (cfg.keystoreLocation != null) {
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        String keyPassword = cfg.keyPassword != null ? cfg.keyPassword : cfg.keystorePassword;
        kmf.init(load(cfg.keystoreLocation, cfg.keystoreType, cfg.keystorePassword,
            SchemaRegistrySerdeConfig.SSL_KEYSTORE_LOCATION), keyPassword == null ? null : keyPassword.toCharArray());
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new ConfigException("Cannot set up TLS for the schema registry client: " + e.getMessage());
    }
  }

  private static KeyStore load(String location, String type, String password, String key) {
    try (InputStream in = Files.newInputStream(Path.of(location))) {
      KeyStore ks = KeyStore.getInstance(type != null ? type : KeyStore.getDefaultType());
      ks.load(in, password == null ? null : password.toCharArray());
      return ks;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(key, location, "cannot load the store (check the path, "
          + key.replace("location", "type") + " and " + key.replace("location", "password") + "): " + e.getMessage());
    }
  }
}
