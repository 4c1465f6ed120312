package io.cipherwatch.simulate;

/** Weighted and shuffled draws from a {@link Rng}, for building the fleet. */
final class Draws {
  private Draws() {}

  /** Index drawn proportionally to {@code shares}. */
  static int pick(Rng rng, double[] shares) {
    double total = 0;
    for (double s : shares) {
      total += s;
    }
    double u = rng.nextDouble() * total;
    for (int i = 0; i < shares.length - 1; i++) {
      u -= shares[i];
      if (u < 0) {
        return i;
      }
    }
    return shares.length - 1;
  }

  /** Index in 0..count-1 with weight 1/(index+1): earlier entries are more common. */
  static int pickRanked(Rng rng, int count) {
    double[] shares = new double[count];
    for (int i = 0; i < count; i++) {
      shares[i] = 1.0 / (i + 1);
    }
    return pick(rng, shares);
  }

  static TlsProfile any(Rng rng, TlsProfile[] profiles) {
    return profiles[rng.nextInt(profiles.length)];
  }

  static int[] permutation(Rng rng, int size) {
    int[] values = new int[size];
    for (int i = 0; i < size; i++) {
      values[i] = i;
    }
    shuffle(rng, values, size);
    return values;
  }

  /** Fisher-Yates shuffle of the first {@code count} values. */
  static void shuffle(Rng rng, int[] values, int count) {
    for (int i = count - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }
}
