package io.cipherwatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs a real Prometheus (scraping itself, with the cipherwatch rules loaded) and checks that every
 * expression of the dashboards and rules parses and evaluates, and that the rules run without errors.
 */
class PrometheusServerTest {

  private static PrometheusServer prometheus;

  @BeforeAll
  static void start() throws Exception {
    prometheus = PrometheusServer.startScrapingItself(
        OpsFiles.files(OpsFiles.path("deploy/prometheus/rules"), ".yml"));
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  @Test
  void scrapesItself() throws Exception {
    PrometheusServer.QueryResult up = prometheus.awaitSeries("up", Duration.ofSeconds(30));
    assertEquals("vector", up.resultType());
    assertEquals("1", up.body().path("data").path("result").get(0).path("value").get(1).asText(),
        "Prometheus scraping itself must be up: " + up.body());
    assertEquals("prometheus", up.body().path("data").path("result").get(0).path("metric").path("job").asText());
  }

  @Test
  void reportsParseErrors() {
    PrometheusServer.QueryResult bad = prometheus.query("sum by (direction (cipherwatch_ready)");
    assertFalse(bad.success(), "a malformed expression must not succeed: " + bad.body());
    assertEquals("bad_data", bad.errorType());
  }

  @Test
  void everyDashboardAndRuleExpressionEvaluates() {
    List<PromQl.Expr> exprs = PromQl.all(OpsFiles.root(), Map.of("__rate_interval", "4s"));
    assertTrue(exprs.size() > 40, "expected the dashboards' and rules' expressions, got " + exprs.size());
    List<String> failures = new ArrayList<>();
    for (PromQl.Expr e : exprs) {
      PrometheusServer.QueryResult r = prometheus.query(e.expr());
      if (!r.success()) {
        failures.add(e + "\n    -> " + r.errorType() + ": " + r.error());
      }
    }
    assertTrue(failures.isEmpty(), "Prometheus rejected:\n" + String.join("\n", failures));
  }

  @Test
  void loadsAndEvaluatesTheRules() throws Exception {
    List<Path> ruleFiles = OpsFiles.files(OpsFiles.path("deploy/prometheus/rules"), ".yml");
    long expected = ruleFiles.stream().mapToLong(f -> PromQl.fromRules(OpsFiles.root(), f).size()).sum();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<String> notOk;
    int loaded;
    do {
      Thread.sleep(500);
      notOk = new ArrayList<>();
      loaded = 0;
      for (JsonNode group : prometheus.get("/api/v1/rules").path("data").path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          loaded++;
          if (!"ok".equals(rule.path("health").asText())) {
            notOk.add(rule.path("name").asText() + ": " + rule.path("health").asText() + " " + rule.path("lastError").asText());
          }
        }
      }
    } while ((loaded != expected || !notOk.isEmpty()) && System.nanoTime() < deadline);
    assertEquals(expected, loaded, "rules loaded by Prometheus");
    assertTrue(notOk.isEmpty(), "rules not evaluated successfully: " + notOk);
  }
}
