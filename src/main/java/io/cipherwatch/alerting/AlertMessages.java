package io.cipherwatch.alerting;

import java.time.Instant;
import java.util.Objects;

/**
 * One human sentence per transition: what happened and what to do about it. Built once per
 * transition, never per handshake.
 */
public final class AlertMessages {
  /** Supported AEAD suite suggested as a replacement, spelled as TLS profiles do (OpenSSL). */
  static final String SUGGESTED_SUITE = "ECDHE-RSA-AES256-GCM-SHA384";

  private AlertMessages() {}

  /**
   * The sentence for a transition.
   *
   * @param t the transition
   * @param trunkName the trunk's display name, or null when unknown (the sentence then says "This
   *     trunk")
   * @param directionName INBOUND or OUTBOUND, any case
   * @param chosenIana IANA name of the opening handshake's negotiated suite, or null
   * @param chosenOpenssl OpenSSL name of that suite, or null when it has none
   * @throws IllegalArgumentException if directionName is neither INBOUND nor OUTBOUND
   */
  public static String message(
      Transition t,
      String trunkName,
      String directionName,
      String chosenIana,
      String chosenOpenssl) {
    Objects.requireNonNull(t, "t");
    boolean outbound = isOutbound(directionName);
    String trunk = trunkName == null ? "This trunk" : "Trunk " + trunkName;
    String dir = outbound ? "outbound" : "inbound";
    String remote = outbound ? "remote server" : "remote SBC";
    String profile = outbound ? "the remote server's TLS profile" : "the SBC's TLS profile";
    String suite = suite(chosenIana, chosenOpenssl, t.openingChosenSuite());
    if (!t.open() && AlertEngine.EVICTED.equals(t.triggerEventId())) {
      return "Resolved because " + trunk + " has sent no " + dir + " handshake for the state TTL"
          + " (cipherwatch.state.idle-ttl): its alert state was evicted. The last evidence was at "
          + Instant.ofEpochMilli(t.lastEvidenceAt()) + "; the alert had been open since "
          + Instant.ofEpochMilli(t.openedAt()) + ". If the trunk still exists, check that its edge reports.";
    }
    if (!t.open()) {
      return "Resolved: "
          + trunk
          + " has had no "
          + resolvedWhat(t.type(), dir, remote, suite)
          + " since "
          + Instant.ofEpochMilli(t.lastEvidenceAt())
          + "; the alert had been open since "
          + Instant.ofEpochMilli(t.openedAt())
          + ".";
    }
    return switch (t.type()) {
      case DEPRECATED_ONLY -> outbound
          ? trunk + "'s remote server supports only deprecated suite " + suite
              + ": enable a supported AEAD suite such as " + SUGGESTED_SUITE
              + " on the remote server before removal or calls will fail."
          : trunk + "'s remote SBC offers no supported alternative to deprecated suite " + suite
              + ": add a supported AEAD suite such as " + SUGGESTED_SUITE
              + " to the SBC's TLS profile before removal or calls will fail.";
      case PREFERS_DEPRECATED -> trunk + "'s " + remote + " ranks deprecated suite " + suite
          + " above the supported suites it also offers: reorder or remove "
          + (chosenOpenssl != null ? chosenOpenssl : "it") + " in " + profile
          + " so that a supported suite is negotiated.";
      case REGRESSION -> trunk + " negotiated deprecated suite " + suite + " on " + dir
          + " calls again after having been observed clean: check for a failover to a secondary"
          + " SBC with an old TLS profile and remove the deprecated suites there.";
      case HANDSHAKE_FAILURES -> trunk + " has repeated failed TLS handshakes on " + dir
          + " calls: check the certificates and TLS profile of the " + remote
          + ", which must enable a supported suite such as " + SUGGESTED_SUITE + ".";
    };
  }

  private static String resolvedWhat(AlertType type, String dir, String remote, String suite) {
    return switch (type) {
      case DEPRECATED_ONLY -> dir + " handshake limited to a deprecated suite (" + suite
          + " when the alert opened)";
      case PREFERS_DEPRECATED -> dir + " handshake where the " + remote
          + " preferred a deprecated suite (" + suite + " when the alert opened)";
      case REGRESSION -> dir + " handshake negotiating a deprecated suite after its clean period ("
          + suite + " when the alert opened)";
      case HANDSHAKE_FAILURES -> "failed " + dir + " TLS handshake";
    };
  }

  private static boolean isOutbound(String directionName) {
    if ("OUTBOUND".equalsIgnoreCase(directionName)) {
      return true;
    }
    if ("INBOUND".equalsIgnoreCase(directionName)) {
      return false;
    }
    throw new IllegalArgumentException(
        "direction must be INBOUND or OUTBOUND, was " + directionName);
  }

  private static String suite(String iana, String openssl, int code) {
    if (openssl != null && iana != null) {
      return openssl + " (" + iana + ")";
    }
    if (iana != null) {
      return iana;
    }
    if (openssl != null) {
      return openssl;
    }
    return code < 0 ? "(none)" : String.format("0x%04X", code);
  }
}
