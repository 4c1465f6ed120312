package io.cipherwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.embedded.EmbeddedKafka;
import io.cipherwatch.http.TestCerts;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No password, token or JAAS line in any log line, error message or API answer: {@code run} as its own process
 * (the real log set-up) with every kind of secret, read from files ({@code *_FILE} variables and {@code file:}
 * values), through start-up, API calls with good and bad tokens and SIGTERM; and start-ups with malformed values,
 * each a one-line error (exit 2) without the secret and without a stack trace.
 */
class SecretsIT {
  static final String JAAS_SECRET = "Jaas-Secret-9731";
  static final String REGISTRY_SECRET = "Registry-Secret-5521";
  static final String TOKEN = "Api-Token-Secret-8843";
  static final String WRONG_TOKEN = "Wrong-Token-Secret-1907";
  static final String URL_SECRET = "Url-Secret-3141";
  static final List<String> SECRETS = List.of(JAAS_SECRET, REGISTRY_SECRET, TOKEN, WRONG_TOKEN, URL_SECRET,
      TestCerts.PASSWORD);

  @TempDir Path dir;

  /** Runs to the end (at most 90 s); returns exit code and output. */
  Object[] runToEnd(Map<String, String> env, String... args) throws Exception {
    Path log = dir.resolve("run-" + System.nanoTime() + ".log");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("CIPHERWATCH_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("did not end: " + Files.readString(log));
    }
    return new Object[] {p.exitValue(), Files.readString(log, StandardCharsets.UTF_8)};
  }

  static void assertNoSecret(String text, String where) {
    for (String s : SECRETS) {
      assertFalse(text.contains(s), where + " shows a secret (" + s + "):\n" + text);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aFullRunLogsAndAnswersNoSecret() throws Exception {
    TestCerts certs = TestCerts.create(dir);
    Path jaas = Files.writeString(dir.resolve("jaas"), "org.apache.kafka.common.security.plain.PlainLoginModule"
        + " required username=\"svc\" password=\"" + JAAS_SECRET + "\";\n");
    Path registryAuth = Files.writeString(dir.resolve("registry-auth"), "svc:" + REGISTRY_SECRET + "\n");
    Path tokens = Files.writeString(dir.resolve("tokens"), TOKEN + "\n");
    int api = freePort();
    int management = freePort();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      Path cfg = Files.writeString(dir.resolve("app.properties"), String.join("\n",
          "bootstrap.servers=" + kafka.bootstrapServers(),
          "schema.registry.url=mock://secrets-it",
          "auto.register.schemas=true",
          "basic.auth.credentials.source=USER_INFO",
          "basic.auth.user.info=file:" + registryAuth,
          "state.dir=" + dir.resolve("state"),
          "cipherwatch.topics.create=true",
          "cipherwatch.topics.partitions=1",
          "cipherwatch.topics.replication-factor=1",
          "cipherwatch.http.port=" + api,
          "cipherwatch.management.port=" + management,
          "cipherwatch.http.auth.token-file=" + tokens,
          "cipherwatch.http.tls.keystore=" + certs.keystore(),
          "cipherwatch.http.tls.keystore-password=file:" + certs.passwordFile()) + "\n");
      Path log = dir.resolve("full-run.log");
      List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
          "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--verbose", "run", "--config",
          cfg.toString());
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("CIPHERWATCH_"));
      pb.environment().put("KAFKA_SASL_JAAS_CONFIG_FILE", jaas.toString());
      Process p = pb.start();
      List<String> answers = new ArrayList<>();
      try {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        boolean ready = false;
        while (!ready && System.nanoTime() < deadline && p.isAlive()) {
          try {
            ready = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/ready"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
          } catch (IOException notYet) {
            // starting
          }
          Thread.sleep(300);
        }
        assertTrue(ready, "run became ready:\n" + Files.readString(log));
        HttpClient tls = HttpClient.newBuilder().sslContext(trusting(certs)).build();
        for (String[] call : new String[][] {{"/api/fleet", TOKEN}, {"/api/fleet", WRONG_TOKEN},
            {"/api/trunks/" + TOKEN, TOKEN}, {"/api/alerts?state=" + WRONG_TOKEN, TOKEN},
            {"/api/" + JAAS_SECRET, TOKEN}}) {
          HttpResponse<String> r = tls.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + api + call[0]))
              .header("Authorization", "Bearer " + call[1]).build(), HttpResponse.BodyHandlers.ofString());
          answers.add(r.statusCode() + " " + r.headers().map() + " " + r.body());
        }
        answers.add(plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/metrics"))
            .build(), HttpResponse.BodyHandlers.ofString()).body());
      } finally {
        p.destroy(); // SIGTERM: the shutdown hook closes Kafka Streams
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      assertTrue(answers.get(0).startsWith("200 ") || answers.get(0).startsWith("503 "), answers.get(0));
      assertTrue(answers.get(1).startsWith("401 "), answers.get(1));
      assertTrue(out.contains("Read 1 bearer token credential(s)"), out);
      assertTrue(out.contains("sasl.jaas.config") || out.contains("StreamsConfig values"), "verbose Kafka config"
          + " dumps are in the log, so the grep means something:\n" + out);
      assertNoSecret(out, "the log of a full run");
      assertNoSecret(String.join("\n", answers), "the API's answers");
      System.out.printf("SecretsIT: full run, %d log lines and %d answers, no secret%n", out.lines().count(),
          answers.size());
    }
  }

  private static SSLContext trusting(TestCerts certs) throws Exception {
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(certs.truststore())) {
      ks.load(in, TestCerts.PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  @Test
  void malformedValuesGiveOneLineErrorsWithoutTheSecret() throws Exception {
    TestCerts certs = TestCerts.create(dir);
    Path wrongPassword = Files.writeString(dir.resolve("wrong-password"), TestCerts.PASSWORD + "-but-wrong\n");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      String base = "bootstrap.servers=" + kafka.bootstrapServers() + "\nstate.dir=" + dir.resolve("state")
          + "\ncipherwatch.http.port=0\ncipherwatch.management.port=0\ncipherwatch.topics.create=true\n"
          + "cipherwatch.topics.replication-factor=1\n";
      Map<String, Map.Entry<String, Map<String, String>>> cases = new java.util.LinkedHashMap<>();
      cases.put("registry URL with credentials and a bad port", Map.entry(
          "schema.registry.url=http://svc:" + URL_SECRET + "@registry.example:notaport\n", Map.of()));
      cases.put("registry URL with a space", Map.entry(
          "schema.registry.url=https://svc:" + URL_SECRET + "@registry example:8081\n", Map.of()));
      cases.put("JAAS line without its semicolon", Map.entry("schema.registry.url=mock://secrets-it\n"
          + "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n", Map.of("KAFKA_SASL_JAAS_CONFIG",
          "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"" + JAAS_SECRET + "\"")));
      cases.put("wrong key store password from a *_FILE variable", Map.entry("schema.registry.url=mock://secrets-it\n"
          + "cipherwatch.http.tls.keystore=" + certs.keystore() + "\n",
          Map.of("CIPHERWATCH_HTTP_TLS_KEYSTORE_PASSWORD_FILE", wrongPassword.toString())));
      cases.put("registry basic auth without a colon", Map.entry("schema.registry.url=http://127.0.0.1:9\n"
          + "basic.auth.credentials.source=USER_INFO\nbasic.auth.user.info=" + REGISTRY_SECRET + "\n", Map.of()));
      for (var c : cases.entrySet()) {
        Path cfg = Files.writeString(dir.resolve("bad.properties"), base + c.getValue().getKey());
        Object[] r = runToEnd(c.getValue().getValue(), "run", "--config", cfg.toString());
        String out = (String) r[1];
        assertNoSecret(out, c.getKey());
        assertFalse(out.contains("\tat ") || out.contains("Exception in thread"), c.getKey() + ": stack trace\n" + out);
        assertEquals(2, r[0], c.getKey() + ":\n" + out);
        System.out.printf("SecretsIT: %s -> %s%n", c.getKey(), out.strip().lines().reduce((a, b) -> b).orElse(""));
      }
    }
  }

  @Test
  void aMissingSchemaSubjectSaysHowToRegisterIt() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      Path cfg = Files.writeString(dir.resolve("app.properties"), "bootstrap.servers=" + kafka.bootstrapServers()
          + "\nschema.registry.url=mock://no-schemas\nstate.dir=" + dir.resolve("state")
          + "\ncipherwatch.http.port=0\ncipherwatch.management.port=0\ncipherwatch.topics.create=true\n"
          + "cipherwatch.topics.replication-factor=1\n");
      Object[] r = runToEnd(Map.of(), "run", "--config", cfg.toString());
      String out = (String) r[1];
      assertEquals(2, r[0], out);
      assertTrue(out.contains("cipher-usage-value") && out.contains("cipherwatch schemas register --config"), out);
    }
  }
}
