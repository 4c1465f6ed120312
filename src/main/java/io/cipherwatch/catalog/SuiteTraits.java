package io.cipherwatch.catalog;

import java.util.Map;
import java.util.Set;

/** Key exchange, forward secrecy and AEAD-ness derived from an IANA cipher suite name (load time only). */
record SuiteTraits(String keyExchange, boolean forwardSecrecy, boolean aead) {

  /** Traits of codes with no suite behind them (unassigned and GREASE). */
  static final SuiteTraits NONE = new SuiteTraits("UNKNOWN", false, false);

  private static final String WITH = "_WITH_";

  /** Name segment between {@code TLS_} and {@code _WITH_} to key-exchange family. */
  private static final Map<String, SuiteTraits> KEY_EXCHANGES = Map.ofEntries(
      kx("RSA", "RSA", false),
      kx("RSA_EXPORT", "RSA", false),
      kx("DH_DSS", "DH", false),
      kx("DH_RSA", "DH", false),
      kx("DH_DSS_EXPORT", "DH", false),
      kx("DH_RSA_EXPORT", "DH", false),
      kx("DHE_DSS", "DHE", true),
      kx("DHE_RSA", "DHE", true),
      kx("DHE_DSS_EXPORT", "DHE", true),
      kx("DHE_RSA_EXPORT", "DHE", true),
      // Anonymous suites are unauthenticated but their keys are still ephemeral.
      kx("DH_anon", "DH_anon", true),
      kx("DH_anon_EXPORT", "DH_anon", true),
      kx("ECDH_ECDSA", "ECDH", false),
      kx("ECDH_RSA", "ECDH", false),
      kx("ECDHE_ECDSA", "ECDHE", true),
      kx("ECDHE_RSA", "ECDHE", true),
      kx("ECDH_anon", "ECDH_anon", true),
      kx("PSK", "PSK", false),
      kx("DHE_PSK", "DHE_PSK", true),
      kx("PSK_DHE", "DHE_PSK", true),
      kx("ECDHE_PSK", "ECDHE_PSK", true),
      kx("RSA_PSK", "RSA_PSK", false),
      kx("KRB5", "KRB5", false),
      kx("KRB5_EXPORT", "KRB5", false),
      kx("SRP_SHA", "SRP", true),
      kx("SRP_SHA_RSA", "SRP", true),
      kx("SRP_SHA_DSS", "SRP", true),
      kx("ECCPWD", "ECCPWD", true),
      // RFC 9189 (TLS 1.2): the server key is static, so no forward secrecy.
      kx("GOSTR341112_256", "GOST", false),
      kx("NULL", "NULL", false));

  /** Name tokens that mark an AEAD record cipher. */
  private static final Set<String> AEAD_TOKENS = Set.of("GCM", "CCM", "POLY1305", "AEGIS", "MGM");

  /**
   * Derives the traits from an IANA name such as {@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}.
   * TLS 1.3 suites name no key exchange ({@code TLS_AES_128_GCM_SHA256}), except the RFC 9367 GOST
   * ones, which are recognised by their MGM mode.
   */
  static SuiteTraits fromIanaName(String name) {
    boolean aead = hasAeadToken(name);
    if (name.endsWith("_SCSV")) {
      return new SuiteTraits("SCSV", false, false);
    }
    int with = name.indexOf(WITH);
    if (with < 0 || (name.startsWith("TLS_GOSTR341112_256_WITH_") && name.contains("_MGM_"))) {
      return new SuiteTraits("TLS13", true, aead);
    }
    SuiteTraits kx = name.startsWith("TLS_") ? KEY_EXCHANGES.get(name.substring(4, with)) : null;
    return kx == null ? new SuiteTraits("UNKNOWN", false, aead)
        : new SuiteTraits(kx.keyExchange, kx.forwardSecrecy, aead);
  }

  private static boolean hasAeadToken(String name) {
    for (String token : name.split("_")) {
      if (AEAD_TOKENS.contains(token)) {
        return true;
      }
    }
    return false;
  }

  private static Map.Entry<String, SuiteTraits> kx(String segment, String family, boolean forwardSecrecy) {
    return Map.entry(segment, new SuiteTraits(family, forwardSecrecy, false));
  }
}
