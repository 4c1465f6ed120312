package io.cipherwatch.alerting;

import static io.cipherwatch.alerting.AlertType.DEPRECATED_ONLY;
import static io.cipherwatch.alerting.AlertType.HANDSHAKE_FAILURES;
import static io.cipherwatch.alerting.AlertType.PREFERS_DEPRECATED;
import static io.cipherwatch.alerting.AlertType.REGRESSION;
import static io.cipherwatch.alerting.Harness.HOUR;
import static io.cipherwatch.alerting.Harness.MINUTE;
import static io.cipherwatch.alerting.Harness.T0;
import static io.cipherwatch.policy.Classification.CLEAN;
import static io.cipherwatch.policy.Classification.FAILED;
import static io.cipherwatch.policy.Classification.OFFERS_DEPRECATED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.policy.Classification;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AlertEngineTest {
  private static final Classification DEP = Classification.DEPRECATED_ONLY;
  private static final Classification PREF = Classification.PREFERS_DEPRECATED;

  /** "OPEN DEPRECATED_ONLY"-style summary of transitions, for order assertions. */
  static List<String> kinds(List<Transition> ts) {
    return ts.stream()
        .map(t -> (t.open() ? "OPEN " : "RESOLVED ") + t.type())
        .collect(Collectors.toList());
  }

  static Transition only(List<Transition> ts) {
    assertEquals(1, ts.size(), () -> "expected one transition, got " + ts);
    return ts.get(0);
  }

  @Nested
  class DeprecatedOnly {
    @Test
    void opensOnFirstDeprecatedOnlyHandshakeWithFullEvidence() {
      Harness h = Harness.defaults();
      Transition t = only(h.hs(T0, DEP, "ev-1"));
      assertEquals(DEPRECATED_ONLY, t.type());
      assertEquals(Severity.CRITICAL, t.severity());
      assertTrue(t.open());
      assertEquals(AlertEngine.alertId("trunk-1", "OUTBOUND", DEPRECATED_ONLY, "ev-1", T0),
          t.alertId());
      assertEquals(T0, t.openedAt());
      assertEquals(T0, t.eventTime());
      assertEquals("ev-1", t.openingEventId());
      assertEquals(Harness.DEPRECATED_SUITE, t.openingChosenSuite());
      assertArrayEquals(Harness.DEPRECATED_OFFER, t.openingOffer());
      assertEquals(1, t.handshakesSinceOpen());
      assertEquals(T0, t.lastEvidenceAt());
      assertEquals("ev-1", t.triggerEventId());
      assertTrue(h.state.isOpen(DEPRECATED_ONLY));
      assertEquals(1, h.state.openCount());
      assertEquals(t.alertId(), h.state.alertId(DEPRECATED_ONLY));
    }

    @Test
    void opensOncePerConditionNotPerHandshake() {
      Harness h = Harness.defaults();
      List<Transition> ts = h.repeat(500, T0, 7_000, DEP);
      assertEquals(List.of("OPEN DEPRECATED_ONLY"), kinds(ts));
      assertEquals(500, h.state.handshakesSinceOpen(DEPRECATED_ONLY));
      assertEquals(T0 + 499 * 7_000, h.state.lastEvidenceAt(DEPRECATED_ONLY));
    }

    @ParameterizedTest
    @EnumSource(value = Classification.class, names = {"FAILED", "PREFERS_DEPRECATED",
        "OFFERS_DEPRECATED", "CLEAN"})
    void otherClassesDoNotOpenIt(Classification cls) {
      Harness h = Harness.defaults();
      h.repeat(10, T0, MINUTE, cls);
      assertFalse(h.state.isOpen(DEPRECATED_ONLY));
    }

    @Test
    void resolvesExactlyResolveAfterAfterTheLastDeprecatedOnlyHandshake() {
      Harness h = Harness.defaults();
      Transition open = only(h.hs(T0, DEP));
      assertEquals(List.of(), h.hs(T0 + HOUR - 1, CLEAN));
      Transition resolved = only(h.hs(T0 + HOUR, CLEAN, "fix"));
      assertEquals(DEPRECATED_ONLY, resolved.type());
      assertFalse(resolved.open());
      assertEquals(open.alertId(), resolved.alertId());
      assertEquals(T0, resolved.openedAt());
      assertEquals(T0 + HOUR, resolved.eventTime());
      assertEquals(T0, resolved.lastEvidenceAt());
      assertEquals(3, resolved.handshakesSinceOpen());
      assertEquals(open.openingEventId(), resolved.openingEventId());
      assertArrayEquals(open.openingOffer(), resolved.openingOffer());
      assertEquals("fix", resolved.triggerEventId());
      assertFalse(h.state.isOpen(DEPRECATED_ONLY));
      assertEquals(0, h.state.openCount());
    }

    @Test
    void aKeepAliveHandshakeAfterResolveAfterDoesNotResolveButRestartsTheWait() {
      Harness h = Harness.defaults();
      h.hs(T0, DEP);
      assertEquals(List.of(), h.hs(T0 + 2 * HOUR, DEP));
      assertEquals(List.of(), h.hs(T0 + 3 * HOUR - 1, CLEAN));
      Transition resolved = only(h.hs(T0 + 3 * HOUR, OFFERS_DEPRECATED));
      assertFalse(resolved.open());
      assertEquals(T0 + 2 * HOUR, resolved.lastEvidenceAt());
    }

    @Test
    void nonKeepAliveHandshakesBeforeResolveAfterDoNotMoveTheEvidence() {
      Harness h = Harness.defaults();
      h.hs(T0, DEP);
      assertEquals(List.of(), h.repeat(59, T0 + MINUTE, MINUTE, CLEAN));
      Transition resolved = only(h.hs(T0 + HOUR, CLEAN));
      assertEquals(T0, resolved.lastEvidenceAt());
      assertEquals(61, resolved.handshakesSinceOpen());
    }

    @Test
    void silenceKeepsItOpenAndTheFirstHandshakeAfterwardsResolves() {
      Harness h = Harness.defaults();
      h.hs(T0, DEP);
      assertTrue(h.state.isOpen(DEPRECATED_ONLY));
      Transition resolved = only(h.hs(T0 + 30 * 24 * HOUR, CLEAN));
      assertFalse(resolved.open());
      assertEquals(T0 + 30 * 24 * HOUR, resolved.eventTime());
      assertEquals(2, resolved.handshakesSinceOpen());
    }

    @Test
    void anyHandshakeOfAnotherClassResolvesIncludingAFailedOne() {
      Harness h = Harness.defaults();
      h.hs(T0, DEP);
      List<Transition> ts = h.hs(T0 + HOUR, FAILED);
      assertEquals(List.of("RESOLVED DEPRECATED_ONLY"), kinds(ts));
    }

    @Test
    void reopeningAfterResolutionIsANewAlertWithANewId() {
      Harness h = Harness.defaults();
      Transition first = only(h.hs(T0, DEP));
      h.hs(T0 + HOUR, CLEAN);
      Transition second = only(h.hs(T0 + HOUR + 1, DEP));
      assertTrue(second.open());
      assertEquals(T0 + HOUR + 1, second.openedAt());
      assertEquals(1, second.handshakesSinceOpen());
      assertNotEquals(first.alertId(), second.alertId());
    }
  }

  @Nested
  class PrefersDeprecated {
    @Test
    void opensOnceWithWarningSeverity() {
      Harness h = new Harness(AlertSettings.defaults(), "t", "INBOUND");
      List<Transition> ts = h.repeat(100, T0, MINUTE, PREF);
      Transition open = only(ts);
      assertEquals(PREFERS_DEPRECATED, open.type());
      assertEquals(Severity.WARNING, open.severity());
      assertArrayEquals(Harness.MIXED_OFFER, open.openingOffer());
      assertEquals(100, h.state.handshakesSinceOpen(PREFERS_DEPRECATED));
    }

    @ParameterizedTest
    @EnumSource(value = Classification.class, names = {"FAILED", "DEPRECATED_ONLY",
        "OFFERS_DEPRECATED", "CLEAN"})
    void otherClassesDoNotOpenIt(Classification cls) {
      Harness h = Harness.defaults();
      h.repeat(10, T0, MINUTE, cls);
      assertFalse(h.state.isOpen(PREFERS_DEPRECATED));
    }

    @Test
    void resolvesExactlyAtTheBoundaryOnly() {
      Harness h = Harness.defaults();
      h.hs(T0, PREF);
      h.hs(T0 + 10 * MINUTE, PREF);
      assertEquals(List.of(), h.hs(T0 + 10 * MINUTE + HOUR - 1, OFFERS_DEPRECATED));
      Transition resolved = only(h.hs(T0 + 10 * MINUTE + HOUR, OFFERS_DEPRECATED));
      assertEquals(PREFERS_DEPRECATED, resolved.type());
      assertFalse(resolved.open());
      assertEquals(T0 + 10 * MINUTE, resolved.lastEvidenceAt());
      assertEquals(4, resolved.handshakesSinceOpen());
    }

    @Test
    void oneHandshakeResolvesPrefersAndOpensDeprecatedOnly() {
      Harness h = Harness.defaults();
      h.hs(T0, PREF);
      List<Transition> ts = h.hs(T0 + HOUR, DEP);
      assertEquals(List.of("RESOLVED PREFERS_DEPRECATED", "OPEN DEPRECATED_ONLY"), kinds(ts));
    }

    @Test
    void flappingBetweenClassesYieldsExactlyOneOpenPerCondition() {
      Harness h = Harness.defaults();
      Classification[] cycle = {PREF, DEP, CLEAN, OFFERS_DEPRECATED, PREF, CLEAN, DEP};
      List<Transition> ts = new ArrayList<>();
      long t = T0;
      for (int i = 0; i < 400; i++, t += MINUTE) {
        ts.addAll(h.hs(t, cycle[i % cycle.length]));
      }
      assertEquals(List.of("OPEN PREFERS_DEPRECATED", "OPEN DEPRECATED_ONLY"), kinds(ts));
      List<Transition> end = h.hs(t + HOUR, CLEAN);
      assertEquals(List.of("RESOLVED DEPRECATED_ONLY", "RESOLVED PREFERS_DEPRECATED"),
          kinds(end));
      assertEquals(400, end.get(0).handshakesSinceOpen());
      assertEquals(401, end.get(1).handshakesSinceOpen());
    }
  }

  @Nested
  class Regression {
    @Test
    void opensWhenACleanStretchOfTheCleanPeriodEndsInADeprecatedHandshake() {
      Harness h = Harness.defaults();
      h.hs(T0, CLEAN);
      h.hs(T0 + 30 * MINUTE, CLEAN);
      List<Transition> ts = h.hs(T0 + HOUR, DEP, "failover");
      assertEquals(List.of("OPEN DEPRECATED_ONLY", "OPEN REGRESSION"), kinds(ts));
      Transition reg = ts.get(1);
      assertEquals(Severity.CRITICAL, reg.severity());
      assertEquals(T0 + HOUR, reg.openedAt());
      assertEquals("failover", reg.openingEventId());
      assertEquals(Harness.DEPRECATED_SUITE, reg.openingChosenSuite());
      assertNotEquals(ts.get(0).alertId(), reg.alertId());
    }

    @Test
    void aStretchOneMillisecondShortOfTheCleanPeriodDoesNotOpen() {
      Harness h = Harness.defaults();
      h.hs(T0, CLEAN);
      assertEquals(List.of("OPEN DEPRECATED_ONLY"), kinds(h.hs(T0 + HOUR - 1, DEP)));
      assertFalse(h.state.isOpen(REGRESSION));
    }

    @Test
    void offersDeprecatedCountsAsCleanAndPrefersDeprecatedAsDeprecated() {
      Harness h = Harness.defaults();
      h.hs(T0, OFFERS_DEPRECATED);
      List<Transition> ts = h.hs(T0 + HOUR, PREF);
      assertEquals(List.of("OPEN PREFERS_DEPRECATED", "OPEN REGRESSION"), kinds(ts));
    }

    @Test
    void aKeyFirstSeenDeprecatedIsNotARegression() {
      Harness h = Harness.defaults();
      h.hs(T0, DEP);
      h.hs(T0 + 5 * HOUR, DEP);
      h.hs(T0 + 10 * HOUR, PREF);
      assertFalse(h.state.isOpen(REGRESSION));
      assertTrue(h.all.stream().noneMatch(t -> t.type() == REGRESSION));
    }

    @Test
    void aDeprecatedHandshakeEndsTheStretchAndTheNextCleanOneStartsANewOne() {
      Harness h = Harness.defaults();
      h.hs(T0, CLEAN);
      h.hs(T0 + 30 * MINUTE, DEP);
      h.hs(T0 + 40 * MINUTE, CLEAN);
      // 90 min after the first clean handshake but only 50 min into the new stretch.
      h.hs(T0 + 90 * MINUTE, DEP);
      assertFalse(h.state.isOpen(REGRESSION));
      h.hs(T0 + 3 * HOUR, CLEAN);
      h.hs(T0 + 3 * HOUR + 1, CLEAN);
      List<Transition> ts = h.hs(T0 + 4 * HOUR, DEP);
      assertEquals(List.of("OPEN DEPRECATED_ONLY", "OPEN REGRESSION"), kinds(ts));
    }

    @Test
    void failedHandshakesDoNotStartAStretch() {
      Harness h = Harness.defaults();
      h.hs(T0, FAILED);
      h.hs(T0 + 10 * MINUTE, CLEAN);
      h.hs(T0 + HOUR + 9 * MINUTE, DEP);
      assertFalse(h.state.isOpen(REGRESSION));
    }

    @Test
    void failedHandshakesDoNotInterruptAStretch() {
      Harness h = Harness.defaults();
      h.hs(T0, CLEAN);
      h.hs(T0 + 20 * MINUTE, FAILED);
      h.hs(T0 + 40 * MINUTE, FAILED);
      List<Transition> ts = h.hs(T0 + HOUR, DEP);
      assertEquals(List.of("OPEN DEPRECATED_ONLY", "OPEN REGRESSION"), kinds(ts));
    }

    @Test
    void keptAliveByAnyDeprecatedChoiceAndResolvedAfterResolveAfter() {
      Harness h = Harness.defaults();
      h.hs(T0, CLEAN);
      h.hs(T0 + HOUR, DEP);
      h.hs(T0 + 90 * MINUTE, PREF);
      assertEquals(List.of("RESOLVED DEPRECATED_ONLY"),
          kinds(h.hs(T0 + 150 * MINUTE - 1, CLEAN)));
      assertTrue(h.state.isOpen(REGRESSION));
      List<Transition> ts = h.hs(T0 + 150 * MINUTE, CLEAN);
      assertEquals(List.of("RESOLVED PREFERS_DEPRECATED", "RESOLVED REGRESSION"), kinds(ts));
      Transition reg = ts.get(1);
      assertEquals(T0 + 90 * MINUTE, reg.lastEvidenceAt());
      assertEquals(4, reg.handshakesSinceOpen());
    }

    @Test
    void doesNotReopenWhileOpenEvenAfterAnotherLongStretch() {
      AlertSettings s = new AlertSettings(3 * HOUR, HOUR, HOUR, 3, 0.05);
      Harness h = new Harness(s);
      h.hs(T0, CLEAN);
      h.hs(T0 + HOUR, DEP);
      h.hs(T0 + HOUR + 1, CLEAN);
      assertEquals(List.of(), h.hs(T0 + 2 * HOUR + 1, DEP));
      assertEquals(1, h.all.stream().filter(t -> t.type() == REGRESSION).count());
    }
  }

  @Nested
  class Ordering {
    @Test
    void resolutionsComeBeforeOpeningsRegardlessOfTypeOrder() {
      Harness h = Harness.defaults();
      h.hs(T0, FAILED);
      h.hs(T0 + 1_000, FAILED);
      assertEquals(List.of("OPEN HANDSHAKE_FAILURES"), kinds(h.hs(T0 + 2_000, FAILED)));
      h.hs(T0 + 10_000, CLEAN);
      List<Transition> ts = h.hs(T0 + HOUR + 10_000, PREF);
      assertEquals(List.of("RESOLVED HANDSHAKE_FAILURES", "OPEN PREFERS_DEPRECATED",
          "OPEN REGRESSION"), kinds(ts));
    }

    @Test
    void severalResolutionsFollowTypeOrder() {
      Harness h = Harness.defaults();
      h.hs(T0, CLEAN);
      h.hs(T0 + HOUR, PREF);
      h.hs(T0 + HOUR + 1, DEP);
      h.hs(T0 + HOUR + 2, FAILED);
      h.hs(T0 + HOUR + 3, FAILED);
      h.hs(T0 + HOUR + 4, FAILED);
      assertEquals(4, h.state.openCount());
      List<Transition> ts = h.hs(T0 + 3 * HOUR, CLEAN);
      assertEquals(List.of("RESOLVED DEPRECATED_ONLY", "RESOLVED PREFERS_DEPRECATED",
          "RESOLVED REGRESSION", "RESOLVED HANDSHAKE_FAILURES"), kinds(ts));
      assertEquals(0, h.state.openCount());
    }
  }

  @Nested
  class Identity {
    private List<Transition> scenario(String trunk, String direction) {
      Harness h = new Harness(AlertSettings.defaults(), trunk, direction);
      h.hs(T0, CLEAN, "a");
      h.hs(T0 + HOUR, PREF, "b");
      h.hs(T0 + HOUR + 5, FAILED, "c");
      h.hs(T0 + HOUR + 6, FAILED, "d");
      h.hs(T0 + HOUR + 7, FAILED, "e");
      h.hs(T0 + 2 * HOUR, DEP, "f");
      h.hs(T0 + 4 * HOUR, CLEAN, "g");
      h.hs(T0 + 4 * HOUR + 1, DEP, "h");
      return h.all;
    }

    @Test
    void replayingTheSameSequenceYieldsIdenticalTransitionsAndIds() {
      List<Transition> first = scenario("trunk-9", "INBOUND");
      assertEquals(9, first.size());
      assertEquals(first, scenario("trunk-9", "INBOUND"));
    }

    @Test
    void idsDifferBetweenOpeningsKeysAndTypes() {
      List<Transition> a = scenario("trunk-9", "INBOUND");
      long distinctIds = a.stream().map(Transition::alertId).distinct().count();
      long opens = a.stream().filter(Transition::open).count();
      assertEquals(opens, distinctIds);
      List<Transition> otherTrunk = scenario("trunk-8", "INBOUND");
      List<Transition> otherDirection = scenario("trunk-9", "OUTBOUND");
      for (int i = 0; i < a.size(); i++) {
        assertNotEquals(a.get(i).alertId(), otherTrunk.get(i).alertId());
        assertNotEquals(a.get(i).alertId(), otherDirection.get(i).alertId());
      }
    }

    @Test
    void idDependsOnEveryInput() {
      String base = AlertEngine.alertId("t", "INBOUND", REGRESSION, "e", 5);
      assertEquals(base, AlertEngine.alertId("t", "INBOUND", REGRESSION, "e", 5));
      assertNotEquals(base, AlertEngine.alertId("t", "INBOUND", REGRESSION, "e", 6));
      assertNotEquals(base, AlertEngine.alertId("t", "INBOUND", REGRESSION, "f", 5));
      assertNotEquals(base, AlertEngine.alertId("t", "INBOUND", DEPRECATED_ONLY, "e", 5));
      assertNotEquals(base, AlertEngine.alertId("t", "OUTBOUND", REGRESSION, "e", 5));
      assertNotEquals(base, AlertEngine.alertId("u", "INBOUND", REGRESSION, "e", 5));
      // Length prefixes keep field boundaries apart.
      assertNotEquals(AlertEngine.alertId("ab", "c", REGRESSION, "e", 5),
          AlertEngine.alertId("a", "bc", REGRESSION, "e", 5));
    }
  }

  @Nested
  class Counting {
    @Test
    void handshakesSinceOpenCountsEveryHandshakeOfTheKeyBothEndsIncluded() {
      Harness h = Harness.defaults();
      h.hs(T0, DEP);
      h.hs(T0 + 1, FAILED);
      h.hs(T0 + 2, CLEAN);
      h.hs(T0 + 3, PREF);
      h.hs(T0 + 4, DEP);
      assertEquals(5, h.state.handshakesSinceOpen(DEPRECATED_ONLY));
      assertEquals(4, h.state.handshakesSinceOpen(PREFERS_DEPRECATED) + 2);
      Transition resolved = h.hs(T0 + 4 + HOUR, CLEAN).get(0);
      assertEquals(DEPRECATED_ONLY, resolved.type());
      assertEquals(6, resolved.handshakesSinceOpen());
    }
  }

  @Nested
  class Contract {
    @Test
    void rejectsChosenDeprecatedContradictingTheClassificationWithoutTouchingState() {
      AlertEngine engine = new AlertEngine(AlertSettings.defaults());
      AlertState state = AlertState.empty();
      List<Transition> out = new ArrayList<>();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> engine.onHandshake("t", "INBOUND", state, T0, CLEAN, true, "x", 1, new int[0],
              out));
      assertTrue(e.getMessage().contains("CLEAN"), e.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> engine.onHandshake("t", "INBOUND", state, T0, DEP, false, "x", 1, new int[0],
              out));
      assertEquals(AlertState.empty(), state);
      assertEquals(List.of(), out);
    }

    @Test
    void transitionsAreAppendedAfterWhatOutAlreadyHolds() {
      Harness h = Harness.defaults();
      List<Transition> out = new ArrayList<>();
      h.engine.onHandshake("t", "OUTBOUND", h.state, T0, DEP, true, "x", 1, new int[] {1}, out);
      h.engine.onHandshake("t", "OUTBOUND", h.state, T0 + HOUR, PREF, true, "y", 1,
          new int[] {1}, out);
      assertEquals(List.of("OPEN DEPRECATED_ONLY", "RESOLVED DEPRECATED_ONLY",
          "OPEN PREFERS_DEPRECATED"), kinds(out));
    }

    @Test
    void theOfferIsCopiedSoTheCallerMayReuseItsArray() {
      Harness h = Harness.defaults();
      int[] offer = {0xC028, 0x003D};
      List<Transition> out = new ArrayList<>();
      h.engine.onHandshake("t", "OUTBOUND", h.state, T0, DEP, true, "x", 0xC028, offer, out);
      offer[0] = 0;
      h.engine.onHandshake("t", "OUTBOUND", h.state, T0 + HOUR, CLEAN, false, "y", 0xC030,
          offer, out);
      assertArrayEquals(new int[] {0xC028, 0x003D}, out.get(0).openingOffer());
      assertArrayEquals(new int[] {0xC028, 0x003D}, out.get(1).openingOffer());
    }

    @Test
    void stateAccessorsRefuseClosedTypes() {
      AlertState s = AlertState.empty();
      assertEquals(null, s.alertId(HANDSHAKE_FAILURES));
      assertThrows(IllegalStateException.class, () -> s.openedAt(HANDSHAKE_FAILURES));
    }
  }
}
