package io.cipherwatch.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Secured listeners for {@link EmbeddedKafka}, beside its plain one: {@code SSL} requiring a client certificate
 * (mutual TLS) and {@code SASL_SSL} with SCRAM-SHA-512 users created when the data directory is formatted. Both
 * present the key store's certificate and trust the trust store's CAs; stores are PKCS12 with one password.
 *
 * @param keystore PKCS12 key store with the broker's key and certificate (SAN 127.0.0.1)
 * @param truststore PKCS12 trust store with the CA that signed client certificates
 * @param password password of both stores and of the key
 * @param scramUsers SCRAM-SHA-512 user name to password (letters, digits, '-' and '_' only)
 */
public record BrokerSecurity(Path keystore, Path truststore, String password, Map<String, String> scramUsers) {
  /** Listener (and security protocol) name of the mutual-TLS listener. */
  public static final String SSL = "SSL";
  /** Listener (and security protocol) name of the SCRAM-over-TLS listener. */
  public static final String SASL_SSL = "SASL_SSL";
  /** The one SASL mechanism enabled. */
  public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

  /** Checks the arguments and copies the user map. */
  public BrokerSecurity {
    Objects.requireNonNull(keystore, "keystore");
    Objects.requireNonNull(truststore, "truststore");
    Objects.requireNonNull(password, "password");
    scramUsers = Map.copyOf(scramUsers);
    scramUsers.forEach((user, pw) -> {
      if (!(user + pw).matches("[A-Za-z0-9_-]+")) {
        throw new IllegalArgumentException("SCRAM user names and passwords may hold only letters, digits, '-' and '_'");
      }
    });
  }

  /** Adds the two listeners and their TLS and SASL settings to broker properties made by {@link BrokerConfig}. */
  void addTo(Map<String, String> p, int sslPort, int saslSslPort) {
    String extra = SSL + "://" + BrokerConfig.HOST + ":" + sslPort + "," + SASL_SSL + "://" + BrokerConfig.HOST + ":"
        + saslSslPort;
    p.put("listeners", p.get("listeners") + "," + extra);
    p.put("advertised.listeners", p.get("advertised.listeners") + "," + extra);
    p.put("listener.security.protocol.map", p.get("listener.security.protocol.map") + "," + SSL + ":SSL,"
        + SASL_SSL + ":SASL_SSL");
    Map<String, String> tls = new LinkedHashMap<>();
    tls.put("ssl.keystore.type", "PKCS12");
    tls.put("ssl.keystore.location", keystore.toAbsolutePath().toString());
    tls.put("ssl.keystore.password", password);
    tls.put("ssl.key.password", password);
    tls.put("ssl.truststore.type", "PKCS12");
    tls.put("ssl.truststore.location", truststore.toAbsolutePath().toString());
    tls.put("ssl.truststore.password", password);
    p.putAll(tls);
    p.put("listener.name.ssl.ssl.client.auth", "required");
    p.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
    p.put("listener.name.sasl_ssl.sasl.enabled.mechanisms", SCRAM_MECHANISM);
    p.put("listener.name.sasl_ssl." + SCRAM_MECHANISM.toLowerCase() + ".sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
  }

  /** Extra arguments of {@code kafka-storage format} creating the SCRAM users. */
  List<String> formatArguments() {
    List<String> args = new ArrayList<>();
    scramUsers.forEach((user, pw) -> {
      args.add("--add-scram");
      args.add(SCRAM_MECHANISM + "=[name=" + user + ",password=" + pw + "]");
    });
    return args;
  }

  @Override
  public String toString() {
    return "BrokerSecurity[" + keystore + ", " + truststore + ", users " + scramUsers.keySet() + "]";
  }
}
