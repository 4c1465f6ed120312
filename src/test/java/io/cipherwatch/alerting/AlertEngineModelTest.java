package io.cipherwatch.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.alerting.RandomHandshakes.Hs;
import io.cipherwatch.policy.Classification;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Compares the engine with a naive model of the spec that keeps every handshake and counts the
 * exact failures window (t − size, t]. On bucket-aligned, non-decreasing timestamps the bucketed
 * window is exact, so both must emit identical transitions.
 */
class AlertEngineModelTest {

  /** The spec, implemented as plainly as possible. */
  private static final class Model {
    private final AlertSettings s;
    private final String trunk;
    private final String direction;
    private final List<long[]> seen = new ArrayList<>();
    private final Map<AlertType, Transition> open = new EnumMap<>(AlertType.class);
    private final Map<AlertType, Long> count = new EnumMap<>(AlertType.class);
    private final Map<AlertType, Long> lastEvidence = new EnumMap<>(AlertType.class);
    private Long cleanSince;

    Model(AlertSettings s, String trunk, String direction) {
      this.s = s;
      this.trunk = trunk;
      this.direction = direction;
    }

    List<Transition> apply(Hs h) {
      List<Transition> out = new ArrayList<>();
      for (AlertType type : AlertType.values()) {
        Transition o = open.get(type);
        if (o == null) {
          continue;
        }
        count.merge(type, 1L, Long::sum);
        if (keepsAlive(type, h)) {
          lastEvidence.merge(type, h.t(), Math::max);
        } else if (h.t() - lastEvidence.get(type) >= s.resolveAfterMs()) {
          out.add(new Transition(type, false, o.alertId(), o.openedAt(), h.t(),
              o.openingEventId(), o.openingChosenSuite(), o.openingOffer(), count.get(type),
              lastEvidence.get(type), h.eventId()));
          open.remove(type);
        }
      }
      seen.add(new long[] {h.t(), h.cls() == Classification.FAILED ? 1 : 0});
      for (AlertType type : AlertType.values()) {
        if (!open.containsKey(type) && opens(type, h)) {
          Transition o = new Transition(type, true,
              AlertEngine.alertId(trunk, direction, type, h.eventId(), h.t()), h.t(), h.t(),
              h.eventId(), h.chosen(), h.offer(), 1, h.t(), h.eventId());
          open.put(type, o);
          count.put(type, 1L);
          lastEvidence.put(type, h.t());
          out.add(o);
        }
      }
      if (h.deprecated()) {
        cleanSince = null;
      } else if (h.cls() != Classification.FAILED && cleanSince == null) {
        cleanSince = h.t();
      }
      return out;
    }

    private static boolean keepsAlive(AlertType type, Hs h) {
      return switch (type) {
        case DEPRECATED_ONLY -> h.cls() == Classification.DEPRECATED_ONLY;
        case PREFERS_DEPRECATED -> h.cls() == Classification.PREFERS_DEPRECATED;
        case REGRESSION -> h.deprecated();
        case HANDSHAKE_FAILURES -> h.cls() == Classification.FAILED;
      };
    }

    private boolean opens(AlertType type, Hs h) {
      return switch (type) {
        case DEPRECATED_ONLY -> h.cls() == Classification.DEPRECATED_ONLY;
        case PREFERS_DEPRECATED -> h.cls() == Classification.PREFERS_DEPRECATED;
        case REGRESSION -> h.deprecated() && cleanSince != null
            && h.t() - cleanSince >= s.regressionCleanPeriodMs();
        case HANDSHAKE_FAILURES -> h.cls() == Classification.FAILED && failuresMet(h.t());
      };
    }

    private boolean failuresMet(long t) {
      long total = 0;
      long failures = 0;
      for (long[] e : seen) {
        if (e[0] > t - s.failuresWindowMs() && e[0] <= t) {
          total++;
          failures += e[1];
        }
      }
      return failures >= s.failuresMinCount()
          && (double) failures / total >= s.failuresMinShare();
    }
  }

  @Test
  void matchesTheExactModelOnBucketAlignedInOrderSequences() {
    Random r = new Random(20250325L);
    Map<String, Integer> seen = new java.util.TreeMap<>();
    for (int run = 0; run < 1500; run++) {
      AlertSettings s = RandomHandshakes.settings(r);
      List<Hs> hs = RandomHandshakes.sequence(r, 1 + r.nextInt(250), Harness.T0,
          s.failuresBucketMs(), 0);
      AlertEngine engine = new AlertEngine(s);
      AlertState state = AlertState.empty();
      Model model = new Model(s, "trunk", "INBOUND");
      for (int i = 0; i < hs.size(); i++) {
        List<Transition> actual = new ArrayList<>();
        hs.get(i).applyTo(engine, "trunk", "INBOUND", state, actual);
        List<Transition> expected = model.apply(hs.get(i));
        int step = i;
        int seq = run;
        assertEquals(expected, actual, () -> "run " + seq + " step " + step + " " + s);
        for (Transition t : actual) {
          seen.merge((t.open() ? "OPEN " : "RESOLVED ") + t.type(), 1, Integer::sum);
        }
      }
    }
    assertEquals(8, seen.size(), seen::toString);
    seen.values().forEach(n -> assertTrue(n >= 100, seen::toString));
  }
}
