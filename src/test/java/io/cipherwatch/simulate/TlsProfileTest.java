package io.cipherwatch.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TlsProfileTest {

  private static final Set<TlsProfile> CLEAN =
      EnumSet.of(TlsProfile.MODERN_AEAD, TlsProfile.CUBE_STRICT, TlsProfile.GREASE_BORINGSSL);
  private static final Set<TlsProfile> HYGIENE =
      EnumSet.of(TlsProfile.OPENSSL3_DEFAULT, TlsProfile.SBC_VENDOR_DEFAULT, TlsProfile.CUBE_DEFAULT);
  private static final Set<TlsProfile> PREFERS =
      EnumSet.of(TlsProfile.PREFERS_C028, TlsProfile.PREFERS_003D, TlsProfile.LEGACY_CBC);
  private static final Set<TlsProfile> LEGACY_ONLY =
      EnumSet.of(TlsProfile.LEGACY_003D_ONLY, TlsProfile.LEGACY_C028_ONLY);
  private static final Set<TlsProfile> QUIRK =
      EnumSet.of(TlsProfile.QUIRK_SERVER_C028, TlsProfile.QUIRK_SERVER_003D);

  @Test
  void choicesFollowTheNegotiationRules() {
    for (TlsProfile p : TlsProfile.values()) {
      Integer firstSupported = p.offer().stream().filter(EdgeTls::supported).findFirst().orElse(null);
      assertEquals(firstSupported, p.inboundChoice(), p.name());
      if (!p.serverPreference()) {
        Integer firstAccepted =
            EdgeTls.PLATFORM_OFFER.stream().filter(p.serverSuites()::contains).findFirst().orElse(null);
        assertEquals(firstAccepted, p.outboundChoice(), p.name());
      }
      assertEquals(p == TlsProfile.LEGACY_NO_COMMON, p.inboundChoice() == null, p.name());
      assertEquals(p == TlsProfile.LEGACY_NO_COMMON, p.outboundChoice() == null, p.name());
      assertTrue(p.outboundChoice() == null || p.serverSuites().contains(p.outboundChoice()), p.name());
      assertTrue(p.agentCount() > 0, p.name());
    }
  }

  @Test
  void eachProfileFamilyBehavesAsItsScenarioSays() {
    for (TlsProfile p : CLEAN) {
      assertTrue(p.offer().stream().noneMatch(EdgeTls::deprecated), p.name());
      assertFalse(EdgeTls.deprecated(p.outboundChoice()), p.name());
    }
    for (TlsProfile p : HYGIENE) {
      assertTrue(p.offer().stream().anyMatch(EdgeTls::deprecated), p.name());
      assertFalse(EdgeTls.deprecated(p.inboundChoice()), p.name());
      assertFalse(EdgeTls.deprecated(p.outboundChoice()), p.name());
    }
    for (TlsProfile p : PREFERS) {
      assertTrue(EdgeTls.deprecated(p.inboundChoice()), p.name());
      assertTrue(supportedAlternativeOffered(p.offer()), p.name());
      assertFalse(EdgeTls.deprecated(p.outboundChoice()), p.name());
    }
    for (TlsProfile p : LEGACY_ONLY) {
      assertTrue(EdgeTls.deprecated(p.inboundChoice()), p.name());
      assertFalse(supportedAlternativeOffered(p.offer()), p.name());
      assertTrue(EdgeTls.deprecated(p.outboundChoice()), p.name());
    }
    for (TlsProfile p : QUIRK) {
      assertTrue(p.serverPreference(), p.name());
      assertFalse(EdgeTls.deprecated(p.inboundChoice()), p.name());
      assertTrue(EdgeTls.deprecated(p.outboundChoice()), p.name());
      // Without the server-preference quirk the platform's order would have won.
      int clientPreference = EdgeTls.negotiate(EdgeTls.PLATFORM_OFFER, p.serverSuites(), false);
      assertFalse(EdgeTls.deprecated(clientPreference), p.name());
    }
    assertEquals(0xC028, TlsProfile.QUIRK_SERVER_C028.outboundChoice());
    assertEquals(0x003D, TlsProfile.QUIRK_SERVER_003D.outboundChoice());
    assertEquals(0x0035, TlsProfile.LEGACY_CBC.outboundChoice());
    assertEquals(0xC030, TlsProfile.OPENSSL3_DEFAULT.inboundChoice());
  }

  @Test
  void remediatedProfilesAreClean() {
    for (TlsProfile p : TlsProfile.values()) {
      assertTrue(CLEAN.contains(p.remediated()), p.name());
    }
  }

  @Test
  void greaseProfilePutsADifferentGreaseValueFirstPerIndex() {
    TlsProfile p = TlsProfile.GREASE_BORINGSSL;
    assertTrue(p.usesGrease());
    for (int i = 0; i < EdgeTls.GREASE.length; i++) {
      List<Integer> offer = p.offer(i);
      assertEquals(EdgeTls.GREASE[i], offer.get(0));
      assertEquals(p.offer(), offer.subList(1, offer.size()));
    }
    assertNotEquals(p.offer(0), p.offer(1));
    assertEquals(TlsProfile.MODERN_AEAD.offer(), TlsProfile.MODERN_AEAD.offer(5));
  }

  private static boolean supportedAlternativeOffered(List<Integer> offer) {
    return offer.stream().anyMatch(s -> EdgeTls.supported(s) && !EdgeTls.deprecated(s));
  }
}
