package io.cipherwatch.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EdgeTlsTest {

  @Test
  void clientPreferencePicksFirstOfferedSuiteTheServerSupports() {
    assertEquals(0xC028, EdgeTls.negotiate(List.of(0xC02C, 0xC028, 0xC030), EdgeTls.SUPPORTED, false));
    assertEquals(0xC030, EdgeTls.negotiate(List.of(0x1301, 0xC02C, 0xC030, 0xC028), EdgeTls.SUPPORTED, false));
  }

  @Test
  void serverPreferencePicksFirstServerSuiteTheClientOffers() {
    List<Integer> server = List.of(0xC028, 0xC030, 0xC02F);
    assertEquals(0xC028, EdgeTls.negotiate(EdgeTls.PLATFORM_OFFER, server, true));
    assertEquals(0xC030, EdgeTls.negotiate(EdgeTls.PLATFORM_OFFER, server, false));
  }

  @Test
  void noCommonSuiteGivesMinusOne() {
    assertEquals(-1, EdgeTls.negotiate(List.of(0x003C, 0x002F, 0x000A), EdgeTls.SUPPORTED, false));
    assertEquals(-1, EdgeTls.negotiate(EdgeTls.PLATFORM_OFFER, List.of(0x002F), true));
  }

  @Test
  void platformOfferListsEverySupportedSuiteWithTheDeprecatedOnesLast() {
    List<Integer> offer = EdgeTls.PLATFORM_OFFER;
    assertEquals(new HashSet<>(EdgeTls.SUPPORTED), new HashSet<>(offer));
    assertEquals(Set.copyOf(EdgeTls.DEPRECATED), Set.copyOf(offer.subList(offer.size() - 2, offer.size())));
    for (int suite : EdgeTls.SUPPORTED) {
      assertEquals(EdgeTls.DEPRECATED.contains(suite), EdgeTls.deprecated(suite), Integer.toHexString(suite));
      assertTrue(EdgeTls.supported(suite));
    }
    assertFalse(EdgeTls.supported(0x002F));
  }

  @Test
  void greaseValuesAreTheSixteenRfc8701Codes() {
    assertEquals(16, EdgeTls.GREASE.length);
    assertEquals(0x0A0A, EdgeTls.GREASE[0]);
    assertEquals(0x1A1A, EdgeTls.GREASE[1]);
    assertEquals(0xFAFA, EdgeTls.GREASE[15]);
    int greaseCodes = 0;
    for (int code = 0; code <= 0xFFFF; code++) {
      if (EdgeTls.grease(code)) {
        greaseCodes++;
        assertEquals(EdgeTls.GREASE[code >>> 12], code);
      }
    }
    assertEquals(16, greaseCodes);
  }
}
