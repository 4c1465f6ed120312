package io.cipherwatch.simulate;

/** Walker/Vose alias table: O(1) sampling of an index proportionally to fixed weights. */
final class AliasTable {

  private final double[] threshold;
  private final int[] alias;

  /** @param weights non-negative weights with a positive sum */
  AliasTable(double[] weights) {
    int n = weights.length;
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    if (n == 0 || !(sum > 0)) {
      throw new IllegalArgumentException("alias table needs at least one positive weight, got " + n + " weights");
    }
    threshold = new double[n];
    alias = new int[n];
    double[] scaled = new double[n];
    int[] small = new int[n];
    int[] large = new int[n];
    int smallCount = 0;
    int largeCount = 0;
    for (int i = 0; i < n; i++) {
      scaled[i] = weights[i] * n / sum;
      if (scaled[i] < 1.0) {
        small[smallCount++] = i;
      } else {
        large[largeCount++] = i;
      }
    }
    while (smallCount > 0 && largeCount > 0) {
      int s = small[--smallCount];
      int l = large[--largeCount];
      threshold[s] = scaled[s];
      alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1.0;
      if (scaled[l] < 1.0) {
        small[smallCount++] = l;
      } else {
        large[largeCount++] = l;
      }
    }
    while (largeCount > 0) {
      int l = large[--largeCount];
      threshold[l] = 1.0;
      alias[l] = l;
    }
    while (smallCount > 0) {
      int s = small[--smallCount];
      threshold[s] = 1.0;
      alias[s] = s;
    }
  }

  /** An index drawn with probability proportional to its weight, from one 64-bit random value. */
  int sample(long random) {
    int column = (int) (((random >>> 32) * threshold.length) >>> 32);
    double u = (random & 0xFFFFFFFFL) * 0x1.0p-32;
    return u < threshold[column] ? column : alias[column];
  }
}
