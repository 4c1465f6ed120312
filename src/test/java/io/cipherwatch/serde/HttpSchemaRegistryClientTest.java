package io.cipherwatch.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cipherwatch.avro.HandshakeEvent;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpSchemaRegistryClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema SCHEMA = HandshakeEvent.getClassSchema();
  private StubRegistry stub;

  @BeforeEach
  void start() throws Exception {
    stub = StubRegistry.http();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  private static Map<String, Object> config(String url, Object... more) {
    Map<String, Object> c = new HashMap<>();
    c.put("schema.registry.url", url);
    c.put("retries.wait.ms", 10);
    for (int i = 0; i < more.length; i += 2) {
      c.put((String) more[i], more[i + 1]);
    }
    return c;
  }

  private SchemaRegistryClient client(Object... more) {
    return SchemaRegistryClients.fromConfig(config(stub.url(), more));
  }

  private static String schemaAnswer(Schema schema) throws Exception {
    return JSON.createObjectNode().put("schema", schema.toString()).toString();
  }

  @Test
  void registersWithTheRegistryContentTypeAndCachesBothDirections() throws Exception {
    stub.answer(200, "{\"id\":7}");
    SchemaRegistryClient client = client();
    assertEquals(7, client.register("tls handshakes/value", SCHEMA));
    assertEquals(7, client.register("tls handshakes/value", SCHEMA));
    assertEquals(7, client.getId("tls handshakes/value", SCHEMA), "a registration answers lookups too");
    assertEquals(1, stub.requests.size(), "cached after the first call");
    StubRegistry.Request r = stub.requests.get(0);
    assertEquals("POST", r.method());
    assertEquals("/subjects/tls%20handshakes%2Fvalue/versions", r.path());
    assertEquals("application/vnd.schemaregistry.v1+json", r.contentType());
    assertEquals(SCHEMA, new Schema.Parser().parse(JSON.readTree(r.body()).get("schema").asText()));
    assertNull(r.authorization());

    stub.reply(200, schemaAnswer(SCHEMA));
    assertEquals(SCHEMA, client.getById(7));
    assertEquals(SCHEMA, client.getById(7));
    assertEquals(2, stub.requests.size());
    assertEquals("GET /schemas/ids/7", stub.requests.get(1).method() + " " + stub.requests.get(1).path());
  }

  @Test
  void looksUpExistingRegistrationsAndLatest() throws Exception {
    stub.answer(200, "{\"id\":3,\"subject\":\"t-value\",\"version\":2,\"schema\":" + JSON.writeValueAsString(SCHEMA.toString()) + "}");
    SchemaRegistryClient client = client();
    assertEquals(3, client.getId("t-value", SCHEMA));
    assertEquals("POST /subjects/t-value", stub.requests.get(0).method() + " " + stub.requests.get(0).path());
    assertEquals(new RegisteredSchema("t-value", 3, 2, SCHEMA), client.latest("t-value"));
    assertEquals("GET /subjects/t-value/versions/latest", stub.requests.get(1).method() + " " + stub.requests.get(1).path());
    client.getById(3);
    assertEquals(2, stub.requests.size(), "latest() filled the id cache");
  }

  @Test
  void notFoundAnswersMapToTheirExceptions() {
    stub.answer(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
    SchemaRegistryClient client = client();
    UnknownSchemaIdException byId = assertThrows(UnknownSchemaIdException.class, () -> client.getById(12));
    assertTrue(byId.getMessage().contains(stub.url()), byId.getMessage());
    assertThrows(SchemaNotRegisteredException.class, () -> client.getId("t-value", SCHEMA));
    assertThrows(SchemaNotRegisteredException.class, () -> client.latest("t-value"));
    assertEquals(3, stub.requests.size(), "404 is not retried");
  }

  @Test
  void wrongUrlIsNotMistakenForAMissingSchema() {
    stub.answer(404, "<html>Not Found</html>");
    RegistryRequestException e = assertThrows(RegistryRequestException.class, () -> client().getById(1));
    assertEquals(404, e.status());
    assertEquals("REGISTRY_ERROR", e.reason());
    assertTrue(e.getMessage().contains("/apis/ccompat/v6"), e.getMessage());
  }

  @Test
  void conflictIsAnIncompatibleSchemaWithTheRegistrysMessage() {
    stub.answer(409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}");
    IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class,
        () -> client().register("t-value", SCHEMA));
    assertTrue(e.getMessage().contains("incompatible with an earlier schema") && e.getMessage().contains("t-value"),
        e.getMessage());
    assertEquals(1, stub.requests.size(), "409 is not retried");
  }

  @Test
  void retriesServerErrorsWithBackoffThenSucceeds() {
    stub.answer(503, "{\"error_code\":50003,\"message\":\"busy\"}").answer(500, "oops").answer(200, "{\"id\":5}");
    long t0 = System.nanoTime();
    assertEquals(5, client("max.retries", 2).register("t-value", SCHEMA));
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertEquals(3, stub.requests.size());
    assertTrue(waitedMs >= 10 + 20, "backs off 10 ms then 20 ms, took " + waitedMs);
  }

  @Test
  void givesUpAfterBoundedRetriesNamingTheUrl() {
    stub.answer(503, "{\"error_code\":50003,\"message\":\"backend down\"}");
    RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
        () -> client("max.retries", 2).register("t-value", SCHEMA));
    assertEquals(3, stub.requests.size(), "1 try + 2 retries");
    assertTrue(e.isTransient());
    assertEquals("REGISTRY_UNAVAILABLE", e.reason());
    assertTrue(e.getMessage().contains(stub.url()) && e.getMessage().contains("backend down")
        && e.getMessage().contains("HTTP 503") && e.getMessage().contains("3 attempt"), e.getMessage());

    stub.requests.clear();
    assertThrows(RegistryUnavailableException.class, () -> client().getById(1));
    assertEquals(1, stub.requests.size(), "default: one try per URL, the caller waits and retries");
  }

  @Test
  void unreachableRegistryIsUnavailableAndNextUrlIsTried() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String dead = "http://127.0.0.1:" + closedPort;
    RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
        () -> SchemaRegistryClients.fromConfig(config(dead)).getById(1));
    assertTrue(e.getMessage().contains(dead) && e.getMessage().contains("schema.registry.url"), e.getMessage());

    stub.reply(200, schemaAnswer(SCHEMA));
    assertEquals(SCHEMA, SchemaRegistryClients.fromConfig(config(dead + "," + stub.url())).getById(1));
  }

  @Test
  void slowRegistryTimesOut() {
    stub.answer(200, "{\"id\":1}", 1_000);
    RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
        () -> client("schema.registry.request.timeout.ms", 200, "max.retries", 0).register("t-value", SCHEMA));
    assertTrue(e.getMessage().contains("200 ms"), e.getMessage());
  }

  @Test
  void sendsBasicAuthFromUserInfoOrFromTheUrl() throws Exception {
    stub.answer(200, schemaAnswer(SCHEMA));
    client("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "svc:s3cr:et").getById(1);
    assertEquals("Basic " + Base64.getEncoder().encodeToString("svc:s3cr:et".getBytes(StandardCharsets.UTF_8)),
        stub.requests.get(0).authorization());

    String withUser = stub.url().replace("http://", "http://alice:pw@");
    SchemaRegistryClients.fromConfig(config(withUser)).getById(1);
    assertEquals("Basic " + Base64.getEncoder().encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8)),
        stub.requests.get(1).authorization());

    stub.reply(401, "{\"error_code\":40101,\"message\":\"Unauthorized\"}");
    RegistryAuthException e = assertThrows(RegistryAuthException.class,
        () -> SchemaRegistryClients.fromConfig(config(withUser.replace(":pw@", ":wrong-pw@"))).getById(2));
    assertTrue(e.getMessage().contains("basic.auth.user.info") && e.getMessage().contains(stub.url() + " "),
        e.getMessage());
    assertFalse(e.getMessage().contains("wrong-pw") || e.getMessage().contains("alice"), e.getMessage());
    assertEquals(401, e.status());
    assertFalse(e.isTransient());
    stub.reply(403, "");
    assertEquals(403, assertThrows(RegistryAuthException.class, () -> client().getById(3)).status());
  }

  @Test
  void eachRegistryFaultHasItsClassAndOnlyAnUnknownIdIsTheRecordsFault() throws Exception {
    stub.reply(404, "{\"error_code\":40403,\"message\":\"Schema 9 not found\"}");
    assertEquals(9, assertThrows(UnknownSchemaIdException.class, () -> client().getById(9)).schemaId());
    stub.reply(404, "{\"error_code\":40401,\"message\":\"Subject not found\"}");
    RegistryRequestException notAnId = assertThrows(RegistryRequestException.class, () -> client().getById(9));
    assertFalse(notAnId.isTransient());
    for (int status : new int[] {500, 502, 503, 504, 408, 429}) {
      stub.reply(status, "<html><body>" + status + "</body></html>");
      RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, () -> client().getById(9));
      assertTrue(e.getMessage().contains("HTTP " + status), e.getMessage());
    }
    stub.reply(200, "<html><body>Welcome to nginx!</body></html>");
    RegistryUnavailableException html = assertThrows(RegistryUnavailableException.class, () -> client().getById(9));
    assertTrue(html.getMessage().contains("not JSON") && html.isTransient(), html.getMessage());
    stub.reply(200, "");
    assertThrows(RegistryUnavailableException.class, () -> client().getById(9));
    stub.reply(200, "{\"unexpected\":true}");
    assertThrows(RegistryRequestException.class, () -> client().getById(9), "JSON without a schema: protocol error");
    stub.reply(200, "[1,2]");
    assertThrows(RegistryRequestException.class, () -> client().getById(9));
  }

  @Test
  void timeoutsStayWellInsideATransactionTimeout() throws Exception {
    SchemaRegistrySerdeConfig cfg = new SchemaRegistrySerdeConfig(Map.of("schema.registry.url", stub.url()));
    assertEquals(2_000, cfg.connectTimeout.toMillis());
    assertEquals(3_000, cfg.requestTimeout.toMillis());
    assertEquals(0, cfg.maxRetries);
    stub.answer(200, "{\"id\":1}", 1_000);
    RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
        () -> client("schema.registry.request.timeout.ms", 200).register("t-value", SCHEMA));
    assertEquals(1, stub.requests.size(), "no retry loop inside the client by default");
    assertTrue(e.getMessage().contains("200 ms"), e.getMessage());
  }

  @Test
  void malformedUrlsWithCredentialsNeverShowThePassword() {
    for (String url : List.of("https://svc:p@ss:w0rd@registry:8081", "https://svc:s3cret@registry:8081 /x",
        "htps://svc:s3cret@registry:8081", "https://svc:s3cret@", "registry.example:8081,https://svc:s3cret@[::1",
        "https://svc:s3cr%ZZet@registry:8081")) {
      ConfigException e = assertThrows(ConfigException.class, () -> SchemaRegistryClients.fromConfig(config(url)),
          url);
      assertFalse(e.getMessage().contains("s3cr") || e.getMessage().contains("p@ss") || e.getMessage().contains("w0rd"),
          e.getMessage());
      assertTrue(e.getMessage().contains("schema.registry.url"), e.getMessage());
    }
    ConfigException mix = assertThrows(ConfigException.class,
        () -> SchemaRegistryClients.fromConfig(config("mock://a,https://svc:s3cret@registry:8081")));
    assertFalse(mix.getMessage().contains("s3cret"), mix.getMessage());
  }

  @Test
  void serdesConfiguredWithOneClientInstanceShareItsCache() throws Exception {
    stub.reply(200, schemaAnswer(SCHEMA));
    SchemaRegistryClient shared = client();
    Map<String, Object> cfg = config(stub.url(), SchemaRegistryClients.INSTANCE, shared);
    byte[] payload = new byte[] {0, 0, 0, 0, 4};
    for (int i = 0; i < 3; i++) {
      AvroDeserializer<HandshakeEvent> d = new AvroDeserializer<>(HandshakeEvent.class);
      d.configure(cfg, false);
      assertThrows(CorruptAvroException.class, () -> d.deserialize("t", payload), "empty body");
    }
    assertEquals(1, stub.requests.size(), "one client, one schema cache for every serde of the instance");
  }

  @Test
  void rejectsBadConfiguration() {
    assertThrows(ConfigException.class, () -> SchemaRegistryClients.fromConfig(Map.of()));
    assertThrows(ConfigException.class, () -> client("basic.auth.credentials.source", "USER_INFO"));
    assertThrows(ConfigException.class, () -> client("basic.auth.credentials.source", "SASL_INHERIT"));
    assertThrows(ConfigException.class, () -> client("max.retries", "-1"));
    assertThrows(ConfigException.class, () -> client("auto.register.schemas", "yes"));
    assertThrows(ConfigException.class,
        () -> SchemaRegistryClients.fromConfig(config("mock://a," + stub.url())));
    ConfigException missingStore = assertThrows(ConfigException.class,
        () -> client("schema.registry.ssl.truststore.location", "/nonexistent/truststore.p12"));
    assertTrue(missingStore.getMessage().contains("schema.registry.ssl.truststore.password"), missingStore.getMessage());
  }

  @Test
  void trustsAnHttpsRegistryThroughTheConfiguredTruststore(@TempDir Path dir) throws Exception {
    Path keystore = dir.resolve("registry.p12");
    Path truststore = dir.resolve("trust.p12");
    keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", "changeit");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("registry", ks.getCertificate("registry"));
    try (OutputStream out = Files.newOutputStream(truststore)) {
      trust.store(out, "trustpw".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext serverSsl = SSLContext.getInstance("TLS");
    serverSsl.init(kmf.getKeyManagers(), null, null);

    try (StubRegistry tls = StubRegistry.https(serverSsl)) {
      tls.answer(200, schemaAnswer(SCHEMA));
      RegistryUnavailableException untrusted = assertThrows(RegistryUnavailableException.class,
          () -> SchemaRegistryClients.fromConfig(config(tls.url(), "max.retries", 0)).getById(1));
      assertTrue(untrusted.getMessage().contains("truststore"), untrusted.getMessage());

      SchemaRegistryClient client = SchemaRegistryClients.fromConfig(config(tls.url(),
          "schema.registry.ssl.truststore.location", truststore.toString(),
          "schema.registry.ssl.truststore.password", "trustpw",
          "schema.registry.ssl.truststore.type", "PKCS12"));
      assertEquals(SCHEMA, client.getById(1));
      assertEquals(List.of("/schemas/ids/1"), tls.requests.stream().map(StubRegistry.Request::path).toList());
    }
  }

  private static void keytool(String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "keytool failed: " + out);
  }
}
