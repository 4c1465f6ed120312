package io.cipherwatch.bench;

import java.util.Arrays;

/** Collects long samples (milliseconds) and reports nearest-rank percentiles. Not thread-safe. */
final class Percentiles {
  private long[] samples = new long[1024];
  private int n;

  void add(long v) {
    if (n == samples.length) {
      samples = Arrays.copyOf(samples, n * 2);
    }
    samples[n++] = v;
  }

  int count() {
    return n;
  }

  /** The nearest-rank {@code p}-th percentile (0 &lt; p &le; 100), or -1 without samples. */
  long percentile(double p) {
    if (n == 0) {
      return -1;
    }
    long[] sorted = Arrays.copyOf(samples, n);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * n);
    return sorted[Math.max(0, Math.min(n, rank) - 1)];
  }

  long max() {
    return percentile(100);
  }
}
