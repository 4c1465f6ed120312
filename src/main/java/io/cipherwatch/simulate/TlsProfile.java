package io.cipherwatch.simulate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * TLS behaviour of a remote SIP endpoint (SBC, carrier edge, IP-PBX): the ClientHello offer it sends
 * when it calls the platform (INBOUND: the platform edge picks the first supported suite of that offer)
 * and the suites it accepts when the platform calls it (OUTBOUND: it answers the platform's fixed offer,
 * by client preference unless {@link #serverPreference()}). Offers are real-world-like IANA code lists in
 * priority order; both negotiated suites are computed once, here.
 */
public enum TlsProfile {

  /** Modern AEAD-only list (ECDHE/RSA AES-GCM, ChaCha20); offers nothing deprecated. */
  MODERN_AEAD(false, suites(0xC02F, 0xC030, 0x009C, 0x009D, 0xCCA8), null, false,
      "AudioCodes", "AudioCodes-Sip-Gateway-Mediant 800/v.7.40A.500.357",
      "Ribbon", "Ribbon SBC SWe 11.1",
      "Oracle", "Oracle ESBC SCZ9.2.0"),

  /** Cisco CUBE with {@code strict-cipher}: ECDHE-RSA AES-GCM only. */
  CUBE_STRICT(false, suites(0xC030, 0xC02F), null, false,
      "Cisco", "Cisco-SIPGateway/IOS-17.12.2"),

  /**
   * BoringSSL-based client (Chromium-style order) that puts a GREASE value (RFC 8701), drawn per
   * handshake, first; TLS 1.3 suites follow, then the TLS 1.2 list.
   */
  GREASE_BORINGSSL(true, suites(0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8,
      0xC013, 0xC014, 0x009C, 0x009D, 0x002F, 0x0035), null, false,
      "Envoy", "envoy-sip-proxy/1.31.2 (BoringSSL)",
      "WebRTC gateway", "WebRTC-SIP-Gateway/5.2 (BoringSSL)"),

  /** OpenSSL 3 default client list: picks AES-GCM but still offers both deprecated suites (hygiene). */
  OPENSSL3_DEFAULT(false, suites(0x1302, 0x1303, 0x1301, 0xC02C, 0xC030, 0x009F, 0xCCA9, 0xCCA8, 0xC02B,
      0xC02F, 0x009E, 0xC024, 0xC028, 0x006B, 0xC023, 0xC027, 0x0067, 0xC00A, 0xC014, 0x0039, 0xC009,
      0xC013, 0x0033, 0x009D, 0x009C, 0x003D, 0x003C, 0x0035, 0x002F, 0x00FF), null, false,
      "FreeSWITCH", "FreeSWITCH-mod_sofia/1.10.12-release",
      "Asterisk", "Asterisk PBX 20.9.3",
      "Kamailio", "kamailio (5.8.2 (x86_64/linux))",
      "OpenSIPS", "OpenSIPS (3.4.6 (x86_64/linux))"),

  /** AudioCodes/Ribbon/Oracle-SBC-like default (OpenSSL 1.0.2 DEFAULT order): deprecated offered, not chosen. */
  SBC_VENDOR_DEFAULT(false, suites(0xC030, 0xC02C, 0xC028, 0xC024, 0xC014, 0xC00A, 0x009F, 0x006B, 0x0039,
      0x009D, 0x003D, 0x0035, 0xC02F, 0xC02B, 0xC027, 0xC023, 0xC013, 0xC009, 0x009E, 0x0067, 0x0033,
      0x009C, 0x003C, 0x002F, 0x00FF), null, false,
      "AudioCodes", "AudioCodes-Sip-Gateway-Mediant 1000B/v.7.20A.258.459",
      "Ribbon", "Ribbon SBC Edge 1000/9.0.3",
      "Oracle", "Oracle ESBC SCZ8.4.0p2"),

  /** Cisco CUBE-like default list: AES128-GCM first, CBC-SHA256/384 variants (deprecated ones) offered too. */
  CUBE_DEFAULT(false, suites(0xC02F, 0xC030, 0xC027, 0xC028, 0xC013, 0xC014, 0x009C, 0x009D, 0x003C,
      0x003D, 0x002F, 0x0035), null, false,
      "Cisco", "Cisco-SIPGateway/IOS-17.9.4a",
      "Cisco", "Cisco-SIPGateway/IOS-16.12.5"),

  /** Ranks ECDHE-RSA-AES256-SHA384 (deprecated) first, AES-GCM after it: inbound negotiates 0xC028. */
  PREFERS_C028(false, suites(0xC028, 0xC030, 0xC02F, 0xC027, 0xC014, 0xC013, 0x009D, 0x009C, 0x003D,
      0x0035), null, false,
      "Oracle", "Acme Packet 4600 SCZ8.3.0 MR-1",
      "AudioCodes", "AudioCodes-Sip-Gateway-Mediant 2600/v.7.20A.204.015"),

  /** Ranks AES256-SHA256 (deprecated) first, AES-GCM after it: inbound negotiates 0x003D. */
  PREFERS_003D(false, suites(0x003D, 0xC030, 0xC02F, 0x009D, 0x0035, 0x002F), null, false,
      "Ribbon", "Sonus SBC 5210 V07.02.01",
      "Mitel", "Mitel MiVoice Border Gateway 11.2"),

  /**
   * Legacy static-RSA CBC list (003D, 0035, 002F): inbound negotiates 0x003D though 0x0035 is offered;
   * outbound it accepts the platform's 0x0035.
   */
  LEGACY_CBC(false, suites(0x003D, 0x0035, 0x002F), null, false,
      "Avaya", "Avaya SBCE 7.2.2.0-04",
      "Mitel", "Mitel-3300-ICP/9.0"),

  /** Old device whose only suite in common with the platform is AES256-SHA256: breaks at removal. */
  LEGACY_003D_ONLY(false, suites(0x003D, 0x003C, 0x002F, 0x000A), null, false,
      "Avaya", "Avaya SBCE 6.3.7-01",
      "Sangoma", "Sangoma SBC 2.3.11"),

  /** Old device whose only suites in common with the platform are the two deprecated ones (0xC028 first). */
  LEGACY_C028_ONLY(false, suites(0xC028, 0xC027, 0xC024, 0xC023, 0x003D, 0x003C), null, false,
      "Oracle", "Acme Packet 3820 SCX6.4.0 MR-6",
      "AudioCodes", "AudioCodes-Sip-Gateway-Mediant 500/v.6.60A.357.002"),

  /**
   * Ancient device with nothing in common with the platform (AES128-SHA, 3DES, RC4): every handshake
   * fails with handshake_failure, inbound and outbound.
   */
  LEGACY_NO_COMMON(false, suites(0x002F, 0x000A, 0x0005), null, false,
      "Avaya", "Avaya SBCE 6.2.1-Q07",
      "Cisco", "Cisco-SIPGateway/IOS-12.4.24T"),

  /**
   * Server-preference quirk: as a client it offers AES-GCM first, but as a server it enforces its own
   * order with ECDHE-RSA-AES256-SHA384 on top, so outbound negotiates 0xC028 although the platform offers
   * it last.
   */
  QUIRK_SERVER_C028(false, suites(0xC030, 0xC02F, 0xC028, 0xC014, 0x009D, 0x009C, 0x003D, 0x0035),
      suites(0xC028, 0xC030, 0xC02F, 0xC014, 0x009D, 0x009C, 0x003D, 0x0035), true,
      "Oracle", "Oracle ESBC SCZ8.3.0 MR-1",
      "Ribbon", "Ribbon SBC 5400 V09.02.02"),

  /** Server-preference quirk with AES256-SHA256 on top of its server order: outbound negotiates 0x003D. */
  QUIRK_SERVER_003D(false, suites(0xC02F, 0xC030, 0x009C, 0x009D, 0x003D, 0x0035),
      suites(0x003D, 0x0035, 0xC02F, 0xC030, 0x009C, 0x009D), true,
      "Ribbon", "Sonus SBC 1000/6.1.5",
      "AudioCodes", "AudioCodes-Sip-Gateway-Mediant 4000/v.7.00A.135.004");

  private final boolean grease;
  private final List<Integer> offer;
  private final List<List<Integer>> greaseOffers;
  private final List<Integer> serverSuites;
  private final boolean serverPreference;
  private final Integer inboundChoice;
  private final Integer outboundChoice;
  private final String[] vendors;
  private final String[] userAgents;

  TlsProfile(boolean grease, List<Integer> offer, List<Integer> serverSuites, boolean serverPreference,
      String... vendorAndAgentPairs) {
    this.grease = grease;
    this.offer = offer;
    this.serverSuites = serverSuites == null ? offer : serverSuites;
    this.serverPreference = serverPreference;
    int in = EdgeTls.negotiate(offer, EdgeTls.SUPPORTED, false);
    int out = EdgeTls.negotiate(EdgeTls.PLATFORM_OFFER, this.serverSuites, serverPreference);
    this.inboundChoice = in < 0 ? null : in;
    this.outboundChoice = out < 0 ? null : out;
    List<List<Integer>> greased = new ArrayList<>();
    if (grease) {
      for (int value : EdgeTls.GREASE) {
        List<Integer> withGrease = new ArrayList<>(offer.size() + 1);
        withGrease.add(value);
        withGrease.addAll(offer);
        greased.add(Collections.unmodifiableList(withGrease));
      }
    }
    this.greaseOffers = List.copyOf(greased);
    this.vendors = new String[vendorAndAgentPairs.length / 2];
    this.userAgents = new String[vendors.length];
    for (int i = 0; i < vendors.length; i++) {
      vendors[i] = vendorAndAgentPairs[2 * i];
      userAgents[i] = vendorAndAgentPairs[2 * i + 1];
    }
  }

  private static List<Integer> suites(int... codes) {
    List<Integer> list = new ArrayList<>(codes.length);
    for (int code : codes) {
      list.add(code);
    }
    return Collections.unmodifiableList(list);
  }

  /** Whether the ClientHello starts with a GREASE value (a different one per handshake). */
  public boolean usesGrease() {
    return grease;
  }

  /** The ClientHello cipher list sent to the platform (INBOUND), GREASE excluded; immutable. */
  public List<Integer> offer() {
    return offer;
  }

  /** The suites accepted when the platform calls this endpoint (OUTBOUND), in the endpoint's order. */
  public List<Integer> serverSuites() {
    return serverSuites;
  }

  /** Whether, as a TLS server, the endpoint picks by its own order instead of the client's. */
  public boolean serverPreference() {
    return serverPreference;
  }

  /** The suite the platform negotiates on an inbound handshake, or null when there is none in common. */
  public Integer inboundChoice() {
    return inboundChoice;
  }

  /** The suite this endpoint picks from the platform's outbound offer, or null when there is none in common. */
  public Integer outboundChoice() {
    return outboundChoice;
  }

  /** The modern profile the endpoint moves to once its owner removes the deprecated suites. */
  public TlsProfile remediated() {
    return switch (this) {
      case CUBE_STRICT, CUBE_DEFAULT -> CUBE_STRICT;
      case GREASE_BORINGSSL -> GREASE_BORINGSSL;
      default -> MODERN_AEAD;
    };
  }

  /** The inbound offer; for a GREASE profile with GREASE value number {@code greaseIndex} (0..15) first. */
  List<Integer> offer(int greaseIndex) {
    return grease ? greaseOffers.get(greaseIndex) : offer;
  }

  int agentCount() {
    return userAgents.length;
  }

  String vendor(int agent) {
    return vendors[agent];
  }

  String userAgent(int agent) {
    return userAgents[agent];
  }
}
