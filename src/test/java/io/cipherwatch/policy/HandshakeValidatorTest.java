package io.cipherwatch.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HandshakeValidatorTest {
  static DeadLetterReason validate(String trunk, String edge, boolean established, int chosen, int... offer) {
    return HandshakeValidator.validate(trunk, edge, established, chosen, offer, offer.length);
  }

  @Test
  void validEstablishedAndFailedHandshakes() {
    assertNull(validate("t", "e", true, 0xC02F, 0xC030, 0xC02F));
    assertNull(validate("t", "e", false, -1, 0xC030));
  }

  @Test
  void everyRule() {
    assertEquals(DeadLetterReason.BLANK_TRUNK_ID, validate(null, "e", true, 1, 1));
    assertEquals(DeadLetterReason.BLANK_TRUNK_ID, validate(" \t", "e", true, 1, 1));
    assertEquals(DeadLetterReason.BLANK_EDGE_ID, validate("t", "", true, 1, 1));
    assertEquals(DeadLetterReason.EMPTY_OFFER, validate("t", "e", false, -1));
    assertEquals(DeadLetterReason.ESTABLISHED_WITHOUT_CIPHER, validate("t", "e", true, -1, 1));
    assertEquals(DeadLetterReason.CHOSEN_NOT_OFFERED, validate("t", "e", true, 2, 1, 3));
    assertEquals(DeadLetterReason.FAILED_WITH_CIPHER, validate("t", "e", false, 1, 1));
  }

  @Test
  void onlyTheUsedPartOfTheOfferCounts() {
    int[] buffer = {1, 2, 3};
    assertEquals(DeadLetterReason.CHOSEN_NOT_OFFERED, HandshakeValidator.validate("t", "e", true, 3, buffer, 2));
  }
}
