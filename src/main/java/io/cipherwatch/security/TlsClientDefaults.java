package io.cipherwatch.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLParameters;

/**
 * Applies {@link TlsDefaults} (TLS 1.2+, AEAD-only suites with forward secrecy) to cipherwatch's TLS clients
 * unless the configuration chooses otherwise, so that neither the Kafka clients nor the registry client can
 * negotiate the suites this product exists to remove (the JVM's defaults still enable 0x003D and 0xC028).
 */
public final class TlsClientDefaults {
  /** Kafka client key of the protocol versions ({@code SslConfigs.SSL_ENABLED_PROTOCOLS_CONFIG}). */
  public static final String SSL_ENABLED_PROTOCOLS = "ssl.enabled.protocols";
  /** Kafka client key of the cipher suites ({@code SslConfigs.SSL_CIPHER_SUITES_CONFIG}). */
  public static final String SSL_CIPHER_SUITES = "ssl.cipher.suites";

  private TlsClientDefaults() {
  }

  /** The Kafka client keys and values this class sets: both lists, comma-separated. */
  public static Map<String, String> kafkaDefaults() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(SSL_ENABLED_PROTOCOLS, String.join(",", TlsDefaults.PROTOCOLS));
    m.put(SSL_CIPHER_SUITES, String.join(",", TlsDefaults.CIPHER_SUITES));
    return m;
  }

  /**
   * Sets {@code ssl.enabled.protocols} and {@code ssl.cipher.suites} in Kafka client (or Streams) properties where
   * the configuration has not set them; a value already present, even empty, is left alone.
   */
  public static void applyTo(Map<String, Object> kafkaProps) {
    kafkaDefaults().forEach(kafkaProps::putIfAbsent);
  }

  /**
   * The parameters a TLS client socket or engine should use: the given protocols and suites, or for either one
   * that is null or empty, the defaults.
   */
  public static SSLParameters sslParameters(List<String> protocols, List<String> cipherSuites) {
    SSLParameters p = new SSLParameters();
    p.setProtocols(orDefault(protocols, TlsDefaults.PROTOCOLS).toArray(String[]::new));
    p.setCipherSuites(orDefault(cipherSuites, TlsDefaults.CIPHER_SUITES).toArray(String[]::new));
    return p;
  }

  private static List<String> orDefault(List<String> configured, List<String> dflt) {
    return configured == null || configured.isEmpty() ? dflt : configured;
  }
}
