package io.cipherwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.ConfigException;
import io.cipherwatch.serde.AvroSerializer;
import io.cipherwatch.serde.SchemaRegistryClient;
import io.cipherwatch.serde.SchemaRegistryClients;
import io.cipherwatch.serde.RegistryUnavailableException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SchemaSubjects#resolve}: once it has run, the instance's registry client answers every output's schema
 * id from its cache, so outputs (and {@code *-latest} store rebuilds) are written while the registry is down.
 */
class SchemaSubjectsTest {
  private HttpServer server;
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger(100);
  private volatile int status = 200;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      paths.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath());
      byte[] body = (status == 200 ? "{\"id\":" + ids.incrementAndGet() + "}"
          : "{\"error_code\":40401,\"message\":\"Subject not found\"}").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private CipherwatchConfig config(String autoRegister) {
    return CipherwatchConfig.of(Map.of("schema.registry.url", "http://127.0.0.1:" + server.getAddress().getPort(),
        "application.id", "cw-test", "auto.register.schemas", autoRegister));
  }

  private SchemaRegistryClient client(CipherwatchConfig cfg) {
    return SchemaRegistryClients.fromConfig(cfg.kafkaObjects());
  }

  @Test
  void afterResolvingEveryOutputIsWrittenWithoutTheRegistry() {
    CipherwatchConfig cfg = config("false");
    SchemaRegistryClient client = client(cfg);
    SchemaSubjects.resolve(cfg, client);
    assertEquals(SchemaSubjects.of(cfg).size(), paths.size(), "one lookup per subject: " + paths);
    assertTrue(paths.stream().allMatch(p -> p.startsWith("POST /subjects/") && !p.endsWith("/versions")),
        "lookups, not registrations: " + paths);
    server.stop(0);

    Map<String, Object> serdeConfig = Map.of("schema.registry.url", cfg.kafka().get("schema.registry.url"),
        "auto.register.schemas", "false", SchemaRegistryClients.INSTANCE, client);
    write(CipherUsage.class, serdeConfig, "cipher-usage");
    write(FleetUsage.class, serdeConfig, "fleet-usage", "cw-test-fleet-latest-changelog");
    write(DeprecationAlert.class, serdeConfig, "deprecation-alerts", "cw-test-alerts-latest-changelog");
    write(DeadLetter.class, serdeConfig, "tls-handshakes-dlq");
  }

  /** Resolves the writer of each topic: a registry call unless the client has the id cached. */
  private static <T extends SpecificRecord> void write(Class<T> type, Map<String, Object> serdeConfig,
      String... topics) {
    AvroSerializer<T> serializer = new AvroSerializer<>(type);
    serializer.configure(serdeConfig, false);
    for (String topic : topics) {
      serializer.writerSchema(topic);
    }
  }

  @Test
  void withAutoRegisterItRegistersEverySubject() {
    CipherwatchConfig cfg = config("true");
    SchemaSubjects.resolve(cfg, client(cfg));
    assertEquals(SchemaSubjects.of(cfg).size(), paths.size());
    assertTrue(paths.stream().allMatch(p -> p.endsWith("/versions")), "registrations: " + paths);
  }

  @Test
  void missingSubjectsAreOneConfigurationErrorNamingThemAndTheFix() {
    status = 404;
    CipherwatchConfig cfg = config("false");
    ConfigException e = assertThrows(ConfigException.class, () -> SchemaSubjects.resolve(cfg, client(cfg)));
    assertTrue(e.getMessage().contains("cipher-usage-value") && e.getMessage().contains("cw-test-alerts-latest"
        + "-changelog-value") && e.getMessage().contains(SchemaSubjects.REGISTER_COMMAND), e.getMessage());
  }

  @Test
  void anUnreachableRegistryIsTransientNotAConfigurationError() {
    CipherwatchConfig cfg = config("false");
    server.stop(0);
    RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
        () -> SchemaSubjects.resolve(cfg, client(cfg)));
    assertTrue(e.isTransient());
  }
}
