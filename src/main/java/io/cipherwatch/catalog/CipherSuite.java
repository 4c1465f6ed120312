package io.cipherwatch.catalog;

import java.util.Objects;

/**
 * One TLS cipher suite, as listed in the IANA registry or synthesised for an unassigned or GREASE code.
 *
 * @param code the two-byte IANA code, 0..0xFFFF
 * @param ianaName the IANA name; {@code UNKNOWN_0x1234} for an unassigned code, {@code GREASE_0x0A0A} for GREASE
 * @param opensslName the OpenSSL name, or {@code null} when the bundled OpenSSL table has none
 * @param recommended whether the IANA registry marks the suite Recommended ({@code Y})
 * @param keyExchange the key-exchange family: RSA, DH, DHE, DH_anon, ECDH, ECDHE, ECDH_anon, PSK, DHE_PSK,
 *     ECDHE_PSK, RSA_PSK, KRB5, SRP, ECCPWD, GOST, TLS13 (TLS 1.3 suites), NULL, SCSV (signalling values) or
 *     UNKNOWN (unassigned and GREASE codes)
 * @param forwardSecrecy whether the key exchange is ephemeral (past sessions survive a leaked long-term key)
 * @param aead whether record protection is an AEAD cipher (GCM, CCM, CCM_8, CHACHA20_POLY1305, AEGIS, MGM)
 * @param assigned whether the code is a named entry of the IANA registry (false for unassigned and GREASE codes)
 * @param grease whether the code is an RFC 8701 GREASE value
 */
public record CipherSuite(
    int code,
    String ianaName,
    String opensslName,
    boolean recommended,
    String keyExchange,
    boolean forwardSecrecy,
    boolean aead,
    boolean assigned,
    boolean grease) {

  private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

  /** Validates the code range and the mandatory names. */
  public CipherSuite {
    if (code < 0 || code > 0xFFFF) {
      throw new IllegalArgumentException("Cipher suite code " + code + " is outside 0..0xFFFF");
    }
    Objects.requireNonNull(ianaName, "ianaName");
    Objects.requireNonNull(keyExchange, "keyExchange");
  }

  /** The code as {@code 0x} followed by four upper-case hex digits, e.g. {@code 0x003D}. */
  public String hex() {
    return hex(code);
  }

  static String hex(int code) {
    return new String(new char[] {
        '0', 'x',
        HEX_DIGITS[(code >>> 12) & 0xF], HEX_DIGITS[(code >>> 8) & 0xF],
        HEX_DIGITS[(code >>> 4) & 0xF], HEX_DIGITS[code & 0xF]});
  }
}
