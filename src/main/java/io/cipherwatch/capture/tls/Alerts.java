package io.cipherwatch.capture.tls;

/** TLS alert description names (RFC 8446 section 6 and the registry), as {@code failureReason} carries them. */
final class Alerts {
  private static final String[] NAMES = new String[256];

  static {
    Object[] pairs = {0, "close_notify", 10, "unexpected_message", 20, "bad_record_mac", 21, "decryption_failed",
        22, "record_overflow", 30, "decompression_failure", 40, "handshake_failure", 41, "no_certificate",
        42, "bad_certificate", 43, "unsupported_certificate", 44, "certificate_revoked", 45, "certificate_expired",
        46, "certificate_unknown", 47, "illegal_parameter", 48, "unknown_ca", 49, "access_denied",
        50, "decode_error", 51, "decrypt_error", 60, "export_restriction", 70, "protocol_version",
        71, "insufficient_security", 80, "internal_error", 86, "inappropriate_fallback", 90, "user_canceled",
        100, "no_renegotiation", 109, "missing_extension", 110, "unsupported_extension",
        111, "certificate_unobtainable", 112, "unrecognized_name", 113, "bad_certificate_status_response",
        114, "bad_certificate_hash_value", 115, "unknown_psk_identity", 116, "certificate_required",
        120, "no_application_protocol", 121, "ech_required"};
    for (int i = 0; i < pairs.length; i += 2) {
      NAMES[(Integer) pairs[i]] = (String) pairs[i + 1];
    }
  }

  private Alerts() {}

  /** The description's name, or {@code alert_N} for an unassigned one. */
  static String name(int description) {
    String n = description >= 0 && description < 256 ? NAMES[description] : null;
    return n != null ? n : "alert_" + description;
  }
}
