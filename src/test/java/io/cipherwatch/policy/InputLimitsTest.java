package io.cipherwatch.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InputLimitsTest {
  private final InputLimits limits = new InputLimits(100, 3, 300_000);

  @Test
  void recordSizeCountsKeyAndValue() {
    assertNull(limits.checkSize(new byte[40], new byte[60]));
    assertEquals(DeadLetterReason.RECORD_TOO_LARGE, limits.checkSize(new byte[41], new byte[60]));
    assertEquals(DeadLetterReason.RECORD_TOO_LARGE, limits.checkSize(null, new byte[101]));
    assertNull(limits.checkSize(null, null));
  }

  @Test
  void offerSizeAndIdLength() {
    assertNull(limits.checkOffer(3));
    assertEquals(DeadLetterReason.TOO_MANY_SUITES, limits.checkOffer(4));
    String ok = "x".repeat(InputLimits.MAX_ID_LENGTH);
    assertNull(InputLimits.checkIds(ok, ok, ok));
    assertNull(InputLimits.checkIds(null, "e", "t"));
    assertEquals(DeadLetterReason.ID_TOO_LONG, InputLimits.checkIds("e", ok + "x", "t"));
  }

  @Test
  void futureIsMoreThanTheSkewAheadOfTheClock() {
    long now = 1_800_000_000_000L;
    assertNull(limits.checkTime(now + 300_000, now));
    assertEquals(DeadLetterReason.FUTURE_TIMESTAMP, limits.checkTime(now + 300_001, now));
    assertNull(limits.checkTime(now - 86_400_000L, now), "the past is never future");
    assertTrue(limits.isFuture(Long.MAX_VALUE, now));
    assertFalse(limits.isFuture(Long.MIN_VALUE, now));
  }

  @Test
  void keyMustBeTheTrunkIdInUtf8() {
    assertTrue(InputLimits.keyMatches("trunk-1".getBytes(StandardCharsets.UTF_8), "trunk-1"));
    assertTrue(InputLimits.keyMatches("tränk".getBytes(StandardCharsets.UTF_8), "tränk"));
    assertFalse(InputLimits.keyMatches("tränk".getBytes(StandardCharsets.ISO_8859_1), "tränk"));
    assertFalse(InputLimits.keyMatches("trunk-10".getBytes(StandardCharsets.UTF_8), "trunk-1"));
    assertFalse(InputLimits.keyMatches("trunk".getBytes(StandardCharsets.UTF_8), "trunk-1"));
    assertFalse(InputLimits.keyMatches(null, "trunk-1"));
    assertFalse(InputLimits.keyMatches(new byte[0], "trunk-1"));
  }

  @Test
  void limitsMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new InputLimits(0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new InputLimits(1, 0, 1));
  }
}
