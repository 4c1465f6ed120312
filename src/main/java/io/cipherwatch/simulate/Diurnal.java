package io.cipherwatch.simulate;

/**
 * Relative call volume of a contact-center trunk by local time: business-hours peak on weekdays, a
 * quiet night and weekends at {@link #WEEKEND_FACTOR} of the weekday level. Values lie in (0, 1].
 */
final class Diurnal {

  /** Weekday weight at the start of each local hour; linearly interpolated in between. */
  private static final double[] HOURLY = {
    0.06, 0.04, 0.03, 0.03, 0.04, 0.08, 0.18, 0.40, 0.72, 0.92, 1.00, 1.00,
    0.88, 0.93, 0.98, 0.95, 0.85, 0.62, 0.38, 0.25, 0.17, 0.12, 0.09, 0.07
  };

  static final double WEEKEND_FACTOR = 0.3;

  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;

  private Diurnal() {}

  /** Weight at {@code epochMillis} for a region whose local time is UTC plus {@code utcOffsetMinutes}. */
  static double weight(int utcOffsetMinutes, long epochMillis) {
    long local = epochMillis + utcOffsetMinutes * 60_000L;
    long day = Math.floorDiv(local, DAY);
    long msOfDay = local - day * DAY;
    int hour = (int) (msOfDay / HOUR);
    double frac = (msOfDay - hour * HOUR) / (double) HOUR;
    double w = HOURLY[hour] + (HOURLY[(hour + 1) % 24] - HOURLY[hour]) * frac;
    // 1970-01-01 was a Thursday: (day + 3) mod 7 numbers Monday as 0, so 5 and 6 are the weekend.
    return Math.floorMod(day + 3, 7L) >= 5 ? w * WEEKEND_FACTOR : w;
  }
}
