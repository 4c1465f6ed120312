package io.cipherwatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.http.AppFixture;
import io.cipherwatch.http.Scenario;
import io.cipherwatch.metrics.MetricNames;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * End to end with a real Prometheus: cipherwatch on the embedded broker processes handshakes (deprecated ones, so
 * shares and alerts are non-zero, plus undecodable records for dead letters) while Prometheus scrapes its
 * {@code /metrics} every second with the project's rules loaded. Then every expression of the Grafana dashboards
 * and the rule files is evaluated through Prometheus' HTTP API: each must be valid and return series, except the
 * allow-listed alert conditions that must stay quiet on a healthy instance.
 */
class PrometheusEndToEndIT {
  private static final String RULES = "deploy/prometheus/rules/cipherwatch.yml";

  /**
   * Expressions that return nothing in this scenario, by file and location, with the reason. Most are alert
   * conditions about an unhealthy processor; this scenario is healthy, so they must be EMPTY (a series would mean
   * the instance looks down, not ready, failed or lagging). The projected ready date needs several days of
   * history; the scenario has one day, so the forecast has no date ("too few days") and the gauge is absent.
   */
  static final Map<String, String> QUIET = Map.of(
      RULES + " [cipherwatch.alerts/alert CipherwatchTargetDown]", "the only target is up",
      RULES + " [cipherwatch.alerts/alert CipherwatchTargetMissing]", "absent() of a present target is empty",
      RULES + " [cipherwatch.alerts/alert CipherwatchNotReady]", "the instance is RUNNING (cipherwatch_ready 1)",
      RULES + " [cipherwatch.alerts/alert CipherwatchStreamsFailed]", "Kafka Streams is RUNNING, not (PENDING_)ERROR",
      RULES + " [cipherwatch.alerts/alert CipherwatchConsumerLagGrowing]",
      "the backlog is far below 1000 records and not growing",
      "grafana/dashboards/removal-readiness.json [panel 3 'Projected ready date' target A]",
      "one day of readiness history: the forecast has too few days for a date");

  @Test
  void everyDashboardAndRuleExpressionEvaluatesToData() throws Exception {
    Binaries.require("prometheus", Binaries.prometheus());
    List<Path> ruleFiles = OpsFiles.files(OpsFiles.path("deploy/prometheus/rules"), ".yml");
    long t0 = System.nanoTime();
    try (AppFixture fixture = AppFixture.start()) {
      CipherwatchApp app = fixture.startApp(Map.of());
      AppFixture.awaitReady(app, Duration.ofSeconds(90));
      try (PrometheusServer prometheus = PrometheusServer.start("cipherwatch", "127.0.0.1:" + app.managementPort(),
          ruleFiles)) {
        prometheus.awaitSeries("up{job=\"cipherwatch\"} == 1", Duration.ofSeconds(30));

        // Data arrives while Prometheus scrapes, so counters are seen increasing.
        Scenario scenario = Scenario.standard(Instant.now());
        fixture.sendMetadata(scenario);
        AppFixture.await(Duration.ofSeconds(60), "trunk metadata",
            () -> AppFixture.get(app.httpPort(), "/api/trunks/t-dep-only").status() == 200);
        fixture.sendGarbage("edge-7");
        fixture.sendEvents(scenario);
        fixture.tick(Instant.now());
        Map<String, Scenario.FleetWindow> fleet = scenario.fleet();
        AppFixture.await(Duration.ofSeconds(90), "the latest fleet windows", () -> {
          JsonNode f = AppFixture.get(app.httpPort(), "/api/fleet").json().path("fleet");
          return fleet.entrySet().stream().allMatch(e ->
              e.getValue().windowEnd().toString().equals(f.path(e.getKey()).path("windowEnd").asText()));
        });
        prometheus.awaitSeries(MetricNames.DEAD_LETTERS.prometheus(), Duration.ofSeconds(30));
        fixture.sendGarbage("edge-7");
        fixture.sendGarbage("edge-8");
        prometheus.awaitSeries("sum(rate(cipherwatch_dead_letters_total[1m])) > 0", Duration.ofSeconds(30));
        prometheus.awaitSeries("cipherwatch:fleet_would_break_share:max > 0", Duration.ofSeconds(30));
        prometheus.awaitSeries("cipherwatch:alerts_open:sum > 0", Duration.ofSeconds(30));
        // The dashboards' rates use a 4 s range (__rate_interval for a 1 s scrape): let 5 more scrapes land.
        Thread.sleep(5_000);
        double readySeconds = (System.nanoTime() - t0) / 1e9;

        List<PromQl.Expr> exprs = PromQl.all(OpsFiles.root(), Map.of("__rate_interval", "4s"));
        assertTrue(exprs.size() > 40, "expected the dashboards' and rules' expressions, got " + exprs.size());
        List<String> invalid = new ArrayList<>();
        List<String> missingData = new ArrayList<>();
        List<String> notQuiet = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Set<String> seenQuiet = new TreeSet<>();
        for (PromQl.Expr e : exprs) {
          String key = e.file() + " [" + e.location() + "]";
          PrometheusServer.QueryResult r = prometheus.query(e.expr());
          counts.put(key, r.resultCount());
          boolean quiet = QUIET.containsKey(key);
          if (quiet) {
            seenQuiet.add(key);
          }
          if (!r.success()) {
            invalid.add(e + "\n    -> " + r.errorType() + ": " + r.error());
          } else if (r.resultCount() == 0 && !quiet) {
            missingData.add(e.toString());
          } else if (r.resultCount() > 0 && quiet) {
            notQuiet.add(e + "\n    -> " + r.body().path("data").path("result"));
          }
        }
        System.out.printf("PrometheusEndToEndIT: %d expressions evaluated %.1f s after start; empty ones:%n",
            exprs.size(), readySeconds);
        counts.forEach((k, n) -> {
          if (n == 0) {
            System.out.println("  EMPTY " + k + (QUIET.containsKey(k) ? " (expected: " + QUIET.get(k) + ")" : ""));
          }
        });
        assertTrue(invalid.isEmpty(), "Prometheus rejected:\n" + String.join("\n", invalid));
        assertTrue(missingData.isEmpty(), "no series although the scenario has data for them:\n"
            + String.join("\n", missingData));
        assertTrue(notQuiet.isEmpty(), "alert conditions firing on a healthy instance:\n" + String.join("\n", notQuiet));
        assertEquals(QUIET.keySet(), seenQuiet, "allow-list entries that match no expression (renamed rule?)");

        List<String> unhealthy = new ArrayList<>();
        for (JsonNode group : prometheus.get("/api/v1/rules").path("data").path("groups")) {
          for (JsonNode rule : group.path("rules")) {
            if (!"ok".equals(rule.path("health").asText())) {
              unhealthy.add(rule.path("name").asText() + ": " + rule.path("health").asText() + " "
                  + rule.path("lastError").asText());
            }
          }
        }
        assertTrue(unhealthy.isEmpty(), "rules not evaluating cleanly: " + unhealthy);
      }
    }
  }
}
