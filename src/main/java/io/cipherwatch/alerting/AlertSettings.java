package io.cipherwatch.alerting;

/**
 * Thresholds of the alert state machine. All durations are event-time milliseconds.
 *
 * @param resolveAfterMs an open alert resolves on the first handshake that does not keep it alive
 *     and is at least this long after the last handshake that did
 * @param regressionCleanPeriodMs how long a clean stretch must have lasted for a deprecated
 *     handshake to count as a regression
 * @param failuresWindowMs the trailing window over which handshake failures are counted (the usage
 *     window size)
 * @param failuresMinCount minimum failures in the window for a HANDSHAKE_FAILURES alert
 * @param failuresMinShare minimum share of failures among the window's handshakes, in (0, 1]
 * @param failuresBuckets number of buckets the failures window is split into; the window is
 *     resolved to whole buckets of {@code failuresWindowMs / failuresBuckets} (see {@link
 *     AlertEngine})
 */
public record AlertSettings(
    long resolveAfterMs,
    long regressionCleanPeriodMs,
    long failuresWindowMs,
    int failuresMinCount,
    double failuresMinShare,
    int failuresBuckets) {

  /** Default resolve-after, clean period and failures window: one hour. */
  public static final long DEFAULT_PERIOD_MS = 3_600_000L;
  /** Default minimum number of failures. */
  public static final int DEFAULT_FAILURES_MIN_COUNT = 3;
  /** Default minimum share of failures. */
  public static final double DEFAULT_FAILURES_MIN_SHARE = 0.05;
  /** Default number of buckets of the failures window (one minute each for one hour). */
  public static final int DEFAULT_FAILURES_BUCKETS = 60;

  /** Validates every threshold; throws {@link IllegalArgumentException} naming the bad one. */
  public AlertSettings {
    requirePositive("resolveAfterMs", resolveAfterMs);
    requirePositive("regressionCleanPeriodMs", regressionCleanPeriodMs);
    requirePositive("failuresWindowMs", failuresWindowMs);
    if (failuresMinCount < 1) {
      throw new IllegalArgumentException(
          "failuresMinCount must be at least 1, was " + failuresMinCount);
    }
    if (!(failuresMinShare > 0 && failuresMinShare <= 1)) {
      throw new IllegalArgumentException(
          "failuresMinShare must be in (0, 1], was " + failuresMinShare);
    }
    if (failuresBuckets < 1 || failuresWindowMs % failuresBuckets != 0) {
      throw new IllegalArgumentException(
          "failuresBuckets must be at least 1 and divide failuresWindowMs ("
              + failuresWindowMs
              + ") evenly, was "
              + failuresBuckets
              + "; choose a window that is a whole number of buckets");
    }
  }

  /** Settings with the default {@value #DEFAULT_FAILURES_BUCKETS} failure-window buckets. */
  public AlertSettings(
      long resolveAfterMs,
      long regressionCleanPeriodMs,
      long failuresWindowMs,
      int failuresMinCount,
      double failuresMinShare) {
    this(
        resolveAfterMs,
        regressionCleanPeriodMs,
        failuresWindowMs,
        failuresMinCount,
        failuresMinShare,
        DEFAULT_FAILURES_BUCKETS);
  }

  /** One hour everywhere, at least 3 failures making up at least 5%, 60 one-minute buckets. */
  public static AlertSettings defaults() {
    return new AlertSettings(
        DEFAULT_PERIOD_MS,
        DEFAULT_PERIOD_MS,
        DEFAULT_PERIOD_MS,
        DEFAULT_FAILURES_MIN_COUNT,
        DEFAULT_FAILURES_MIN_SHARE,
        DEFAULT_FAILURES_BUCKETS);
  }

  /** Width of one failures bucket in milliseconds. */
  public long failuresBucketMs() {
    return failuresWindowMs / failuresBuckets;
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be a positive duration in ms, was " + value);
    }
  }
}
