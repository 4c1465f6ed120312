package io.cipherwatch.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AlertMessagesTest {
  private static final String IANA = "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384";
  private static final String OPENSSL = "ECDHE-RSA-AES256-SHA384";
  private static final long OPENED = 1_742_898_780_000L; // 2025-03-25T10:33:00Z

  private static Transition open(AlertType type) {
    return new Transition(type, true, "id", OPENED, OPENED, "ev", 0xC028,
        new int[] {0xC028}, 1, OPENED, "ev");
  }

  private static Transition resolved(AlertType type) {
    return new Transition(type, false, "id", OPENED, OPENED + 7_200_000, "ev", 0xC028,
        new int[] {0xC028}, 9, OPENED + 3_600_000, "fix");
  }

  @Test
  void deprecatedOnlyOutboundAsksToEnableAnAeadSuiteOnTheRemoteServer() {
    assertEquals("Trunk Acme London's remote server supports only deprecated suite "
            + "ECDHE-RSA-AES256-SHA384 (TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384): enable a "
            + "supported AEAD suite such as ECDHE-RSA-AES256-GCM-SHA384 on the remote server "
            + "before removal or calls will fail.",
        AlertMessages.message(open(AlertType.DEPRECATED_ONLY), "Acme London", "OUTBOUND", IANA,
            OPENSSL));
  }

  @Test
  void deprecatedOnlyInboundAsksToAddASuiteToTheSbcProfile() {
    String m = AlertMessages.message(open(AlertType.DEPRECATED_ONLY), "Acme", "inbound", IANA,
        OPENSSL);
    assertTrue(m.contains("remote SBC offers no supported alternative"), m);
    assertTrue(m.contains("add a supported AEAD suite"), m);
    assertTrue(m.contains("to the SBC's TLS profile"), m);
  }

  @Test
  void prefersDeprecatedAsksToReorderOrRemoveTheSuite() {
    String m = AlertMessages.message(open(AlertType.PREFERS_DEPRECATED), "Acme", "INBOUND", IANA,
        OPENSSL);
    assertTrue(m.contains("ranks deprecated suite " + OPENSSL + " (" + IANA + ")"), m);
    assertTrue(m.contains("reorder or remove " + OPENSSL + " in the SBC's TLS profile"), m);
  }

  @Test
  void regressionPointsAtAFailover() {
    String m = AlertMessages.message(open(AlertType.REGRESSION), "Acme", "INBOUND", IANA,
        OPENSSL);
    assertTrue(m.contains("again after having been observed clean"), m);
    assertTrue(m.contains("failover to a secondary SBC with an old TLS profile"), m);
  }

  @Test
  void handshakeFailuresPointAtCertificatesAndProfile() {
    String m = AlertMessages.message(open(AlertType.HANDSHAKE_FAILURES), null, "OUTBOUND", null,
        null);
    assertTrue(m.startsWith("This trunk has repeated failed TLS handshakes on outbound calls"), m);
    assertTrue(m.contains("certificates and TLS profile of the remote server"), m);
  }

  @Test
  void resolvedSaysWhatEndedAndSinceWhen() {
    String m = AlertMessages.message(resolved(AlertType.DEPRECATED_ONLY), "Acme", "OUTBOUND",
        IANA, OPENSSL);
    assertEquals("Resolved: Trunk Acme has had no outbound handshake limited to a deprecated "
        + "suite (ECDHE-RSA-AES256-SHA384 (TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384) when the alert "
        + "opened) since 2025-03-25T11:33:00Z; the alert had been open since "
        + "2025-03-25T10:33:00Z.", m);
    for (AlertType type : AlertType.values()) {
      String r = AlertMessages.message(resolved(type), "Acme", "INBOUND", IANA, OPENSSL);
      assertTrue(r.startsWith("Resolved: Trunk Acme has had no "), r);
      assertTrue(r.contains("since 2025-03-25T11:33:00Z"), r);
    }
  }

  @Test
  void unnamedSuitesFallBackToTheirCode() {
    String m = AlertMessages.message(open(AlertType.DEPRECATED_ONLY), "Acme", "OUTBOUND", null,
        null);
    assertTrue(m.contains("deprecated suite 0xC028:"), m);
    String iana = AlertMessages.message(open(AlertType.DEPRECATED_ONLY), "Acme", "OUTBOUND", IANA,
        null);
    assertTrue(iana.contains("deprecated suite " + IANA + ":"), iana);
  }

  @Test
  void rejectsUnknownDirections() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AlertMessages.message(open(AlertType.REGRESSION), "Acme", "SIDEWAYS", IANA,
            OPENSSL));
    assertTrue(e.getMessage().contains("SIDEWAYS"), e.getMessage());
  }
}
