package io.cipherwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.alerting.AlertEngine;
import io.cipherwatch.alerting.AlertSettings;
import io.cipherwatch.alerting.AlertState;
import io.cipherwatch.alerting.Transition;
import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.catalog.CipherCatalog;
import io.cipherwatch.policy.Classification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Stops the app in the middle of a stream (after alerts opened), restarts it from the same state directory and
 * topics, and checks that no alert transition is emitted twice and none is lost (read_committed), against an
 * oracle that runs the alert state machine over each key's events in order.
 */
class AlertsRestartIT {
  static final long MIN = 60_000L;

  /** Inbound events whose class changes over time per trunk: clean, deprecated-only, prefers-deprecated. */
  static Workload.Shape shapeAt(int trunk, long minute) {
    int phase = (int) ((minute / 70 + trunk) % 3);
    return Workload.SHAPES.get(phase == 0 ? 0 : phase == 1 ? 3 : 2);
  }

  @Test
  void restartNeitherDuplicatesNorLosesTransitions() throws Exception {
    int partitions = 3;
    int trunks = 24;
    long start = Math.floorDiv(System.currentTimeMillis() - 10 * 60 * MIN, 60 * MIN) * 60 * MIN;
    List<HandshakeEvent> events = new ArrayList<>();
    List<Classification> classes = new ArrayList<>();
    for (long minute = 0; minute < 6 * 60; minute += 2) {
      for (int t = 0; t < trunks; t++) {
        Workload.Shape s = minute % 10 == 4 && t % 5 == 0 ? Workload.SHAPES.get(4) : shapeAt(t, minute);
        events.add(HandshakeEvent.newBuilder().setEventId("r-" + minute + "-" + t).setEdgeId("edge")
            .setTrunkId("trunk-" + t).setDirection(s.dir()).setTimestamp(Instant.ofEpochMilli(start + minute * MIN))
            .setProtocolVersion("TLSv1.2").setOfferedCipherSuites(s.offer()).setNegotiatedCipherSuite(s.chosen())
            .setOutcome(s.chosen() == null ? io.cipherwatch.avro.HandshakeOutcome.FAILED
                : io.cipherwatch.avro.HandshakeOutcome.ESTABLISHED)
            .build());
        classes.add(s.cls());
      }
    }
    Set<String> expected = oracle(events, classes);
    int half = events.size() / 2;
    Set<String> expectedFirstHalf = oracle(events.subList(0, half), classes.subList(0, half));
    assertTrue(expectedFirstHalf.size() > 10, "the first half opens alerts: " + expectedFirstHalf.size());

    try (StreamsCluster c = new StreamsCluster(partitions, Map.of())) {
      Path state = Files.createTempDirectory("cw-restart");
      try (CipherwatchApp app = c.startApp(state)) {
        for (HandshakeEvent e : events.subList(0, half)) {
          c.send(e);
        }
        c.flush();
        // stop mid-stream: as soon as some alerts are committed, not after all of them
        List<DeprecationAlert> seen = c.readUntil(c.topic("alerts"), DeprecationAlert.class, l -> l.size() >= 5,
            Duration.ofSeconds(60));
        assertTrue(seen.size() >= 5);
      }
      try (CipherwatchApp app = c.startApp(state)) {
        for (HandshakeEvent e : events.subList(half, events.size())) {
          c.send(e);
        }
        c.flush();
        List<DeprecationAlert> all = c.readUntil(c.topic("alerts"), DeprecationAlert.class,
            l -> l.size() >= expected.size(), Duration.ofSeconds(120));
        List<String> actual = new ArrayList<>();
        for (DeprecationAlert a : all) {
          actual.add(a.getAlertId() + "|" + a.getState() + "|" + a.getType() + "|" + a.getEventTime().toEpochMilli());
        }
        assertEquals(actual.size(), new HashSet<>(actual).size(), "a transition was emitted twice");
        assertEquals(expected, new HashSet<>(actual));
      }
    }
  }

  /** The transitions the alert state machine yields for each key's events in order. */
  static Set<String> oracle(List<HandshakeEvent> events, List<Classification> classes) {
    AlertEngine engine = new AlertEngine(AlertSettings.defaults());
    Map<String, AlertState> states = new HashMap<>();
    Set<String> out = new HashSet<>();
    List<Transition> ts = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      HandshakeEvent e = events.get(i);
      Classification cls = classes.get(i);
      AlertState s = states.computeIfAbsent(e.getTrunkId() + "|" + e.getDirection(), k -> AlertState.empty());
      int[] offer = e.getOfferedCipherSuites().stream().mapToInt(Integer::intValue)
          .filter(x -> !CipherCatalog.isGrease(x)).toArray();
      ts.clear();
      engine.onHandshake(e.getTrunkId(), e.getDirection().name(), s, e.getTimestamp().toEpochMilli(), cls,
          cls == Classification.DEPRECATED_ONLY || cls == Classification.PREFERS_DEPRECATED, e.getEventId(),
          e.getNegotiatedCipherSuite() == null ? -1 : e.getNegotiatedCipherSuite(), offer, ts);
      for (Transition t : ts) {
        String line = t.alertId() + "|" + (t.open() ? "OPEN" : "RESOLVED") + "|" + t.type() + "|" + t.eventTime();
        assertTrue(out.add(line), "oracle produced a duplicate: " + line);
      }
    }
    return out;
  }
}
