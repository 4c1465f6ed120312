package io.cipherwatch.readiness;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * A robust linear trend of a daily share: the Theil–Sen slope (median of all pairwise slopes) with Sen's
 * nonparametric confidence interval (ranks from the variance of Kendall's S, ties in the share corrected), and
 * the projected first day the share falls below a threshold.
 *
 * @param days how many days with traffic the fit used
 * @param slope share change per day (NaN with too few days)
 * @param slopeLow lower bound of the 95% confidence interval
 * @param slopeHigh upper bound of the 95% confidence interval
 * @param projectedReadyDate the first UTC day the fitted share is below the threshold (the last day itself when
 *     its observed share already is), or null
 * @param reason why the date is null: "too few days", "rising" or "flat"; null when there is a date
 */
public record Trend(int days, double slope, double slopeLow, double slopeHigh, LocalDate projectedReadyDate,
    String reason) {
  /** Fewest days with traffic a trend is fitted on. */
  public static final int MIN_DAYS = 3;
  /** A projection further than this many days is reported as flat. */
  public static final int HORIZON_DAYS = 3650;
  private static final double Z_95 = 1.959963984540054;

  /** One day of a series: the UTC day and the share observed on it. */
  public record Point(LocalDate day, double share) {}

  /**
   * Fits the points (days with traffic, any order, distinct days).
   *
   * @param threshold the share below which the fleet counts as ready
   */
  public static Trend fit(List<Point> points, double threshold) {
    int n = points.size();
    if (n < MIN_DAYS) {
      return new Trend(n, Double.NaN, Double.NaN, Double.NaN, null, "too few days");
    }
    Point[] p = points.toArray(new Point[0]);
    Arrays.sort(p, (a, b) -> a.day().compareTo(b.day()));
    long day0 = p[0].day().toEpochDay();
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = p[i].day().toEpochDay() - day0;
      y[i] = p[i].share();
    }
    int pairs = n * (n - 1) / 2;
    double[] slopes = new double[pairs];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        slopes[k++] = (y[j] - y[i]) / (x[j] - x[i]);
      }
    }
    Arrays.sort(slopes);
    double slope = median(slopes);
    double c = Z_95 * Math.sqrt(kendallVariance(y));
    int lower = (int) Math.round((pairs - c) / 2) - 1;
    int upper = (int) Math.round((pairs + c) / 2);
    double low = slopes[Math.max(0, Math.min(pairs - 1, lower))];
    double high = slopes[Math.max(0, Math.min(pairs - 1, upper))];
    LocalDate last = p[n - 1].day();
    if (y[n - 1] < threshold) {
      return new Trend(n, slope, low, high, last, null);
    }
    if (slope > 0) {
      return new Trend(n, slope, low, high, null, "rising");
    }
    if (slope == 0) {
      return new Trend(n, slope, low, high, null, "flat");
    }
    double[] residuals = new double[n];
    for (int i = 0; i < n; i++) {
      residuals[i] = y[i] - slope * x[i];
    }
    Arrays.sort(residuals);
    double intercept = median(residuals);
    double crossing = (threshold - intercept) / slope;
    long lastX = n == 0 ? 0 : (long) x[n - 1];
    if (crossing - lastX > HORIZON_DAYS) {
      return new Trend(n, slope, low, high, null, "flat");
    }
    long firstBelow = Math.max(lastX + 1, (long) Math.floor(crossing) + 1);
    return new Trend(n, slope, low, high, LocalDate.ofEpochDay(day0 + firstBelow), null);
  }

  /** Variance of Kendall's S for n points with ties in y (x values are distinct days). */
  static double kendallVariance(double[] y) {
    int n = y.length;
    double v = n * (n - 1.0) * (2.0 * n + 5.0);
    double[] s = y.clone();
    Arrays.sort(s);
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && s[j + 1] == s[i]) {
        j++;
      }
      double t = j - i + 1;
      v -= t * (t - 1) * (2 * t + 5);
      i = j + 1;
    }
    return v / 18.0;
  }

  private static double median(double[] sorted) {
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }
}
