package io.cipherwatch.readiness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrendTest {
  static final LocalDate D0 = LocalDate.of(2026, 3, 1);

  static List<Trend.Point> line(int days, double start, double slope) {
    List<Trend.Point> out = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      out.add(new Trend.Point(D0.plusDays(d), start + slope * d));
    }
    return out;
  }

  @Test
  void exactDecliningLineGivesItsSlopeAndTheCrossingDay() {
    // 0.1 - 0.005 d < 0.001 first for d = 20 (d = 19.8 is the crossing)
    Trend t = Trend.fit(line(14, 0.1, -0.005), 0.001);
    assertEquals(-0.005, t.slope(), 1e-12);
    assertEquals(-0.005, t.slopeLow(), 1e-12);
    assertEquals(-0.005, t.slopeHigh(), 1e-12);
    assertEquals(D0.plusDays(20), t.projectedReadyDate());
    assertNull(t.reason());
    assertEquals(14, t.days());
  }

  @Test
  void noisyLineWithAnOutlierKeepsTheTrueSlopeInsideTheInterval() {
    Random rnd = new Random(42);
    List<Trend.Point> pts = new ArrayList<>();
    for (int d = 0; d < 14; d++) {
      double y = 0.05 - 0.002 * d + (rnd.nextDouble() - 0.5) * 0.004;
      pts.add(new Trend.Point(D0.plusDays(d), d == 6 ? 0.9 : y));
    }
    Trend t = Trend.fit(pts, 0.001);
    assertTrue(t.slope() > -0.0025 && t.slope() < -0.0015, "slope " + t.slope());
    assertTrue(t.slopeLow() < -0.002 && t.slopeHigh() > -0.002, t.toString());
    assertTrue(t.slopeLow() < t.slope() && t.slope() < t.slopeHigh(), t.toString());
    // the projection lands near the true crossing (d = 24.5 -> day 25), outlier notwithstanding
    long day = t.projectedReadyDate().toEpochDay() - D0.toEpochDay();
    assertTrue(day >= 22 && day <= 28, "projected day " + day);
  }

  @Test
  void risingFlatAndTooFewDaysGiveNoDate() {
    Trend rising = Trend.fit(line(10, 0.01, 0.001), 0.001);
    assertNull(rising.projectedReadyDate());
    assertEquals("rising", rising.reason());
    assertEquals(0.001, rising.slope(), 1e-12);
    Trend flat = Trend.fit(line(10, 0.02, 0), 0.001);
    assertEquals("flat", flat.reason());
    Trend few = Trend.fit(line(2, 0.02, -0.01), 0.001);
    assertEquals("too few days", few.reason());
    assertNull(few.projectedReadyDate());
    // a decline too slow to matter within the horizon counts as flat
    Trend slow = Trend.fit(line(14, 0.5, -1e-6), 0.001);
    assertEquals("flat", slow.reason());
  }

  @Test
  void alreadyBelowTheThresholdIsReadyOnTheLastDay() {
    Trend t = Trend.fit(line(5, 0.0009, 0.00001), 0.001);
    assertEquals(D0.plusDays(4), t.projectedReadyDate());
    assertNull(t.reason());
  }

  @Test
  void gapsInTheSeriesUseRealDayDistances() {
    List<Trend.Point> pts = List.of(new Trend.Point(D0, 0.1), new Trend.Point(D0.plusDays(5), 0.05),
        new Trend.Point(D0.plusDays(10), 0.0));
    // slope -0.01/day; 0.1 - 0.01 d < 0.001 first at d = 10, but the last day is already below
    Trend t = Trend.fit(pts, 0.001);
    assertEquals(-0.01, t.slope(), 1e-12);
    assertEquals(D0.plusDays(10), t.projectedReadyDate());
  }

  @Test
  void kendallVarianceMatchesTheFormulaWithTies() {
    // n = 4, no ties: 4*3*13/18
    assertEquals(4 * 3 * 13 / 18.0, Trend.kendallVariance(new double[] {1, 2, 3, 4}), 1e-12);
    // one tie group of 2: minus 2*1*9
    assertEquals((4 * 3 * 13 - 2 * 1 * 9) / 18.0, Trend.kendallVariance(new double[] {1, 1, 3, 4}), 1e-12);
  }
}
