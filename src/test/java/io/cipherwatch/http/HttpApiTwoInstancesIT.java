package io.cipherwatch.http;

import static io.cipherwatch.http.AppFixture.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.metrics.MetricNames;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of one application sharing the 4 input partitions: any instance answers any trunk (routing by
 * {@code application.server}), fan-out answers are complete, and the store gauges are split by partition
 * ownership so that summing them over the instances gives the single truth. Then one instance closes and the other
 * takes over every partition and every series.
 */
class HttpApiTwoInstancesIT {
  static final String ODD_TRUNK = "acme/lab 1";

  static AppFixture fixture;
  static Scenario scenario;

  @BeforeAll
  static void start() {
    fixture = AppFixture.start();
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  /** The figures the instances must show together: trunk shares, open alerts, fleet shares. */
  record Truth(Map<String, Double> deprecated, Map<String, Double> wouldBreak, Map<String, Double> alertsOpen,
      Map<String, Double> fleetDeprecated) {}

  static Truth expected() {
    Map<String, Double> deprecated = new TreeMap<>();
    Map<String, Double> wouldBreak = new TreeMap<>();
    scenario.exportedTrunks(500).forEach((k, w) -> {
      deprecated.put(k, w.deprecatedShare());
      wouldBreak.put(k, w.wouldBreakShare());
    });
    Map<String, Double> alerts = new TreeMap<>();
    scenario.openAlerts().forEach((t, n) -> alerts.put(t, n.doubleValue()));
    Map<String, Double> fleet = new TreeMap<>();
    scenario.fleet().forEach((d, f) -> fleet.put(d, (double) f.deprecated() / f.established()));
    return new Truth(deprecated, wouldBreak, alerts, fleet);
  }

  /** The instances' figures combined; a trunk or fleet series exported by two instances is an error. */
  static Truth combined(List<CipherwatchApp> apps) {
    Map<String, Double> deprecated = new TreeMap<>();
    Map<String, Double> wouldBreak = new TreeMap<>();
    Map<String, Double> alerts = new TreeMap<>();
    Map<String, Double> fleet = new TreeMap<>();
    for (CipherwatchApp app : apps) {
      PromText m = AppFixture.metrics(app);
      for (PromText.Sample s : m.family(MetricNames.TRUNK_DEPRECATED_SHARE.prometheus())) {
        putOnce(deprecated, s.label("trunk_id") + "|" + s.label("direction"), s.value());
        assertEquals(scenario.organization(s.label("trunk_id")), s.label("organization"));
      }
      for (PromText.Sample s : m.family(MetricNames.TRUNK_WOULD_BREAK_SHARE.prometheus())) {
        putOnce(wouldBreak, s.label("trunk_id") + "|" + s.label("direction"), s.value());
      }
      for (PromText.Sample s : m.family(MetricNames.ALERTS_OPEN.prometheus())) {
        alerts.merge(s.label("type"), s.value(), Double::sum);
      }
      for (PromText.Sample s : m.family(MetricNames.FLEET_DEPRECATED_SHARE.prometheus())) {
        putOnce(fleet, s.label("direction"), s.value());
      }
    }
    return new Truth(deprecated, wouldBreak, alerts, fleet);
  }

  /** Answers seen while partitions move: complete ones, 503s, and anything else (violations). */
  static final List<String> violations = new ArrayList<>();
  static int complete;
  static int unavailable;

  /**
   * Asks the instance for alerts, one trunk, the fleet and its metrics while partitions may be moving: every API
   * answer must be complete and right (200) or a 503 with Retry-After and a JSON error; /metrics must always be 200.
   */
  static void probe(CipherwatchApp app) {
    int port = app.httpPort();
    if (AppFixture.get(app.managementPort(), "/metrics").status() != 200) {
      violations.add("/metrics failed on " + app.managementPort());
    }
    for (String path : List.of("/api/alerts", "/api/trunks/mix-3", "/api/fleet")) {
      AppFixture.Response r = get(port, path);
      if (r.status() == 503) {
        unavailable++;
        if (r.header("Retry-After") == null || r.json().path("error").asText().isEmpty()) {
          violations.add(path + " on " + port + ": 503 without Retry-After or JSON error: " + r.body());
        }
        continue;
      }
      if (r.status() != 200) {
        violations.add(path + " on " + port + ": " + r.status() + " " + shortened(r.body()));
        continue;
      }
      JsonNode body = r.json();
      boolean right = switch (path) {
        case "/api/alerts" -> body.path("count").asInt() == scenario.alertStates().size();
        case "/api/fleet" -> scenario.fleet().keySet().stream().noneMatch(d -> body.path("fleet").path(d).isNull());
        default -> body.path("openAlerts").size() == 1 && !body.path("usage").path("OUTBOUND").isNull();
      };
      if (right) {
        complete++;
      } else {
        violations.add(path + " on " + port + ": incomplete 200 answer: " + shortened(r.body()));
      }
    }
  }

  private static String shortened(String body) {
    return body.length() <= 300 ? body : body.substring(0, 300) + "…";
  }

  private static void putOnce(Map<String, Double> map, String key, double value) {
    if (map.put(key, value) != null) {
      throw new AssertionError(key + " is exported by more than one instance");
    }
  }

  @Test
  void instancesShareThePartitionsAndTogetherShowTheTruth() {
    long t0 = System.nanoTime();
    scenario = Scenario.standard(Instant.now()).clean(ODD_TRUNK, Direction.INBOUND, 1);
    for (int i = 0; i < 16; i++) {
      scenario.deprecatedOnly("mix-" + i, 1 + i % 3, 1 + i % 4);
      scenario.prefersDeprecated("pref-" + i, 1 + i % 5, 1);
    }
    Set<Integer> atRiskPartitions = new TreeSet<>();
    scenario.exportedTrunks(500).keySet().forEach(k -> atRiskPartitions.add(AppFixture.partitionOf(k.split("\\|")[0])));
    assertEquals(Set.of(0, 1, 2, 3), atRiskPartitions, "the scenario must put at-risk trunks on every partition");
    Truth truth = expected();

    // --- one instance owns everything
    CipherwatchApp a = fixture.startApp(Map.of());
    AppFixture.awaitReady(a, Duration.ofSeconds(90));
    fixture.sendMetadata(scenario);
    AppFixture.await(Duration.ofSeconds(60), "trunk metadata", () -> get(a.httpPort(), "/api/trunks/mix-15").status() == 200);
    fixture.sendEvents(scenario);
    fixture.tick(Instant.now());
    AppFixture.await(Duration.ofSeconds(90), "instance A shows every figure", () -> truth.equals(combined(List.of(a))));
    double aloneSeconds = (System.nanoTime() - t0) / 1e9;

    // --- a second instance joins: partitions are split, the series follow their partitions
    long t1 = System.nanoTime();
    CipherwatchApp b = fixture.startApp(Map.of());
    AppFixture.await(Duration.ofSeconds(120), "both instances RUNNING with the input partitions split", () -> {
      probe(a);
      probe(b);
      Set<Integer> pa = AppFixture.activeInputPartitions(a);
      Set<Integer> pb = AppFixture.activeInputPartitions(b);
      Set<Integer> both = new HashSet<>(pa);
      both.retainAll(pb);
      Set<Integer> all = new TreeSet<>(pa);
      all.addAll(pb);
      return AppFixture.running(a) && AppFixture.running(b) && !pa.isEmpty() && !pb.isEmpty() && both.isEmpty()
          && all.equals(Set.of(0, 1, 2, 3));
    });
    AppFixture.await(Duration.ofSeconds(60), "A and B together show every figure exactly once",
        () -> truth.equals(combined(List.of(a, b))));
    double splitSeconds = (System.nanoTime() - t1) / 1e9;
    Set<Integer> ownedByB = AppFixture.activeInputPartitions(b);
    for (CipherwatchApp app : List.of(a, b)) {
      assertFalse(AppFixture.metrics(app).family(MetricNames.TRUNK_DEPRECATED_SHARE.prometheus()).isEmpty(),
          "each instance exports the trunks of its own partitions");
    }

    // --- any instance answers any trunk; fan-out answers are complete on both
    int forwarded = 0;
    for (String trunk : scenario.trunks()) {
      String path = "/api/trunks/" + UrlCodec.encodeSegment(trunk);
      AppFixture.Response fromA = get(a.httpPort(), path);
      AppFixture.Response fromB = get(b.httpPort(), path);
      assertEquals(200, fromA.status(), trunk + ": " + fromA.body());
      assertEquals(200, fromB.status(), trunk + ": " + fromB.body());
      assertEquals(fromA.json(), fromB.json(), trunk);
      Scenario.TrunkWindow w = scenario.latestWindows().entrySet().stream()
          .filter(e -> e.getKey().startsWith(trunk + "|")).findFirst().orElseThrow().getValue();
      JsonNode usage = fromA.json().path("usage");
      JsonNode window = usage.path("INBOUND").isNull() ? usage.path("OUTBOUND") : usage.path("INBOUND");
      assertEquals(w.deprecatedShare(), window.path("deprecatedShare").asDouble(), 1e-9, trunk);
      forwarded += ownedByB.contains(AppFixture.partitionOf(trunk)) ? 1 : 0;
    }
    assertTrue(forwarded > 0 && forwarded < scenario.trunks().size(), "both instances own some trunks: " + forwarded);
    for (CipherwatchApp app : List.of(a, b)) {
      JsonNode alerts = get(app.httpPort(), "/api/alerts").json();
      assertEquals(scenario.alertStates().size(), alerts.path("count").asInt());
      assertEquals(scenario.alertStates(), alertStates(alerts));
      assertEquals(scenario.openAlerts().get("PREFERS_DEPRECATED"),
          get(app.httpPort(), "/api/alerts?severity=WARNING&state=OPEN").json().path("count").asInt());
      JsonNode fleet = get(app.httpPort(), "/api/fleet").json().path("fleet");
      scenario.fleet().forEach((dir, f) ->
          assertEquals(f.windowEnd().toString(), fleet.path(dir).path("windowEnd").asText(), dir));
    }
    assertEquals(404, get(a.httpPort(), "/api/trunks/nope").status());
    assertEquals(404, get(b.httpPort(), "/api/trunks/nope").status());

    // --- A closes: B takes every partition and every series, A's are gone
    long t2 = System.nanoTime();
    int portA = a.httpPort();
    int managementA = a.managementPort();
    fixture.stop(a);
    assertThrows(UncheckedIOException.class, () -> get(managementA, "/metrics"), "A no longer serves metrics");
    assertThrows(UncheckedIOException.class, () -> get(portA, "/api/fleet"), "A no longer serves the API");
    AppFixture.await(Duration.ofSeconds(120), "B owns every input partition", () -> {
      probe(b);
      return AppFixture.running(b) && AppFixture.activeInputPartitions(b).equals(Set.of(0, 1, 2, 3));
    });
    // one line, so that a CI summary showing the first line of a failure shows what was wrong
    assertTrue(violations.isEmpty(), violations.size() + " wrong answers while partitions moved: "
        + String.join(" | ", violations));
    AppFixture.await(Duration.ofSeconds(60), "B alone shows every figure", () -> truth.equals(combined(List.of(b))));
    for (String trunk : scenario.trunks()) {
      assertEquals(200, get(b.httpPort(), "/api/trunks/" + UrlCodec.encodeSegment(trunk)).status(), trunk);
    }
    System.out.printf("HttpApiTwoInstancesIT: %d trunks; one instance ready with results %.1f s after start,"
        + " split across two in %.1f s, taken over by one in %.1f s; while partitions moved: %d complete answers,"
        + " %d x 503%n", scenario.trunks().size(), aloneSeconds, splitSeconds, (System.nanoTime() - t2) / 1e9,
        complete, unavailable);
  }

  private static Map<String, String> alertStates(JsonNode alerts) {
    Map<String, String> out = new TreeMap<>();
    List<String> dup = new ArrayList<>();
    for (JsonNode a : alerts.path("alerts")) {
      String key = a.path("trunkId").asText() + "|" + a.path("direction").asText() + "|" + a.path("type").asText();
      if (out.put(key, a.path("state").asText()) != null) {
        dup.add(key);
      }
    }
    assertTrue(dup.isEmpty(), "alerts listed twice: " + dup);
    return out;
  }
}
