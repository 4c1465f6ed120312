package io.cipherwatch.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DiurnalTest {

  /** Wednesday 2026-01-07 00:00 UTC. */
  private static final long WEDNESDAY = Instant.parse("2026-01-07T00:00:00Z").toEpochMilli();
  private static final long SATURDAY = Instant.parse("2026-01-10T00:00:00Z").toEpochMilli();
  private static final long HOUR = 3_600_000L;

  @Test
  void businessHoursOutweighTheNight() {
    double late = Diurnal.weight(0, WEDNESDAY + 3 * HOUR);
    double morning = Diurnal.weight(0, WEDNESDAY + 10 * HOUR + HOUR / 2);
    assertTrue(morning > 0.9, "10:30 weight " + morning);
    assertTrue(late < 0.1, "03:00 weight " + late);
    double business = 0;
    double total = 0;
    for (int minute = 0; minute < 24 * 60; minute++) {
      double w = Diurnal.weight(0, WEDNESDAY + minute * 60_000L);
      assertTrue(w > 0 && w <= 1, "weight out of (0, 1] at minute " + minute + ": " + w);
      total += w;
      if (minute >= 8 * 60 && minute < 18 * 60) {
        business += w;
      }
    }
    assertTrue(business / total > 0.65, "business-hours share of the day " + business / total);
  }

  @Test
  void curveIsContinuousWithinADay() {
    for (int minute = 1; minute < 24 * 60; minute++) {
      double step = Math.abs(Diurnal.weight(0, WEDNESDAY + minute * 60_000L)
          - Diurnal.weight(0, WEDNESDAY + (minute - 1) * 60_000L));
      assertTrue(step < 0.01, "jump of " + step + " at minute " + minute);
    }
  }

  @Test
  void offsetShiftsThePeakToLocalTime() {
    int newYork = -300;
    int sydney = 600;
    assertEquals(Diurnal.weight(0, WEDNESDAY + 11 * HOUR), Diurnal.weight(newYork, WEDNESDAY + 16 * HOUR), 1e-12);
    assertTrue(Diurnal.weight(newYork, WEDNESDAY + 16 * HOUR) > 5 * Diurnal.weight(sydney, WEDNESDAY + 16 * HOUR));
    assertTrue(Diurnal.weight(sydney, WEDNESDAY + 2 * HOUR) > 5 * Diurnal.weight(newYork, WEDNESDAY + 2 * HOUR));
  }

  @Test
  void weekendsAreQuieter() {
    assertEquals(Diurnal.WEEKEND_FACTOR * Diurnal.weight(0, WEDNESDAY + 11 * HOUR),
        Diurnal.weight(0, SATURDAY + 11 * HOUR), 1e-12);
    // The local day decides: Saturday 00:00 UTC is Saturday 10:00 in Sydney but Friday 19:00 in New York.
    assertEquals(Diurnal.WEEKEND_FACTOR * Diurnal.weight(0, WEDNESDAY + 10 * HOUR), Diurnal.weight(600, SATURDAY), 1e-12);
    assertEquals(Diurnal.weight(0, WEDNESDAY + 19 * HOUR), Diurnal.weight(-300, SATURDAY), 1e-12);
  }
}
