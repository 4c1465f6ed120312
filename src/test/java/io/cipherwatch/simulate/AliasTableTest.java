package io.cipherwatch.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AliasTableTest {

  @Test
  void samplesProportionallyToWeights() {
    double[] weights = {1, 0, 7, 2, 90};
    AliasTable table = new AliasTable(weights);
    Rng rng = new Rng(1);
    int draws = 1_000_000;
    int[] counts = new int[weights.length];
    for (int i = 0; i < draws; i++) {
      counts[table.sample(rng.nextLong())]++;
    }
    for (int i = 0; i < weights.length; i++) {
      double expected = weights[i] / 100.0;
      assertEquals(expected, counts[i] / (double) draws, 0.002 + expected * 0.02, "index " + i);
    }
    assertEquals(0, counts[1]);
  }

  @Test
  void rejectsAllZeroWeights() {
    assertThrows(IllegalArgumentException.class, () -> new AliasTable(new double[] {0, 0}));
    assertThrows(IllegalArgumentException.class, () -> new AliasTable(new double[0]));
  }
}
