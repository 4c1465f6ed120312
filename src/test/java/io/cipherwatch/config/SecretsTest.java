package io.cipherwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets from files, and their redaction. */
class SecretsTest {
  @TempDir Path dir;

  @Test
  void secretKeysAreRecognizedAndPathsUrlsAndTypesAreNot() {
    for (String k : new String[] {"sasl.jaas.config", "ssl.truststore.password", "ssl.key.password",
        "basic.auth.user.info", "ssl.keystore.key", "cipherwatch.http.tls.keystore-password",
        "sasl.oauthbearer.client.credentials.client.secret"}) {
      assertTrue(Secrets.isSecret(k), k);
    }
    for (String k : new String[] {"bootstrap.servers", "ssl.truststore.location", "ssl.truststore.type",
        "basic.auth.credentials.source", "cipherwatch.http.auth.token-file", "sasl.oauthbearer.token.endpoint.url",
        "sasl.login.callback.handler.class", "cipherwatch.http.tls.keystore"}) {
      assertFalse(Secrets.isSecret(k), k);
    }
  }

  @Test
  void fileValuesAndFileVariablesReadTheFileAndAreRedacted() throws Exception {
    Path jaas = Files.writeString(dir.resolve("jaas"), "LoginModule required password=\"Jaas-Unit-4471\";\n");
    Path pw = Files.writeString(dir.resolve("pw"), "Store-Unit-9052\n");
    Path user = Files.writeString(dir.resolve("user"), "svc:Registry-Unit-3318");
    CipherwatchConfig cfg = CipherwatchConfig.load(null, Map.of(
        "KAFKA_SASL_JAAS_CONFIG_FILE", jaas.toString(),
        "CIPHERWATCH_HTTP_TLS_KEYSTORE_PASSWORD_FILE", pw.toString(),
        "CIPHERWATCH_HTTP_AUTH_TOKEN_FILE", "/run/tokens"), Map.of(
        "basic.auth.user.info", "file:" + user,
        "sasl.oauthbearer.token.endpoint.url", "file:/not/read/because/not/a/secret"));
    assertEquals("LoginModule required password=\"Jaas-Unit-4471\";", cfg.kafka().get("sasl.jaas.config"));
    assertEquals("Store-Unit-9052", cfg.raw(Settings.HTTP_TLS_KEYSTORE_PASSWORD));
    assertEquals("svc:Registry-Unit-3318", cfg.kafka().get("basic.auth.user.info"));
    assertEquals("/run/tokens", cfg.raw(Settings.HTTP_AUTH_TOKEN_FILE), "a *-file key's own variable is the path");
    assertEquals("file:/not/read/because/not/a/secret", cfg.kafka().get("sasl.oauthbearer.token.endpoint.url"));
    assertFalse(cfg.kafka().containsKey("sasl.jaas.config.file"));
    String line = "config: " + cfg.kafka() + " " + cfg.raw(Settings.HTTP_TLS_KEYSTORE_PASSWORD);
    String redacted = Secrets.redact(line);
    for (String s : new String[] {"Jaas-Unit-4471", "Store-Unit-9052", "Registry-Unit-3318"}) {
      assertFalse(redacted.contains(s), redacted);
    }
    assertTrue(redacted.contains(Secrets.MASK));
  }

  @Test
  void aMissingSecretFileNamesTheFileNotTheContent() {
    ConfigException e = assertThrows(ConfigException.class, () -> CipherwatchConfig.load(null,
        Map.of("KAFKA_SSL_KEY_PASSWORD_FILE", dir.resolve("absent").toString()), Map.of()));
    assertTrue(e.getMessage().contains("KAFKA_SSL_KEY_PASSWORD_FILE") && e.getMessage().contains("absent"),
        e.getMessage());
  }

  @Test
  void urlPasswordsAreRedactedEvenWhenNotConfigured() {
    assertEquals("GET https://svc:****@registry:8081/subjects failed",
        Secrets.redact("GET https://svc:Url-Unit-7781@registry:8081/subjects failed"));
  }

  @Test
  void malformedRegistryUrlsAreStartUpErrorsWithoutCredentials() {
    for (String url : new String[] {"http://svc:Url-Unit-2209@registry:notaport", "https://svc:Url-Unit-2209@a b:1",
        "ftp://svc:Url-Unit-2209@registry:21"}) {
      ConfigException e = assertThrows(ConfigException.class,
          () -> CipherwatchConfig.of(Map.of("schema.registry.url", url)), url);
      assertTrue(e.getMessage().contains("schema.registry.url"), e.getMessage());
      assertFalse(e.getMessage().contains("Url-Unit-2209") || e.getMessage().contains("svc:"), e.getMessage());
    }
    CipherwatchConfig.of(Map.of("schema.registry.url", "https://registry.example:8081,mock://x"));
  }
}
