package io.cipherwatch.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.catalog.CipherCatalog;
import org.junit.jupiter.api.Test;

class CipherPolicyTest {
  static final CipherCatalog CATALOG = CipherCatalog.standard();
  static final CipherPolicy POLICY = CipherPolicy.parse("0x003D,0xC028",
      "0x0035,0x003D,0x009C,0x009D,0xC014,0xC028,0xC02F,0xC030", CATALOG);

  static Classification classify(boolean inbound, boolean established, int chosen, int... offer) {
    return POLICY.classify(inbound, established, chosen, offer, offer.length);
  }

  @Test
  void failedHandshakeIsFailedWhateverTheOffer() {
    assertEquals(Classification.FAILED, classify(true, false, -1, 0x003D));
    assertEquals(Classification.FAILED, classify(false, false, -1, 0xC030));
  }

  @Test
  void inboundDeprecatedChoiceWithSupportedAlternativePrefersDeprecated() {
    assertEquals(Classification.PREFERS_DEPRECATED, classify(true, true, 0xC028, 0xC028, 0xC030));
    // 0x003D is supported but deprecated: not an alternative
    assertEquals(Classification.DEPRECATED_ONLY, classify(true, true, 0xC028, 0xC028, 0x003D));
  }

  @Test
  void inboundDeprecatedChoiceWithoutSupportedAlternativeIsDeprecatedOnly() {
    // 0x002F (AES128-SHA) is offered but the platform does not support it
    assertEquals(Classification.DEPRECATED_ONLY, classify(true, true, 0x003D, 0x003D, 0x002F));
    assertEquals(Classification.DEPRECATED_ONLY, classify(true, true, 0x003D, 0x003D));
  }

  @Test
  void outboundDeprecatedChoiceIsAlwaysDeprecatedOnly() {
    assertEquals(Classification.DEPRECATED_ONLY,
        classify(false, true, 0xC028, 0xC030, 0xC02F, 0x009D, 0xC028, 0x003D));
  }

  @Test
  void inboundOfferOfDeprecatedSuiteNotChosenIsHygieneOnly() {
    assertEquals(Classification.OFFERS_DEPRECATED, classify(true, true, 0xC030, 0xC030, 0x003D));
    // outbound offers are the platform's own: not the remote's hygiene
    assertEquals(Classification.CLEAN, classify(false, true, 0xC030, 0xC030, 0x003D));
  }

  @Test
  void modernHandshakeIsClean() {
    assertEquals(Classification.CLEAN, classify(true, true, 0xC02F, 0xC02F, 0xC030));
    assertEquals(Classification.CLEAN, classify(true, true, 0x1234, 0x1234));
  }

  @Test
  void listsAcceptCodesPairsIanaAndOpensslNamesInAnyCase() {
    int[] codes = CipherPolicy.parseList("k",
        "0x003D, 0x00,0xC0 ,tls_ecdhe_rsa_with_aes_128_gcm_sha256:ECDHE-RSA-AES256-GCM-SHA384 009c", CATALOG);
    assertArrayEquals(new int[] {0x003D, 0x00C0, 0xC02F, 0xC030, 0x009C}, codes);
  }

  @Test
  void bytesArePairedOnlyWhenBothAreSingleBytes() {
    assertArrayEquals(new int[] {0x003D, 0xC028}, CipherPolicy.parseList("k", "0x00,0x3D,0xC0,0x28", CATALOG));
  }

  @Test
  void unknownEntryIsAnErrorNamingTheEntryAndKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CipherPolicy.parse("0x003D,NOT-A-CIPHER", "0xC02F", CATALOG));
    assertTrue(e.getMessage().contains("cipherwatch.policy.deprecated"), e.getMessage());
    assertTrue(e.getMessage().contains("NOT-A-CIPHER"), e.getMessage());
  }

  @Test
  void membership() {
    assertTrue(POLICY.isDeprecated(0x003D));
    assertTrue(POLICY.isSupported(0xC030));
    assertFalse(POLICY.isSupported(0x002F));
    assertFalse(POLICY.isDeprecated(-1));
    assertFalse(POLICY.isDeprecated(0x10000));
  }
}
