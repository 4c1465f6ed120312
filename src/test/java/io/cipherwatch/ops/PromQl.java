package io.cipherwatch.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts the PromQL expressions of the Grafana dashboards and the Prometheus rule files, with Grafana
 * variables replaced by concrete values so that Prometheus can evaluate them, and finds the metric names
 * an expression reads.
 */
public final class PromQl {

  /** One expression and where it was found ({@code file}: repository-relative path; {@code location}: inside it). */
  public record Expr(String file, String location, String expr) {
    @Override
    public String toString() {
      return file + " [" + location + "]: " + expr;
    }
  }

  /**
   * Values of Grafana's built-in variables, chosen for a Prometheus scraping every 15 s. Pass other values
   * (e.g. {@code __rate_interval=5s} against a 1 s scrape) to {@link #all(Path, Map)}.
   */
  public static final Map<String, String> GRAFANA_BUILTINS = Map.of(
      "__rate_interval", "1m",
      "__rate_interval_ms", "60000",
      "__interval", "1m",
      "__interval_ms", "60000",
      "__range", "1h",
      "__range_s", "3600",
      "__range_ms", "3600000");

  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\[\\[(\\w+)(?::[^\\]]*)?]]|\\$(\\w+)");
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern TOKEN = Pattern.compile("\\d[\\w.]*|[a-zA-Z_:][\\w:]*");
  private static final Set<String> KEYWORDS = Set.of(
      "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left",
      "group_right", "inf", "nan", "atan2");

  private PromQl() {}

  /** Every expression of {@code grafana/dashboards/*.json} and {@code deploy/prometheus/rules/*.yml}. */
  public static List<Expr> all(Path root) {
    return all(root, Map.of());
  }

  /** Like {@link #all(Path)}, with some built-in Grafana variables (without {@code $}) given other values. */
  public static List<Expr> all(Path root, Map<String, String> builtinOverrides) {
    List<Expr> out = new ArrayList<>();
    for (Path dashboard : OpsFiles.files(root.resolve("grafana/dashboards"), ".json")) {
      out.addAll(fromDashboard(root, dashboard, builtinOverrides));
    }
    for (Path rules : OpsFiles.files(root.resolve("deploy/prometheus/rules"), ".yml", ".yaml")) {
      out.addAll(fromRules(root, rules));
    }
    return out;
  }

  /**
   * The expressions of one dashboard: every panel target's {@code expr} (rows included) and the PromQL of
   * query variables ({@code label_values(expr, label)}, {@code query_result(expr)}), variables substituted.
   */
  public static List<Expr> fromDashboard(Path root, Path dashboardFile, Map<String, String> builtinOverrides) {
    JsonNode dashboard = OpsFiles.json(dashboardFile);
    String file = root.relativize(dashboardFile).toString();
    Map<String, String> values = new LinkedHashMap<>(GRAFANA_BUILTINS);
    values.putAll(builtinOverrides);
    values.putAll(dashboardVariables(dashboard));
    List<Expr> out = new ArrayList<>();
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (!"query".equals(variable.path("type").asText())) {
        continue;
      }
      JsonNode q = variable.path("query");
      String query = q.isObject() ? q.path("query").asText() : q.asText();
      String location = "variable " + variable.path("name").asText();
      String promql = variableQueryExpr(query);
      if (promql != null) {
        out.add(new Expr(file, location, substitute(promql, values, file + " " + location)));
      }
    }
    collectTargets(dashboard.path("panels"), file, values, out);
    return out;
  }

  /** The {@code expr} of every recording and alerting rule; accepts a rules file or a PrometheusRule (spec.groups). */
  public static List<Expr> fromRules(Path root, Path rulesFile) {
    String file = root.relativize(rulesFile).toString();
    List<Expr> out = new ArrayList<>();
    for (JsonNode doc : OpsFiles.yamlDocuments(rulesFile)) {
      JsonNode groups = doc.has("spec") ? doc.path("spec").path("groups") : doc.path("groups");
      for (JsonNode group : groups) {
        for (JsonNode rule : group.path("rules")) {
          String name = rule.has("alert") ? "alert " + rule.path("alert").asText() : "record " + rule.path("record").asText();
          out.add(new Expr(file, group.path("name").asText() + "/" + name, rule.path("expr").asText()));
        }
      }
    }
    return out;
  }

  /**
   * Concrete values of a dashboard's template variables, for evaluation: a constant's value; the current
   * value of custom, query, interval and textbox variables; for "All" the variable's allValue, else a
   * regex of a custom variable's options, else {@code .*}. Datasource variables are left out.
   */
  public static Map<String, String> dashboardVariables(JsonNode dashboard) {
    Map<String, String> values = new LinkedHashMap<>();
    for (JsonNode v : dashboard.path("templating").path("list")) {
      String type = v.path("type").asText();
      String name = v.path("name").asText();
      if ("datasource".equals(type)) {
        continue;
      }
      if ("constant".equals(type)) {
        values.put(name, v.path("query").asText());
        continue;
      }
      List<String> current = new ArrayList<>();
      JsonNode cur = v.path("current").path("value");
      if (cur.isArray()) {
        cur.forEach(c -> current.add(c.asText()));
      } else if (!cur.isMissingNode() && !cur.isNull()) {
        current.add(cur.asText());
      }
      if (current.isEmpty() || current.contains("$__all")) {
        values.put(name, allValue(v));
      } else if (current.size() == 1) {
        values.put(name, current.get(0));
      } else {
        values.put(name, "(" + String.join("|", current) + ")");
      }
    }
    return values;
  }

  /**
   * Replaces {@code $name}, {@code ${name}}, {@code ${name:format}} and {@code [[name]]} by their values,
   * repeatedly (a variable's value may use another variable).
   *
   * @throws IllegalArgumentException for a variable without a value, naming {@code where}
   */
  public static String substitute(String expr, Map<String, String> values, String where) {
    String result = expr;
    for (int round = 0; round < 5 && VARIABLE.matcher(result).find(); round++) {
      Matcher m = VARIABLE.matcher(result);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        String value = values.get(name);
        if (value == null) {
          throw new IllegalArgumentException("Unknown Grafana variable $" + name + " in " + where
              + ": define it in the dashboard's templating or add it to PromQl.GRAFANA_BUILTINS");
        }
        m.appendReplacement(sb, Matcher.quoteReplacement(value));
      }
      m.appendTail(sb);
      result = sb.toString();
    }
    if (VARIABLE.matcher(result).find()) {
      throw new IllegalArgumentException("Grafana variables in " + where + " refer to each other in a cycle: " + expr);
    }
    return result;
  }

  /**
   * The metric names an expression selects, in order of appearance: identifiers that are not functions,
   * aggregations, keywords, label names of grouping clauses, or inside label matchers and ranges.
   */
  public static Set<String> metricNames(String expr) {
    String s = STRING.matcher(expr).replaceAll("\"\"");
    s = s.replaceAll("\\{[^}]*}", " ");
    s = s.replaceAll("\\[[^\\]]*]", " ");
    s = GROUPING.matcher(s).replaceAll(" ");
    Set<String> names = new LinkedHashSet<>();
    Matcher m = TOKEN.matcher(s);
    while (m.find()) {
      String token = m.group();
      if (Character.isDigit(token.charAt(0)) || KEYWORDS.contains(token.toLowerCase())) {
        continue;
      }
      int next = m.end();
      while (next < s.length() && Character.isWhitespace(s.charAt(next))) {
        next++;
      }
      if (next < s.length() && s.charAt(next) == '(') {
        continue;
      }
      names.add(token);
    }
    return names;
  }

  private static void collectTargets(JsonNode panels, String file, Map<String, String> values, List<Expr> out) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        if (!target.hasNonNull("expr")) {
          continue;
        }
        String location = "panel " + panel.path("id").asText() + " '" + panel.path("title").asText() + "' target "
            + target.path("refId").asText();
        out.add(new Expr(file, location, substitute(target.path("expr").asText(), values, file + " " + location)));
      }
      collectTargets(panel.path("panels"), file, values, out);
    }
  }

  private static String allValue(JsonNode variable) {
    String all = variable.path("allValue").asText("");
    if (!all.isEmpty()) {
      return all;
    }
    if ("custom".equals(variable.path("type").asText())) {
      List<String> options = new ArrayList<>();
      for (String o : variable.path("query").asText().split(",")) {
        if (!o.isBlank()) {
          options.add(o.trim());
        }
      }
      return "(" + String.join("|", options) + ")";
    }
    return ".*";
  }

  /** The PromQL inside a Prometheus variable query, or null for queries without one (label_values(label), metrics()). */
  private static String variableQueryExpr(String query) {
    String q = query.trim();
    if (q.startsWith("query_result(") && q.endsWith(")")) {
      return q.substring("query_result(".length(), q.length() - 1).trim();
    }
    if (q.startsWith("label_values(") && q.endsWith(")")) {
      String args = q.substring("label_values(".length(), q.length() - 1);
      int comma = lastTopLevelComma(args);
      return comma < 0 ? null : args.substring(0, comma).trim();
    }
    if (q.startsWith("label_names(") || q.startsWith("metrics(") || q.isEmpty()) {
      return null;
    }
    return q;
  }

  private static int lastTopLevelComma(String s) {
    int depth = 0;
    int last = -1;
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && quoted) {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '(' || c == '{' || c == '[')) {
        depth++;
      } else if (!quoted && (c == ')' || c == '}' || c == ']')) {
        depth--;
      } else if (!quoted && depth == 0 && c == ',') {
        last = i;
      }
    }
    return last;
  }
}
