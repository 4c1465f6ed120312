package io.cipherwatch.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.security.TestPki;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client against the real test registry behind a real nginx that terminates TLS, requires a client
 * certificate and HTTP basic auth (htpasswd made with {@code openssl passwd -apr1}), as a production registry
 * often sits.
 */
@ExtendWith(ApicurioRegistryExtension.class)
class RegistryOverHttpsIT {
  private static final String USER = "cw-reader";
  private static final String PASSWORD = "Basic-Pw-93xq";

  @TempDir
  static Path dir;
  static TestPki pki;
  static Process nginx;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.create(Files.createDirectories(dir.resolve("pki")));
    String hash = TestPki.openssl(dir, "passwd", "-apr1", PASSWORD).strip();
    Path htpasswd = dir.resolve("htpasswd");
    Files.writeString(htpasswd, USER + ":" + hash + "\n");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI registry = URI.create(ApicurioRegistryExtension.ccompatUrl());
    String conf = (System.getProperty("user.name").equals("root") ? "user root;\n" : "")
        + "worker_processes 1;\ndaemon off;\npid " + dir.resolve("nginx.pid") + ";\n"
        + "error_log " + dir.resolve("error.log") + " warn;\nevents { worker_connections 64; }\n"
        + "http {\n  access_log off;\n"
        + "  client_body_temp_path " + dir.resolve("tmp-body") + ";\n  proxy_temp_path " + dir.resolve("tmp-proxy") + ";\n"
        + "  fastcgi_temp_path " + dir.resolve("tmp-fcgi") + ";\n  uwsgi_temp_path " + dir.resolve("tmp-uwsgi") + ";\n"
        + "  scgi_temp_path " + dir.resolve("tmp-scgi") + ";\n"
        + "  server {\n    listen 127.0.0.1:" + port + " ssl;\n"
        + "    ssl_certificate " + pki.serverPem + ";\n    ssl_certificate_key " + pki.serverKey + ";\n"
        + "    ssl_protocols TLSv1.2 TLSv1.3;\n"
        + "    ssl_client_certificate " + pki.caPem + ";\n    ssl_verify_client on;\n"
        + "    location / {\n      auth_basic \"schema registry\";\n      auth_basic_user_file " + htpasswd + ";\n"
        + "      proxy_set_header Authorization \"\";\n"
        + "      proxy_pass http://127.0.0.1:" + registry.getPort() + ";\n    }\n  }\n}\n";
    Path confFile = dir.resolve("nginx.conf");
    Files.writeString(confFile, conf);
    nginx = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", confFile.toString(), "-e",
        dir.resolve("error.log").toString()).redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile())
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        break;
      } catch (java.io.IOException notYet) {
        if (System.nanoTime() > deadline || !nginx.isAlive()) {
          throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("nginx.out")), notYet);
        }
        Thread.sleep(50);
      }
    }
    url = "https://127.0.0.1:" + port + registry.getPath();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (nginx != null) {
      nginx.destroy();
      nginx.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Map<String, Object> config(String registryUrl, Object... more) {
    Map<String, Object> c = new HashMap<>();
    c.put("schema.registry.url", registryUrl);
    c.put("schema.registry.ssl.truststore.location", pki.truststoreP12.toString());
    c.put("schema.registry.ssl.truststore.password", TestPki.PASSWORD);
    c.put("schema.registry.ssl.truststore.type", "PKCS12");
    c.put("schema.registry.ssl.keystore.location", pki.clientP12.toString());
    c.put("schema.registry.ssl.keystore.password", TestPki.PASSWORD);
    c.put("schema.registry.ssl.keystore.type", "PKCS12");
    for (int i = 0; i < more.length; i += 2) {
      c.put((String) more[i], more[i + 1]);
    }
    return c;
  }

  @Test
  void registersAndReadsThroughTlsClientCertificateAndBasicAuth() {
    String subject = "https-it-" + UUID.randomUUID() + "-value";
    SchemaRegistryClient client = SchemaRegistryClients.fromConfig(config(url,
        "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", USER + ":" + PASSWORD));
    int id = client.register(subject, HandshakeEvent.getClassSchema());
    SchemaRegistryClient fresh = SchemaRegistryClients.fromConfig(config(url.replace("https://",
        "https://" + USER + ":" + PASSWORD + "@")));
    assertEquals(HandshakeEvent.getClassSchema(), fresh.getById(id), "credentials in the URL work too");
    assertEquals(id, fresh.latest(subject).id());

    AvroSerde<HandshakeEvent> serde = new AvroSerde<>(HandshakeEvent.class);
    serde.configure(config(url, "basic.auth.credentials.source", "USER_INFO",
        "basic.auth.user.info", USER + ":" + PASSWORD, "value.subject.name.strategy", "TopicNameStrategy"), false);
    HandshakeEvent e = Fixtures.event("https-1");
    assertEquals(e, serde.deserializer().deserialize("t", serde.serializer().serialize("t", e)));
  }

  @Test
  void wrongCredentialsAreAClearErrorNamingTheUrlWithoutThem() {
    RegistryAuthException e = assertThrows(RegistryAuthException.class, () -> SchemaRegistryClients.fromConfig(
        config(url.replace("https://", "https://" + USER + ":Wrong-Pw-1@"))).latest("any-value"));
    assertEquals(401, e.status());
    assertTrue(e.getMessage().contains(url + " refused"), e.getMessage());
    assertFalse(e.getMessage().contains("Wrong-Pw-1") || e.getMessage().contains(USER), e.getMessage());

    RegistryAuthException viaUserInfo = assertThrows(RegistryAuthException.class, () -> SchemaRegistryClients
        .fromConfig(config(url, "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info",
            USER + ":Wrong-Pw-2")).getById(1));
    assertFalse(viaUserInfo.getMessage().contains("Wrong-Pw-2"), viaUserInfo.getMessage());
  }

  @Test
  void withoutAClientCertificateNginxRefusesTheConnection() {
    Map<String, Object> noCert = config(url, "basic.auth.credentials.source", "USER_INFO",
        "basic.auth.user.info", USER + ":" + PASSWORD);
    noCert.keySet().removeIf(k -> k.startsWith("schema.registry.ssl.keystore"));
    RegistryFaultException e = assertThrows(RegistryFaultException.class,
        () -> SchemaRegistryClients.fromConfig(noCert).getById(1));
    assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
  }

  @Test
  void anUnknownSchemaIdIsTheOnlyRecordFaultAndComesFromTheRealRegistry() {
    SchemaRegistryClient client = SchemaRegistryClients.fromConfig(config(url, "basic.auth.credentials.source",
        "USER_INFO", "basic.auth.user.info", USER + ":" + PASSWORD));
    UnknownSchemaIdException e = assertThrows(UnknownSchemaIdException.class, () -> client.getById(987_654));
    assertEquals(987_654, e.schemaId());
    assertEquals("UNKNOWN_SCHEMA_ID", e.reason());
  }
}
