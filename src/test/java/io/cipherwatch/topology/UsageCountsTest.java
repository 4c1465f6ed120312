package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.RiskLevel;
import io.cipherwatch.policy.Classification;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UsageCountsTest {
  private static final Classification[] CLASSES = Classification.values();

  /** The suites' counts as a map, recounted from the accessors. */
  private static Map<Integer, Long> suites(UsageCounts c) {
    Map<Integer, Long> m = new HashMap<>();
    for (int i = 0; i < c.cipherCount(); i++) {
      assertEquals(null, m.put(c.cipherCode(i), c.cipherHandshakes(i)), "each suite once");
    }
    return m;
  }

  @Test
  void countsAgreeWithAnIndependentTallyThroughGrowthMergesAndTheBinaryForm() {
    Random rnd = new Random(7);
    UsageCounts a = new UsageCounts();
    UsageCounts b = new UsageCounts();
    long[] byClass = new long[CLASSES.length];
    Map<Integer, Long> bySuite = new HashMap<>();
    for (int i = 0; i < 5_000; i++) {
      Classification cls = CLASSES[rnd.nextInt(CLASSES.length)];
      int chosen = cls == Classification.FAILED ? -1 : 0xC000 + rnd.nextInt(40);
      (i % 2 == 0 ? a : b).add(cls, chosen);
      byClass[cls.ordinal()]++;
      if (chosen >= 0) {
        bySuite.merge(chosen, 1L, Long::sum);
      }
    }
    UsageCounts sum = new UsageCounts();
    sum.addAll(a);
    sum.mergeEncoded(b.encode());
    for (Classification cls : CLASSES) {
      assertEquals(byClass[cls.ordinal()], sum.count(cls), cls.name());
    }
    assertEquals(5_000, sum.handshakes());
    assertEquals(5_000 - byClass[Classification.FAILED.ordinal()], sum.established());
    assertEquals(bySuite, suites(sum));

    UsageCounts back = new UsageCounts();
    back.add(Classification.CLEAN, 0x1301); // replaced by the decode
    back.decodeInto(sum.encode());
    assertTrue(UsageCounts.sameCounts(sum, back));
    assertEquals(bySuite, suites(back));
    assertTrue(sum.encode().length <= sum.maxEncodedSize());
  }

  @Test
  void sameCountsIgnoresSuiteOrderAndTreatsNullAsNoHandshakes() {
    UsageCounts x = new UsageCounts();
    x.add(Classification.CLEAN, 0xC02F);
    x.add(Classification.PREFERS_DEPRECATED, 0xC028);
    UsageCounts y = new UsageCounts();
    y.add(Classification.PREFERS_DEPRECATED, 0xC028);
    y.add(Classification.CLEAN, 0xC02F);
    assertTrue(UsageCounts.sameCounts(x, y));
    y.add(Classification.CLEAN, 0xC02F);
    assertFalse(UsageCounts.sameCounts(x, y));
    assertFalse(UsageCounts.sameCounts(x, null));
    UsageCounts empty = new UsageCounts();
    assertTrue(UsageCounts.sameCounts(empty, null));
    x.clear();
    assertEquals(0, x.handshakes());
    assertEquals(0, x.cipherCount());
    assertEquals(RiskLevel.CLEAN, x.riskLevel());
    assertEquals(RiskLevel.WARNING, y.riskLevel());
  }
}
