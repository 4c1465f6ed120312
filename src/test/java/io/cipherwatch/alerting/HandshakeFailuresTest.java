package io.cipherwatch.alerting;

import static io.cipherwatch.alerting.AlertEngineTest.kinds;
import static io.cipherwatch.alerting.AlertType.DEPRECATED_ONLY;
import static io.cipherwatch.alerting.AlertType.HANDSHAKE_FAILURES;
import static io.cipherwatch.alerting.Harness.HOUR;
import static io.cipherwatch.alerting.Harness.MINUTE;
import static io.cipherwatch.alerting.Harness.T0;
import static io.cipherwatch.policy.Classification.CLEAN;
import static io.cipherwatch.policy.Classification.FAILED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.policy.Classification;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HandshakeFailuresTest {
  private static final Classification DEP = Classification.DEPRECATED_ONLY;
  private static final List<String> OPEN = List.of("OPEN HANDSHAKE_FAILURES");

  @Nested
  class Thresholds {
    @Test
    void opensOnTheFailureThatReachesTheMinimumCount() {
      Harness h = Harness.defaults();
      assertEquals(List.of(), h.hs(T0, FAILED));
      assertEquals(List.of(), h.hs(T0 + MINUTE, FAILED));
      Transition open = h.hs(T0 + 2 * MINUTE, FAILED, "third").get(0);
      assertEquals(HANDSHAKE_FAILURES, open.type());
      assertTrue(open.open());
      assertEquals(Severity.CRITICAL, open.severity());
      assertEquals("third", open.openingEventId());
      assertEquals(-1, open.openingChosenSuite());
      assertEquals(T0 + 2 * MINUTE, open.openedAt());
      assertEquals(List.of(), h.repeat(50, T0 + 3 * MINUTE, 1_000, FAILED));
      assertEquals(51, h.state.handshakesSinceOpen(HANDSHAKE_FAILURES));
    }

    @Test
    void customMinimumCountBoundary() {
      Harness h = new Harness(new AlertSettings(HOUR, HOUR, HOUR, 5, 0.05));
      assertEquals(List.of(), h.repeat(4, T0, MINUTE, FAILED));
      assertEquals(OPEN, kinds(h.hs(T0 + 4 * MINUTE, FAILED)));
    }

    @Test
    void establishedHandshakesNeverOpenIt() {
      Harness h = Harness.defaults();
      h.repeat(100, T0, 1_000, CLEAN);
      h.repeat(100, T0 + 200_000, 1_000, DEP);
      assertFalse(h.state.isOpen(HANDSHAKE_FAILURES));
    }

    @Test
    void shareExactlyAtTheMinimumOpens() {
      Harness h = Harness.defaults();
      h.repeat(57, T0, 30_000, CLEAN);
      assertEquals(List.of(), h.repeat(2, T0 + 30 * MINUTE, 1_000, FAILED));
      // 3 failures among 60 handshakes: exactly 5%.
      assertEquals(OPEN, kinds(h.hs(T0 + 31 * MINUTE, FAILED)));
    }

    @Test
    void shareJustBelowTheMinimumDoesNotOpenUntilTheNextFailure() {
      Harness h = Harness.defaults();
      h.repeat(58, T0, 30_000, CLEAN);
      // 3 of 61 = 4.9%: count reached, share not.
      assertEquals(List.of(), h.repeat(3, T0 + 30 * MINUTE, 1_000, FAILED));
      // 4 of 62 = 6.5%.
      assertEquals(OPEN, kinds(h.hs(T0 + 31 * MINUTE, FAILED)));
    }

    @Test
    void shareThatIsNotABinaryFractionIsComparedExactly() {
      Harness exact = new Harness(new AlertSettings(HOUR, HOUR, HOUR, 3, 0.1));
      exact.repeat(27, T0, MINUTE, CLEAN);
      exact.repeat(2, T0 + 27 * MINUTE, 1_000, FAILED);
      assertEquals(OPEN, kinds(exact.hs(T0 + 28 * MINUTE, FAILED)));

      Harness below = new Harness(new AlertSettings(HOUR, HOUR, HOUR, 3, 0.1));
      below.repeat(28, T0, MINUTE, CLEAN);
      below.repeat(2, T0 + 28 * MINUTE, 1_000, FAILED);
      assertEquals(List.of(), below.hs(T0 + 29 * MINUTE, FAILED));
    }

    @Test
    void shareOfOneRequiresOnlyFailures() {
      Harness h = new Harness(new AlertSettings(HOUR, HOUR, HOUR, 1, 1.0));
      h.hs(T0, CLEAN);
      assertEquals(List.of(), h.hs(T0 + 1, FAILED));
      Harness only = new Harness(new AlertSettings(HOUR, HOUR, HOUR, 1, 1.0));
      assertEquals(OPEN, kinds(only.hs(T0, FAILED)));
    }
  }

  @Nested
  class Window {
    @Test
    void alignedTimestampsGiveTheExactWindowWhoseOldEndIsExclusive() {
      // Window of T0 + 60 min is (T0, T0 + 60 min]: the failure at T0 is out.
      Harness h = Harness.defaults();
      h.hs(T0, FAILED);
      h.hs(T0 + 30 * MINUTE, FAILED);
      assertEquals(List.of(), h.hs(T0 + HOUR, FAILED));
      // ... and the one at T0 + 30 min is in the window of T0 + 89 min.
      assertEquals(OPEN, kinds(h.hs(T0 + 89 * MINUTE, FAILED)));
    }

    @Test
    void alignedTimestampsOneBucketInsideTheWindowCount() {
      Harness h = Harness.defaults();
      h.hs(T0, FAILED);
      h.hs(T0 + 30 * MINUTE, FAILED);
      assertEquals(OPEN, kinds(h.hs(T0 + 59 * MINUTE, FAILED)));
    }

    @Test
    void handshakesOfTheOldestPartialBucketFallOffUpToOneBucketEarly() {
      // Exact window of T0 + 60 min + 10 s is (T0 + 10 s, T0 + 60 min + 10 s] and holds the
      // failure at T0 + 50 s, but that failure's bucket [T0, T0 + 1 min) is out of range.
      Harness h = Harness.defaults();
      h.hs(T0 + 50_000, FAILED);
      h.hs(T0 + 30 * MINUTE, FAILED);
      assertEquals(List.of(), h.hs(T0 + HOUR + 10_000, FAILED));
    }

    @Test
    void theWindowNeverReachesFurtherBackThanItsSize() {
      // The last instant of the 60th bucket still sees the first instant of the oldest one.
      Harness h = Harness.defaults();
      h.hs(T0, FAILED);
      h.hs(T0 + 30 * MINUTE, FAILED);
      assertEquals(OPEN, kinds(h.hs(T0 + HOUR - 1, FAILED)));
    }

    @Test
    void onlyNonEmptyBucketsAreKeptAndNeverMoreThanTheWindowHolds() {
      Harness h = Harness.defaults();
      h.hs(T0, CLEAN);
      h.hs(T0 + 10 * MINUTE, CLEAN);
      h.hs(T0 + 10 * MINUTE + 1, CLEAN);
      h.hs(T0 + 45 * MINUTE, CLEAN);
      assertEquals(3, h.state.bucketCount);
      h.repeat(180, T0 + HOUR, MINUTE, CLEAN);
      assertEquals(60, h.state.bucketCount);
      h.hs(T0 + 10 * HOUR, CLEAN);
      assertEquals(1, h.state.bucketCount);
    }

    @Test
    void aChangedBucketWidthDiscardsTheOldCounts() {
      AlertState state = AlertState.empty();
      Harness first = Harness.defaults();
      first.state = state;
      first.repeat(2, T0, 1_000, FAILED);

      Harness coarser = new Harness(new AlertSettings(HOUR, HOUR, HOUR, 3, 0.05, 30));
      coarser.state = state;
      assertEquals(List.of(), coarser.hs(T0 + 2_000, FAILED));
      assertEquals(1, state.bucketCount);
      assertEquals(2 * MINUTE, state.bucketMs);
    }
  }

  @Nested
  class Resolution {
    private Harness opened() {
      Harness h = Harness.defaults();
      h.repeat(3, T0, 1_000, FAILED);
      assertTrue(h.state.isOpen(HANDSHAKE_FAILURES));
      return h;
    }

    @Test
    void anyFailureKeepsItAliveEvenBelowTheThresholds() {
      Harness h = opened();
      h.repeat(100, T0 + MINUTE, 10_000, CLEAN);
      h.hs(T0 + 50 * MINUTE, FAILED);
      assertEquals(List.of(), h.hs(T0 + 110 * MINUTE - 1, CLEAN));
      Transition resolved = h.hs(T0 + 110 * MINUTE, CLEAN, "ok").get(0);
      assertEquals(HANDSHAKE_FAILURES, resolved.type());
      assertFalse(resolved.open());
      assertEquals(T0 + 50 * MINUTE, resolved.lastEvidenceAt());
      assertEquals(T0 + 2_000, resolved.openedAt());
      assertEquals(T0 + 110 * MINUTE, resolved.eventTime());
      assertEquals("ok", resolved.triggerEventId());
      assertEquals(1 + 100 + 1 + 1 + 1, resolved.handshakesSinceOpen());
    }

    @Test
    void aFailureAfterResolveAfterKeepsItOpen() {
      Harness h = opened();
      assertEquals(List.of(), h.hs(T0 + 3 * HOUR, FAILED));
      assertTrue(h.state.isOpen(HANDSHAKE_FAILURES));
      assertEquals(T0 + 3 * HOUR, h.state.lastEvidenceAt(HANDSHAKE_FAILURES));
    }

    @Test
    void aDeprecatedHandshakeResolvesItToo() {
      Harness h = opened();
      List<Transition> ts = h.hs(T0 + 2_000 + HOUR, DEP);
      assertEquals(List.of("RESOLVED HANDSHAKE_FAILURES", "OPEN DEPRECATED_ONLY"), kinds(ts));
    }

    @Test
    void aNewBurstAfterResolutionOpensANewAlert() {
      Harness h = opened();
      Transition first = h.all.get(0);
      h.hs(T0 + 2 * HOUR, CLEAN);
      assertFalse(h.state.isOpen(HANDSHAKE_FAILURES));
      assertEquals(List.of(), h.repeat(2, T0 + 3 * HOUR, 1_000, FAILED));
      List<Transition> again = h.hs(T0 + 3 * HOUR + 2_000, FAILED);
      assertEquals(OPEN, kinds(again));
      assertNotEquals(first.alertId(), again.get(0).alertId());
    }
  }

  @Nested
  class LateEvents {
    @Test
    void aLateFailureInsideTheKeptRangeCountsInItsOwnBucket() {
      Harness h = Harness.defaults();
      h.hs(T0 + 40 * MINUTE, FAILED);
      // Late: its own window ends at its own bucket, which holds only itself.
      assertEquals(List.of(), h.hs(T0 + 5 * MINUTE, FAILED));
      assertEquals(OPEN, kinds(h.hs(T0 + 42 * MINUTE, FAILED)));
    }

    @Test
    void aLateFailureEvaluatesOnlyBucketsUpToItsOwn() {
      Harness h = Harness.defaults();
      h.hs(T0 + 40 * MINUTE, FAILED);
      h.hs(T0 + 41 * MINUTE, FAILED);
      assertEquals(List.of(), h.hs(T0 + 5 * MINUTE, FAILED));
      assertEquals(3, h.state.bucketCount);
    }

    @Test
    void aFailureOlderThanTheKeptRangeIsNotCountedAndCannotOpen() {
      Harness h = Harness.defaults();
      h.hs(T0 + 2 * HOUR, CLEAN);
      assertEquals(List.of(), h.repeat(3, T0, 1_000, FAILED));
      assertEquals(1, h.state.bucketCount);
      assertEquals(List.of(), h.repeat(2, T0 + 2 * HOUR + 1, 1, FAILED));
      assertEquals(OPEN, kinds(h.hs(T0 + 2 * HOUR + 3, FAILED)));
    }

    @Test
    void theKeptRangeIsTheWindowsBucketsEndingAtTheNewest() {
      Harness h = Harness.defaults();
      h.hs(T0 + 59 * MINUTE, CLEAN);
      h.hs(T0, FAILED);
      assertEquals(2, h.state.bucketCount);

      Harness later = Harness.defaults();
      later.hs(T0 + HOUR, CLEAN);
      later.hs(T0 + 59_999, FAILED);
      assertEquals(1, later.state.bucketCount);
    }

    @Test
    void aShorterWindowOfTheSameBucketWidthIgnoresOlderKeptBuckets() {
      AlertState state = AlertState.empty();
      Harness wide = new Harness(new AlertSettings(HOUR, HOUR, 2 * HOUR, 3, 0.05, 120));
      wide.state = state;
      wide.hs(T0, FAILED);
      wide.hs(T0 + 30 * MINUTE, FAILED);
      wide.hs(T0 + 100 * MINUTE, CLEAN);
      Harness narrow = Harness.defaults();
      narrow.state = state;
      // Late, and its window (T0, T0 + 60 min] no longer reaches the failure at T0.
      assertEquals(List.of(), narrow.hs(T0 + HOUR, FAILED));
      assertEquals(4, state.bucketCount);
    }

    @Test
    void aLateKeepAliveNeverMovesTheEvidenceBack() {
      Harness h = Harness.defaults();
      h.repeat(3, T0, 1_000, FAILED);
      h.hs(T0 + HOUR, DEP);
      h.hs(T0 + 10 * MINUTE, DEP);
      h.hs(T0 + 10 * MINUTE, FAILED);
      h.hs(T0 + 20 * MINUTE, FAILED);
      assertEquals(T0 + HOUR, h.state.lastEvidenceAt(DEPRECATED_ONLY));
      assertEquals(T0 + 20 * MINUTE, h.state.lastEvidenceAt(HANDSHAKE_FAILURES));
      assertEquals(List.of("RESOLVED HANDSHAKE_FAILURES"),
          kinds(h.hs(T0 + 80 * MINUTE, CLEAN)));
      assertEquals(List.of(), h.hs(T0 + 2 * HOUR - 1, CLEAN));
      assertEquals(List.of("RESOLVED DEPRECATED_ONLY"), kinds(h.hs(T0 + 2 * HOUR, CLEAN)));
      assertTrue(h.all.stream().noneMatch(t -> t.open() && t.type() == DEPRECATED_ONLY
          && t.openedAt() != T0 + HOUR));
    }
  }
}
