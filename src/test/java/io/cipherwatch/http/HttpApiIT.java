package io.cipherwatch.http;

import static io.cipherwatch.http.AppFixture.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.metrics.MetricNames;
import io.cipherwatch.ops.DeployFilesTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One instance on the embedded broker: readiness, the /api answers and /metrics (every family, the values, the
 * trunk-series cap) against a scenario of 1,200 at-risk trunks plus a mix of every alert kind.
 */
class HttpApiIT {
  static final int BULK = 1200;
  static final int CAP = 500;
  static final String ODD_TRUNK = "acme/lab 1|x";

  static AppFixture fixture;
  static CipherwatchApp app;
  static Scenario scenario;
  static int port;
  static int management;

  @BeforeAll
  static void start() {
    long t0 = System.nanoTime();
    fixture = AppFixture.start();
    app = fixture.startApp(Map.of("cipherwatch.metrics.max-trunk-series", Integer.toString(CAP)));
    port = app.httpPort();
    management = app.managementPort();
    AppFixture.awaitReady(app, Duration.ofSeconds(90));
    scenario = Scenario.standard(Instant.now()).clean(ODD_TRUNK, Direction.INBOUND, 1);
    for (int i = 0; i < BULK; i++) {
      scenario.deprecatedOnly(String.format("bulk-%04d", i), 1 + i % 5, 1 + i % 7);
    }
    fixture.sendMetadata(scenario);
    String last = String.format("bulk-%04d", BULK - 1);
    AppFixture.await(Duration.ofSeconds(60), "metadata of " + last + " in the global store",
        () -> get(port, "/api/trunks/" + last).status() == 200);
    fixture.sendEvents(scenario);
    fixture.sendGarbage("t-clean");
    fixture.sendGarbage("t-dep-only");
    fixture.tick(Instant.now());
    Map<String, Scenario.FleetWindow> fleet = scenario.fleet();
    AppFixture.await(Duration.ofSeconds(90), "the latest fleet windows", () -> {
      JsonNode f = get(port, "/api/fleet").json().path("fleet");
      return fleet.entrySet().stream().allMatch(e ->
          e.getValue().windowEnd().toString().equals(f.path(e.getKey()).path("windowEnd").asText()));
    });
    System.out.printf("HttpApiIT: %d trunks processed and queryable %.1f s after the broker start%n",
        scenario.trunks().size(), (System.nanoTime() - t0) / 1e9);
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  /**
   * Without application.server an instance answers alone: a trunk from whichever of its partitions holds it, lists
   * from all of them, and 503 while it does not hold every partition. A second application (its own id and
   * outputs) over the same input answers as the first.
   */
  @Test
  void anInstanceWithoutApplicationServerAnswersAloneOnceItHoldsEveryPartition() {
    String id = fixture.applicationId + "-alone";
    CipherwatchApp alone = fixture.startApp(Map.of("application.server", "", "application.id", id,
        "cipherwatch.topics.usage", id + "-usage", "cipherwatch.topics.fleet", id + "-fleet",
        "cipherwatch.topics.alerts", id + "-alerts", "cipherwatch.topics.dlq", id + "-dlq",
        "cipherwatch.topics.readiness", id + "-readiness"));
    List<String> paths = List.of("/api/trunks/t-dep-only", "/api/alerts", "/api/fleet");
    AppFixture.await(Duration.ofSeconds(90), "the same answers from the instance alone", () -> {
      for (String path : paths) {
        AppFixture.Response r = get(alone.httpPort(), path);
        if (r.status() == 503) {
          assertTrue(r.header("Retry-After") != null, r.body());
          return false;
        }
        assertEquals(200, r.status(), path + ": " + r.body());
        if (!r.json().equals(get(port, path).json())) {
          return false;
        }
      }
      return true;
    });
  }

  @Test
  void readyAndHealthy() {
    AppFixture.Response ready = get(management, "/ready");
    assertEquals(200, ready.status());
    assertEquals("RUNNING", ready.json().path("streamsState").asText());
    assertEquals("UP", get(management, "/health").json().path("status").asText());
    AppFixture.Response missing = get(port, "/api/nothing-%3Cscript%3E");
    assertEquals(404, missing.status());
    assertEquals(404, missing.json().path("status").asInt());
    assertTrue(!missing.body().contains("nothing") && !missing.body().contains("script"), "no echo: " + missing.body());
    assertEquals(404, get(port, "/health").status(), "probes are on the management port only");
    assertEquals(404, get(management, "/api/fleet").status(), "the API is on its own port only");
  }

  @Test
  void fleetIsTheLatestClosedWindowPerDirection() {
    JsonNode fleet = get(port, "/api/fleet").json().path("fleet");
    for (Map.Entry<String, Scenario.FleetWindow> e : scenario.fleet().entrySet()) {
      JsonNode f = fleet.path(e.getKey());
      Scenario.FleetWindow want = e.getValue();
      assertEquals(want.established(), f.path("establishedHandshakes").asLong(), e.getKey());
      assertEquals(want.deprecated(), f.path("deprecatedHandshakes").asLong(), e.getKey());
      assertEquals(want.wouldBreak(), f.path("wouldBreakHandshakes").asLong(), e.getKey());
      assertEquals(want.trunksByRisk().get("CRITICAL"), f.path("criticalTrunks").asLong(), e.getKey());
      assertEquals(want.trunksByRisk().get("WARNING"), f.path("warningTrunks").asLong(), e.getKey());
      assertEquals(want.trunksByRisk().get("CLEAN"), f.path("cleanTrunks").asLong(), e.getKey());
      Map<String, Long> ciphers = new TreeMap<>();
      f.path("cipherCounts").fields().forEachRemaining(c -> ciphers.put(c.getKey(), c.getValue().asLong()));
      assertEquals(want.ciphers(), ciphers, e.getKey());
    }
  }

  @Test
  void trunkAnswersLatestWindowsAlertsAndMetadata() {
    JsonNode dep = get(port, "/api/trunks/t-dep-only").json();
    assertEquals("t-dep-only", dep.path("trunkId").asText());
    assertEquals(0.5, dep.path("usage").path("OUTBOUND").path("deprecatedShare").asDouble());
    assertEquals(0.5, dep.path("usage").path("OUTBOUND").path("wouldBreakShare").asDouble());
    assertTrue(dep.path("usage").path("INBOUND").isNull());
    assertEquals(scenario.organization("t-dep-only"), dep.path("metadata").path("organizationName").asText());
    assertEquals(1, dep.path("openAlerts").size());
    assertEquals("DEPRECATED_ONLY", dep.path("openAlerts").get(0).path("type").asText());
    assertEquals("TLS_RSA_WITH_AES_256_CBC_SHA256", dep.path("openAlerts").get(0).path("negotiatedCipherSuite").asText());

    JsonNode resolved = get(port, "/api/trunks/t-resolved").json();
    assertEquals(0, resolved.path("openAlerts").size());
    assertEquals("RESOLVED", resolved.path("alerts").get(0).path("state").asText());
    assertEquals(scenario.base.plusSeconds(120).toString(),
        resolved.path("usage").path("INBOUND").path("windowEnd").asText(), "latest window is the second one");
    assertEquals(0.0, resolved.path("usage").path("INBOUND").path("deprecatedShare").asDouble());

    JsonNode unknown = get(port, "/api/trunks/t-unknown").json();
    assertTrue(unknown.path("metadata").isNull());
    assertEquals(2, unknown.path("usage").path("OUTBOUND").path("establishedHandshakes").asLong());

    AppFixture.Response odd = get(port, "/api/trunks/" + UrlCodec.encodeSegment(ODD_TRUNK));
    assertEquals(200, odd.status(), odd.body());
    assertEquals(ODD_TRUNK, odd.json().path("usage").path("INBOUND").path("trunkId").asText());

    AppFixture.Response none = get(port, "/api/trunks/no-such-trunk");
    assertEquals(404, none.status());
    assertTrue(none.json().path("error").asText().startsWith("Unknown trunk"), none.body());
    assertTrue(!none.body().contains("no-such-trunk"), "error bodies never echo input: " + none.body());
  }

  @Test
  void readinessForTheFleetAndOneOrganization() {
    AppFixture.Response all = get(port, "/api/readiness");
    assertEquals(200, all.status(), all.body());
    JsonNode r = all.json();
    assertEquals("0x003D", r.path("remove").get(0).asText());
    assertTrue(r.path("fleet").path("handshakes").asLong() > BULK, all.body().substring(0, 300));
    JsonNode depOnly = null;
    for (JsonNode t : r.path("trunks")) {
      if (t.path("trunkId").asText().equals("t-dep-only") && t.path("direction").asText().equals("OUTBOUND")) {
        depOnly = t;
      }
    }
    assertTrue(depOnly != null, "t-dep-only OUTBOUND is a row");
    // an outbound remote that chose a removed suite, without a probe: unverified
    assertEquals("UNVERIFIED", depOnly.path("verdict").asText());
    String org = get(port, "/api/trunks/t-dep-only").json().path("metadata").path("organizationId").asText();
    AppFixture.Response one = get(port, "/api/readiness/organizations/" + UrlCodec.encodeSegment(org));
    assertEquals(200, one.status(), one.body());
    assertEquals(org, one.json().path("organizations").get(0).path("organizationId").asText());
    assertEquals(404, get(port, "/api/readiness/organizations/no-such-org").status());
    assertEquals(400, get(port, "/api/readiness?remove=NO-SUCH-SUITE").status());
  }

  @Test
  void alertsFilterByStateSeverityAndType() {
    Map<String, String> states = scenario.alertStates();
    JsonNode all = get(port, "/api/alerts").json();
    assertEquals(states.size(), all.path("count").asInt());
    assertEquals(states.size(), all.path("alerts").size());
    assertEquals("CRITICAL", all.path("alerts").get(0).path("severity").asText());
    assertEquals("WARNING", all.path("alerts").get(states.size() - 1).path("severity").asText(), "CRITICAL first");

    long open = states.values().stream().filter("OPEN"::equals).count();
    assertEquals(open, get(port, "/api/alerts?state=OPEN").json().path("count").asLong());
    JsonNode resolved = get(port, "/api/alerts?state=resolved").json();
    assertEquals(1, resolved.path("count").asInt());
    assertEquals("t-resolved", resolved.path("alerts").get(0).path("trunkId").asText());
    JsonNode warning = get(port, "/api/alerts?severity=WARNING").json();
    assertEquals(List.of("t-prefers"), trunkIds(warning));
    assertEquals(List.of("t-failing"), trunkIds(get(port, "/api/alerts?type=HANDSHAKE_FAILURES").json()));
    assertEquals(BULK + 1, get(port, "/api/alerts?state=OPEN&type=DEPRECATED_ONLY&severity=CRITICAL").json()
        .path("count").asInt());

    AppFixture.Response bad = get(port, "/api/alerts?state=CLOSED");
    assertEquals(400, bad.status());
    assertEquals("Query parameter 'state' must be one of OPEN, RESOLVED", bad.json().path("error").asText());
    assertEquals(400, get(port, "/api/alerts?trunk=x").status());
  }

  private static List<String> trunkIds(JsonNode alerts) {
    List<String> out = new ArrayList<>();
    alerts.path("alerts").forEach(a -> out.add(a.path("trunkId").asText()));
    return out;
  }

  @Test
  void metricsHaveEveryFamilyAndTheStoreFigures() {
    PromText m = AppFixture.metrics(app);
    // every cipherwatch family the deploy files may use, plus Kafka's, the JVM's and the process's
    Set<String> families = new TreeSet<>(DeployFilesTest.APP_METRICS);
    families.addAll(Set.of("kafka_stream_thread_process_rate", "kafka_consumer_fetch_manager_records_lag_max",
        "jvm_memory_used_bytes", "jvm_memory_max_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
        "process_cpu_usage", "system_cpu_usage", "process_uptime_seconds"));
    Set<String> missing = new TreeSet<>(families);
    missing.removeAll(m.names());
    // absent by design until the readiness forecast has a date (too few days of history here)
    missing.remove(MetricNames.READINESS_PROJECTED_READY.prometheus());
    assertTrue(missing.isEmpty(), "missing families: " + missing);

    assertEquals(1.0, m.value(MetricNames.READY.prometheus()));
    assertEquals(1.0, m.value(MetricNames.STREAMS_STATE.prometheus(), "state", "RUNNING"));
    assertEquals(0.0, m.value(MetricNames.STREAMS_STATE.prometheus(), "state", "REBALANCING"));

    scenario.openAlerts().forEach((type, n) ->
        assertEquals(n.doubleValue(), m.value(MetricNames.ALERTS_OPEN.prometheus(), "type", type), type));
    assertEquals(4, m.family(MetricNames.ALERTS_OPEN.prometheus()).size());

    Map<String, Scenario.TrunkWindow> exported = scenario.exportedTrunks(CAP);
    assertEquals(CAP, exported.size(), "the scenario has more at-risk trunks than the cap");
    Map<String, Double> deprecated = trunkSeries(m, MetricNames.TRUNK_DEPRECATED_SHARE.prometheus());
    Map<String, Double> wouldBreak = trunkSeries(m, MetricNames.TRUNK_WOULD_BREAK_SHARE.prometheus());
    assertEquals(exported.keySet(), deprecated.keySet(), "the worst " + CAP + " trunks, no others");
    assertEquals(exported.keySet(), wouldBreak.keySet());
    exported.forEach((k, w) -> {
      assertEquals(w.deprecatedShare(), deprecated.get(k), 1e-9, k);
      assertEquals(w.wouldBreakShare(), wouldBreak.get(k), 1e-9, k);
    });

    for (Map.Entry<String, Scenario.FleetWindow> e : scenario.fleet().entrySet()) {
      Scenario.FleetWindow f = e.getValue();
      String dir = e.getKey();
      assertEquals((double) f.deprecated() / f.established(),
          m.value(MetricNames.FLEET_DEPRECATED_SHARE.prometheus(), "direction", dir), 1e-9, dir);
      assertEquals((double) f.wouldBreak() / f.established(),
          m.value(MetricNames.FLEET_WOULD_BREAK_SHARE.prometheus(), "direction", dir), 1e-9, dir);
      f.ciphers().forEach((cipher, n) -> assertEquals((double) n / f.established(),
          m.value(MetricNames.FLEET_CIPHER_SHARE.prometheus(), "direction", dir, "cipher", cipher), 1e-9, cipher));
      f.trunksByRisk().forEach((risk, n) -> assertEquals(n.doubleValue(),
          m.value(MetricNames.FLEET_TRUNKS.prometheus(), "direction", dir, "risk_level", risk), risk));
    }
    double deadLetters = m.family(MetricNames.DEAD_LETTERS.prometheus()).stream().mapToDouble(PromText.Sample::value).sum();
    assertEquals(2.0, deadLetters);
    double handshakes = m.family(MetricNames.HANDSHAKES.prometheus()).stream().mapToDouble(PromText.Sample::value).sum();
    assertEquals(scenario.events().size(), handshakes);
    assertEquals(2.0, m.value(MetricNames.UNKNOWN_TRUNK_EVENTS.prometheus()), "t-unknown sent two handshakes");
  }

  /** "trunk|DIRECTION" → value, checking the organization and carrier labels on the way. */
  static Map<String, Double> trunkSeries(PromText m, String family) {
    Map<String, Double> out = new TreeMap<>();
    for (PromText.Sample s : m.family(family)) {
      String trunk = s.label("trunk_id");
      assertEquals(scenario.organization(trunk), s.label("organization"), trunk);
      assertEquals(scenario.carrier(trunk), s.label("carrier"), trunk);
      assertNull(out.put(trunk + "|" + s.label("direction"), s.value()), "duplicate series for " + trunk);
    }
    return out;
  }

  @Test
  void scrapeTime() {
    int n = 20;
    for (int i = 0; i < 5; i++) {
      get(management, "/metrics");
    }
    long worst = 0;
    long total = 0;
    int series = 0;
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      AppFixture.Response r = get(management, "/metrics");
      long took = System.nanoTime() - t;
      assertEquals(200, r.status());
      series = (int) r.body().lines().filter(l -> !l.startsWith("#")).count();
      worst = Math.max(worst, took);
      total += took;
    }
    long reg = 0;
    long full = 0;
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      app.registry().scrape();
      reg += System.nanoTime() - t;
      t = System.nanoTime();
      app.scrape();
      full += System.nanoTime() - t;
    }
    System.out.printf("HttpApiIT: in-process: registry scrape alone %.1f ms, store-gauge refresh + scrape %.1f ms%n",
        reg / 1e6 / n, full / 1e6 / n);
    System.out.printf("HttpApiIT: /metrics over %d trunk windows in usage-latest (%d series): mean %.1f ms,"
        + " max %.1f ms over %d scrapes%n", scenario.latestWindows().size(), series, total / 1e6 / n, worst / 1e6, n);
    assertTrue(total / n < 2_000_000_000L, "a scrape must stay well under Prometheus' scrape timeout");
  }
}
