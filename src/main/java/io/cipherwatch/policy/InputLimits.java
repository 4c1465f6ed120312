package io.cipherwatch.policy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bounds every input record is held to, checked before decoding where the wire allows it: record size,
 * offer size, identifier length, how far ahead of the wall clock event time may be, and that the record key is
 * the trunkId. Stateless; nothing from the wire is trusted.
 *
 * @param maxRecordBytes largest key + value accepted, in bytes
 * @param maxOfferedSuites largest offer accepted (GREASE values included)
 * @param maxFutureSkewMs how far event or tick time may be ahead of the wall clock, in milliseconds
 */
public record InputLimits(int maxRecordBytes, int maxOfferedSuites, long maxFutureSkewMs) {
  /** Longest eventId, edgeId or trunkId accepted, in characters. */
  public static final int MAX_ID_LENGTH = 256;

  /** The documented defaults: 64 KiB records, 512 suites, 5 minutes. */
  public static final InputLimits DEFAULTS = new InputLimits(65_536, 512, 300_000);

  public InputLimits {
    if (maxRecordBytes <= 0 || maxOfferedSuites <= 0 || maxFutureSkewMs < 0) {
      throw new IllegalArgumentException("limits must be positive: " + maxRecordBytes + ", " + maxOfferedSuites
          + ", " + maxFutureSkewMs);
    }
  }

  /** {@link DeadLetterReason#RECORD_TOO_LARGE} when key and value together exceed the limit, else null. */
  public DeadLetterReason checkSize(byte[] key, byte[] value) {
    long size = (long) (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    return size > maxRecordBytes ? DeadLetterReason.RECORD_TOO_LARGE : null;
  }

  /** {@link DeadLetterReason#TOO_MANY_SUITES} when the offer has more entries than the limit, else null. */
  public DeadLetterReason checkOffer(int offered) {
    return offered > maxOfferedSuites ? DeadLetterReason.TOO_MANY_SUITES : null;
  }

  /** {@link DeadLetterReason#ID_TOO_LONG} when an identifier is longer than {@link #MAX_ID_LENGTH}, else null. */
  public static DeadLetterReason checkIds(CharSequence eventId, CharSequence edgeId, CharSequence trunkId) {
    return tooLong(eventId) || tooLong(edgeId) || tooLong(trunkId) ? DeadLetterReason.ID_TOO_LONG : null;
  }

  /**
   * {@link DeadLetterReason#FUTURE_TIMESTAMP} when {@code eventTime} is more than the allowed skew ahead of
   * {@code wallClock}, else null.
   */
  public DeadLetterReason checkTime(long eventTime, long wallClock) {
    return isFuture(eventTime, wallClock) ? DeadLetterReason.FUTURE_TIMESTAMP : null;
  }

  /** Whether {@code eventTime} is more than the allowed skew ahead of {@code wallClock}. */
  public boolean isFuture(long eventTime, long wallClock) {
    return eventTime > wallClock && eventTime - wallClock > maxFutureSkewMs;
  }

  /**
   * Whether the record key is the UTF-8 encoding of {@code trunkId}; a null key never is. Compares without
   * allocating when the id is ASCII.
   */
  public static boolean keyMatches(byte[] key, String trunkId) {
    if (key == null || trunkId == null) {
      return false;
    }
    int n = trunkId.length();
    if (key.length < n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = trunkId.charAt(i);
      if (c >= 0x80) {
        return Arrays.equals(key, trunkId.getBytes(StandardCharsets.UTF_8));
      }
      if (key[i] != c) {
        return false;
      }
    }
    return key.length == n;
  }

  private static boolean tooLong(CharSequence s) {
    return s != null && s.length() > MAX_ID_LENGTH;
  }
}
