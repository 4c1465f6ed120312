package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.RiskLevel;
import io.cipherwatch.policy.Classification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetSumsTest {
  private static UsageCounts counts(Classification cls, int chosen, int n) {
    UsageCounts c = new UsageCounts();
    for (int i = 0; i < n; i++) {
      c.add(cls, chosen);
    }
    return c;
  }

  private static List<Map.Entry<Direction, FleetPartial>> partials(FleetSums sums, long start, long end) {
    List<Map.Entry<Direction, FleetPartial>> out = new ArrayList<>();
    sums.forEachPartial(3, start, end, (d, p) -> out.add(Map.entry(d, p)));
    return out;
  }

  @Test
  void sumsRowsPerDirectionWithTheirRiskLevels() {
    FleetSums sums = new FleetSums();
    sums.clear();
    sums.add(Direction.OUTBOUND.ordinal(), counts(Classification.DEPRECATED_ONLY, 0x3D, 2), RiskLevel.CRITICAL);
    sums.add(Direction.OUTBOUND.ordinal(), counts(Classification.CLEAN, 0x9C, 5), RiskLevel.CLEAN);
    sums.add(Direction.OUTBOUND.ordinal(), counts(Classification.CLEAN, 0x9C, 1), RiskLevel.CLEAN);

    List<Map.Entry<Direction, FleetPartial>> out = partials(sums, 100, 200);
    assertEquals(1, out.size(), "only a direction with rows has a partial");
    assertEquals(Direction.OUTBOUND, out.get(0).getKey());
    FleetPartial p = out.get(0).getValue();
    assertFalse(p.watermark());
    assertEquals(3, p.sourcePartition());
    assertEquals(100, p.windowStart());
    assertEquals(200, p.windowEnd());
    long[] risks = new long[RiskLevel.values().length];
    risks[RiskLevel.CRITICAL.ordinal()] = 1;
    risks[RiskLevel.CLEAN.ordinal()] = 2;
    assertArrayEquals(risks, p.trunksByRisk());
    UsageCounts total = new UsageCounts();
    total.decodeInto(p.counts());
    assertEquals(8, total.handshakes());
    assertEquals(2, total.wouldBreak());
  }

  @Test
  void clearStartsTheNextWindowFromZero() {
    FleetSums sums = new FleetSums();
    sums.add(Direction.INBOUND.ordinal(), counts(Classification.CLEAN, 0x9C, 4), RiskLevel.CLEAN);
    sums.clear();
    assertTrue(partials(sums, 0, 1).isEmpty());
    sums.add(Direction.INBOUND.ordinal(), counts(Classification.OFFERS_DEPRECATED, 0x9C, 1), RiskLevel.INFO);
    List<Map.Entry<Direction, FleetPartial>> out = partials(sums, 0, 1);
    assertEquals(1, out.size());
    assertEquals(1, out.get(0).getValue().trunksByRisk()[RiskLevel.INFO.ordinal()]);
    assertEquals(0, out.get(0).getValue().trunksByRisk()[RiskLevel.CLEAN.ordinal()]);
  }
}
