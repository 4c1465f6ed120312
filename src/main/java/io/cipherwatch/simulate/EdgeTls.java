package io.cipherwatch.simulate;

import java.util.List;

/**
 * The platform edge's TLS 1.2 configuration for SIP trunks as the simulator models it, and the cipher
 * suite negotiation rule. Suites are IANA 16-bit codes.
 */
final class EdgeTls {

  /** Suites the platform edge supports, as a TLS server (inbound) and as a TLS client (outbound). */
  static final List<Integer> SUPPORTED =
      List.of(0x0035, 0x003D, 0x009C, 0x009D, 0xC014, 0xC028, 0xC02F, 0xC030);

  /** The two suites being removed: AES256-SHA256 and ECDHE-RSA-AES256-SHA384. */
  static final List<Integer> DEPRECATED = List.of(0x003D, 0xC028);

  /** The platform's outbound ClientHello offer: modern AEAD first, the deprecated suites last. */
  static final List<Integer> PLATFORM_OFFER =
      List.of(0xC030, 0xC02F, 0x009D, 0x009C, 0xC014, 0x0035, 0xC028, 0x003D);

  /** The sixteen GREASE cipher suite values of RFC 8701 (0x0A0A, 0x1A1A, ..., 0xFAFA). */
  static final int[] GREASE = new int[16];

  static {
    for (int i = 0; i < GREASE.length; i++) {
      GREASE[i] = (i << 12) | 0x0A00 | (i << 4) | 0x0A;
    }
  }

  private EdgeTls() {}

  /** Whether the platform edge supports {@code suite}. */
  static boolean supported(int suite) {
    return SUPPORTED.contains(suite);
  }

  /** Whether {@code suite} is one of the two deprecated suites. */
  static boolean deprecated(int suite) {
    return suite == 0x003D || suite == 0xC028;
  }

  /** Whether {@code suite} is an RFC 8701 GREASE value. */
  static boolean grease(int suite) {
    return (suite & 0x0F0F) == 0x0A0A && (suite >>> 8) == (suite & 0xFF);
  }

  /**
   * The suite a TLS server picks, or -1 when client and server share none (handshake_failure).
   *
   * @param clientOffer the ClientHello list in the client's priority order
   * @param serverSuites the server's suites in its own priority order
   * @param serverPreference true: the first of the server's suites the client offered; false (client
   *     preference): the first of the client's suites the server supports
   */
  static int negotiate(List<Integer> clientOffer, List<Integer> serverSuites, boolean serverPreference) {
    List<Integer> ranked = serverPreference ? serverSuites : clientOffer;
    List<Integer> other = serverPreference ? clientOffer : serverSuites;
    for (Integer suite : ranked) {
      if (other.contains(suite)) {
        return suite;
      }
    }
    return -1;
  }
}
