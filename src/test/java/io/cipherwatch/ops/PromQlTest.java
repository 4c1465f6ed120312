package io.cipherwatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PromQL helper on its own: metric-name extraction, variable substitution, dashboard and rule parsing. */
class PromQlTest {

  @Test
  void metricNamesSkipFunctionsLabelsRangesAndKeywords() {
    assertEquals(Set.of("cipherwatch_event_lag_seconds_bucket"), PromQl.metricNames(
        "histogram_quantile(0.99, sum by (le) (rate(cipherwatch_event_lag_seconds_bucket{job=\"x\", le!=\"1e3\"}[5m])))"));
    assertEquals(Set.of("a_total", "b", "cipherwatch:fleet_trunks:max"), PromQl.metricNames(
        "sum(rate(a_total[5m] offset 1h)) by (instance) / on (instance) group_left (x) b"
            + " and bool cipherwatch:fleet_trunks:max > 1e-3"));
    assertEquals(Set.of("up"), PromQl.metricNames("absent(up{job=\"cipherwatch\", instance=~\"sum(x)\"})"));
    assertEquals(Set.of("m"), PromQl.metricNames("deriv((sum by (job) (m >= 0))[15m:1m]) > 0"));
    assertEquals(Set.of(), PromQl.metricNames("vector(1) + time()"));
  }

  @Test
  void substitutesAllVariableForms() {
    Map<String, String> values = Map.of("direction", "(INBOUND|OUTBOUND)", "__rate_interval", "1m",
        "__interval_ms", "60000", "job", "cipherwatch", "self", "$job");
    assertEquals("rate(x{d=~\"(INBOUND|OUTBOUND)\", j=\"cipherwatch\", k=\"cipherwatch\"}[1m]) * 60000",
        PromQl.substitute("rate(x{d=~\"${direction:regex}\", j=\"[[job]]\", k=\"$self\"}[$__rate_interval]) * $__interval_ms",
            values, "test"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PromQl.substitute("x{a=\"$nope\"}", values, "somewhere"));
    assertTrue(e.getMessage().contains("$nope") && e.getMessage().contains("somewhere"), e.getMessage());
  }

  @Test
  void dashboardVariablesResolveAllToAllValueOrOptions() throws Exception {
    JsonNode dashboard = OpsFiles.JSON.readTree("""
        {"templating": {"list": [
          {"type": "datasource", "name": "DS", "query": "prometheus"},
          {"type": "constant", "name": "job", "query": "cipherwatch"},
          {"type": "custom", "name": "dir", "query": "INBOUND, OUTBOUND", "current": {"value": ["$__all"]}},
          {"type": "custom", "name": "top", "query": "10,20", "current": {"value": "20"}},
          {"type": "query", "name": "inst", "allValue": ".+", "current": {"value": ["$__all"]}},
          {"type": "query", "name": "two", "current": {"value": ["a", "b"]}}
        ]}}""");
    assertEquals(Map.of("job", "cipherwatch", "dir", "(INBOUND|OUTBOUND)", "top", "20", "inst", ".+", "two", "(a|b)"),
        PromQl.dashboardVariables(dashboard));
  }

  @Test
  void extractsTargetsRowsAndVariableQueries(@TempDir Path root) throws Exception {
    Path dashboard = Files.writeString(root.resolve("d.json"), """
        {"templating": {"list": [
          {"type": "constant", "name": "job", "query": "cw"},
          {"type": "query", "name": "instance", "current": {"value": ["$__all"]},
           "query": {"query": "label_values(up{job=\\"$job\\", a=\\"x,y\\"}, instance)", "refId": "V"}},
          {"type": "query", "name": "labels", "query": "label_values(instance)"}
        ]},
         "panels": [
          {"id": 1, "title": "A", "targets": [{"refId": "A", "expr": "sum(rate(x_total{instance=~\\"$instance\\"}[$__rate_interval]))"}]},
          {"id": 2, "type": "row", "title": "R", "panels": [
            {"id": 3, "title": "B", "targets": [{"refId": "B", "expr": "max(y{job=\\"$job\\"})"}, {"refId": "C"}]}]}
        ]}""");
    List<PromQl.Expr> exprs = PromQl.fromDashboard(root, dashboard, Map.of("__rate_interval", "5s"));
    assertEquals(List.of(
        new PromQl.Expr("d.json", "variable instance", "up{job=\"cw\", a=\"x,y\"}"),
        new PromQl.Expr("d.json", "panel 1 'A' target A", "sum(rate(x_total{instance=~\".*\"}[5s]))"),
        new PromQl.Expr("d.json", "panel 3 'B' target B", "max(y{job=\"cw\"})")), exprs);
  }

  @Test
  void extractsRulesFromRuleFilesAndPrometheusRules(@TempDir Path root) throws Exception {
    String groups = """
        groups:
          - name: g
            rules:
              - record: r:x:sum
                expr: sum(x)
              - alert: A
                expr: r:x:sum > 1
        """;
    Path plain = Files.writeString(root.resolve("rules.yml"), groups);
    Path operator = Files.writeString(root.resolve("pr.yaml"), "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n"
        + groups.indent(2));
    List<PromQl.Expr> expected = List.of(new PromQl.Expr("rules.yml", "g/record r:x:sum", "sum(x)"),
        new PromQl.Expr("rules.yml", "g/alert A", "r:x:sum > 1"));
    assertEquals(expected, PromQl.fromRules(root, plain));
    assertEquals(List.of("sum(x)", "r:x:sum > 1"),
        PromQl.fromRules(root, operator).stream().map(PromQl.Expr::expr).toList());
  }
}
