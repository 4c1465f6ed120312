package io.cipherwatch.policy;

/** The validation rules for one decoded handshake event. Stateless. */
public final class HandshakeValidator {
  private HandshakeValidator() {}

  /**
   * Checks one handshake.
   *
   * @param trunkId the event's trunkId
   * @param edgeId the event's edgeId
   * @param established whether the outcome is ESTABLISHED
   * @param chosen the negotiated suite, or -1 when null
   * @param offer the offer with GREASE values removed
   * @param offerLength how many entries of {@code offer} are used
   * @return the first rule broken, or null when the event is valid
   */
  public static DeadLetterReason validate(String trunkId, String edgeId, boolean established, int chosen,
      int[] offer, int offerLength) {
    if (isBlank(trunkId)) {
      return DeadLetterReason.BLANK_TRUNK_ID;
    }
    if (isBlank(edgeId)) {
      return DeadLetterReason.BLANK_EDGE_ID;
    }
    if (offerLength == 0) {
      return DeadLetterReason.EMPTY_OFFER;
    }
    if (established) {
      if (chosen < 0) {
        return DeadLetterReason.ESTABLISHED_WITHOUT_CIPHER;
      }
      for (int i = 0; i < offerLength; i++) {
        if (offer[i] == chosen) {
          return null;
        }
      }
      return DeadLetterReason.CHOSEN_NOT_OFFERED;
    }
    return chosen >= 0 ? DeadLetterReason.FAILED_WITH_CIPHER : null;
  }

  private static boolean isBlank(String s) {
    if (s == null) {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isWhitespace(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
