package io.cipherwatch.security;

import java.util.List;

/**
 * The TLS protocol versions and cipher suites cipherwatch's own TLS endpoints use unless configured otherwise
 * (Kafka clients, the schema-registry client, the HTTP API server and forwarding between instances).
 *
 * <p>TLS 1.2 and 1.3 only, AEAD-only suites with forward secrecy: no RSA key exchange, no CBC, and so none of the
 * suites this product exists to remove (0x003D, 0xC028). The JVM's own defaults still enable both of them.
 */
public final class TlsDefaults {
  /** Protocol versions, newest first (JSSE names). */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /** Cipher suites, most preferred first (IANA = JSSE names). */
  public static final List<String> CIPHER_SUITES = List.of(
      "TLS_AES_256_GCM_SHA384",
      "TLS_AES_128_GCM_SHA256",
      "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private TlsDefaults() {}
}
