package io.cipherwatch.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cipherwatch.policy.Classification;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hot path allocates nothing while no transition is emitted. */
class AlertEngineAllocationTest {

  @Test
  void steadyStateHandshakesDoNotAllocate() {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "needs HotSpot allocation counters");
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) mx;
    assumeTrue(bean.isThreadAllocatedMemorySupported());
    bean.setThreadAllocatedMemoryEnabled(true);

    AlertEngine engine = new AlertEngine(AlertSettings.defaults());
    AlertState state = AlertState.empty();
    List<Transition> out = new ArrayList<>();
    int[] offer = {0xC028, 0xC030};
    Classification[] cycle = {Classification.PREFERS_DEPRECATED, Classification.DEPRECATED_ONLY,
        Classification.PREFERS_DEPRECATED, Classification.FAILED};
    long t = Harness.T0;
    // Warm up: opens PREFERS_DEPRECATED, DEPRECATED_ONLY and HANDSHAKE_FAILURES, fills buckets.
    for (int i = 0; i < 20_000; i++, t += 1_000) {
      apply(engine, state, t, cycle[i & 3], offer, out);
    }
    assertEquals(3, state.openCount());
    out.clear();
    long thread = Thread.currentThread().getId();
    long before = bean.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 200_000; i++, t += 1_000) {
      apply(engine, state, t, cycle[i & 3], offer, out);
    }
    long allocated = bean.getThreadAllocatedBytes(thread) - before;
    assertEquals(List.of(), out);
    assertTrue(allocated < 4_096, allocated + " bytes allocated by 200000 handshakes");
  }

  private static void apply(AlertEngine engine, AlertState state, long t, Classification cls,
      int[] offer, List<Transition> out) {
    engine.onHandshake("trunk", "INBOUND", state, t, cls, Harness.deprecated(cls), "event", 0xC028,
        offer, out);
  }
}
