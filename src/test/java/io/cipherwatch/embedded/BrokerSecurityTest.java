package io.cipherwatch.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerSecurityTest {
  private final BrokerSecurity security = new BrokerSecurity(Path.of("/k/broker.p12"), Path.of("/k/trust.p12"), "pw",
      Map.of("cw", "scram-pw"));

  @Test
  void addsAMutualTlsAndAScramListenerBesideThePlainOne() {
    Map<String, String> p = BrokerConfig.properties(Path.of("/data"), 19092, 19093);
    security.addTo(p, 19094, 19095);
    assertEquals("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093,SSL://127.0.0.1:19094,"
        + "SASL_SSL://127.0.0.1:19095", p.get("listeners"));
    assertEquals("PLAINTEXT://127.0.0.1:19092,SSL://127.0.0.1:19094,SASL_SSL://127.0.0.1:19095",
        p.get("advertised.listeners"));
    assertEquals("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SSL:SSL,SASL_SSL:SASL_SSL",
        p.get("listener.security.protocol.map"));
    assertEquals("PLAINTEXT", p.get("inter.broker.listener.name"), "the broker and its admin stay on the plain one");
    assertEquals("required", p.get("listener.name.ssl.ssl.client.auth"));
    assertFalse(p.containsKey("ssl.client.auth"), "SASL_SSL clients need no certificate");
    assertEquals("SCRAM-SHA-512", p.get("listener.name.sasl_ssl.sasl.enabled.mechanisms"));
    assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required;",
        p.get("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config"));
    assertEquals("/k/broker.p12", p.get("ssl.keystore.location"));
    assertEquals("PKCS12", p.get("ssl.truststore.type"));
  }

  @Test
  void scramUsersAreCreatedByTheStorageFormatter() {
    assertEquals(List.of("--add-scram", "SCRAM-SHA-512=[name=cw,password=scram-pw]"), security.formatArguments());
    assertThrows(IllegalArgumentException.class,
        () -> new BrokerSecurity(Path.of("k"), Path.of("t"), "pw", Map.of("cw", "a,b]")));
    assertFalse(security.toString().contains("scram-pw") || security.toString().contains("=pw"), security.toString());
  }
}
