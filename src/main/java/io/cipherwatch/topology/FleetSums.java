package io.cipherwatch.topology;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.RiskLevel;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * This task's partial sums of one closing window, per direction: the rows' summed counts, how many rows were at
 * each risk level and how many rows there were. Cleared for every window; reused.
 */
final class FleetSums {
  private static final Direction[] DIRECTIONS = Direction.values();

  private final UsageCounts[] sums = new UsageCounts[DIRECTIONS.length];
  private final long[][] risks = new long[DIRECTIONS.length][RiskLevel.values().length];
  private final int[] rows = new int[DIRECTIONS.length];

  FleetSums() {
    for (int d = 0; d < DIRECTIONS.length; d++) {
      sums[d] = new UsageCounts();
    }
  }

  /** Starts a new window: every sum zero. */
  void clear() {
    for (int d = 0; d < DIRECTIONS.length; d++) {
      sums[d].clear();
      Arrays.fill(risks[d], 0);
      rows[d] = 0;
    }
  }

  /** Adds one row of the window: its direction ordinal, counts and risk level. */
  void add(int direction, UsageCounts counts, RiskLevel risk) {
    sums[direction].addAll(counts);
    risks[direction][risk.ordinal()]++;
    rows[direction]++;
  }

  /**
   * Hands each direction that had rows its partial for window [start, end) from {@code partition}, in direction
   * order.
   */
  void forEachPartial(int partition, long start, long end, BiConsumer<Direction, FleetPartial> out) {
    for (int d = 0; d < DIRECTIONS.length; d++) {
      if (rows[d] > 0) {
        out.accept(DIRECTIONS[d], FleetPartial.rows(partition, start, end, risks[d], sums[d]));
      }
    }
  }
}
