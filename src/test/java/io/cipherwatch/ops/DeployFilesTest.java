package io.cipherwatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cipherwatch.config.Secrets;
import io.cipherwatch.config.Setting;
import io.cipherwatch.config.Settings;
import io.cipherwatch.metrics.MetricNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Consistency of the operations files with each other and with the application's contract: metric names,
 * configuration keys, ports, paths, the Docker image and the Prometheus/Grafana/Kubernetes wiring.
 */
public class DeployFilesTest {

  /** The application's {@code cipherwatch.*} configuration keys. */
  static final Set<String> CIPHERWATCH_KEYS =
      Settings.ALL.stream().map(Setting::key).collect(Collectors.toUnmodifiableSet());

  /** Kafka, Streams and schema-registry keys the deployment files may set (passed through unchanged). */
  static final Set<String> KAFKA_KEYS = Set.of(
      "bootstrap.servers", "application.id", "state.dir", "num.standby.replicas", "application.server",
      "processing.guarantee", "security.protocol", "schema.registry.url", "basic.auth.credentials.source",
      "basic.auth.user.info");

  /** Prefixes of further pass-through keys (SASL and TLS settings). */
  static final List<String> KAFKA_KEY_PREFIXES = List.of("sasl.", "ssl.");

  /** Environment variables of the cipherwatch container that are not configuration keys. */
  static final Set<String> OTHER_ENV = Set.of("POD_NAME", "NAMESPACE", "JAVA_TOOL_OPTIONS");

  /** Metric families cipherwatch exports (Prometheus names, histogram series included). */
  public static final Set<String> APP_METRICS = MetricNames.prometheusSeries();

  /** Micrometer JVM, process and Kafka-binder series used by dashboards and rules, and Prometheus' own {@code up}. */
  static final Set<String> PLATFORM_METRICS = Set.of(
      "up",
      "jvm_memory_used_bytes", "jvm_memory_max_bytes", "jvm_memory_committed_bytes",
      "jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_sum", "jvm_gc_pause_seconds_max",
      "jvm_threads_live_threads", "process_cpu_usage", "process_uptime_seconds", "system_cpu_usage",
      "kafka_consumer_fetch_manager_records_lag_max", "kafka_consumer_fetch_manager_records_consumed_rate",
      "kafka_stream_thread_process_rate");

  static final String HTTP_PORT = "8080";
  static final String MANAGEMENT_PORT = "8081";
  /** Where the StatefulSet mounts Secrets (as files). */
  static final String SECRETS_DIR = "/var/run/secrets/cipherwatch/";
  static final String CONFIG_FILE = "/etc/cipherwatch/app.properties";
  static final String STATE_DIR = "/var/lib/cipherwatch";
  static final String JOB = "cipherwatch";

  private static final Path ROOT = OpsFiles.root();
  private static final Path RULES = ROOT.resolve("deploy/prometheus/rules/cipherwatch.yml");

  // ------------------------------------------------------------------------------------------ parsing

  @Test
  void everyYamlAndJsonFileParses() {
    List<Path> files = new ArrayList<>();
    files.addAll(OpsFiles.files(ROOT.resolve("deploy"), ".yml", ".yaml", ".json"));
    files.addAll(OpsFiles.files(ROOT.resolve("grafana"), ".yml", ".yaml", ".json"));
    assertTrue(files.size() >= 15, "expected the deploy/ and grafana/ files, found " + files);
    for (Path f : files) {
      List<JsonNode> docs = f.toString().endsWith(".json") ? List.of(OpsFiles.json(f)) : OpsFiles.yamlDocuments(f);
      assertFalse(docs.isEmpty(), f + " is empty");
      docs.forEach(d -> assertTrue(d.isObject(), f + ": every document must be a mapping"));
    }
  }

  // ------------------------------------------------------------------------------------------ metrics

  @Test
  void dashboardsAndRulesUseOnlyKnownMetrics() {
    Set<String> recorded = recordedSeries();
    Set<String> allowed = new HashSet<>(APP_METRICS);
    allowed.addAll(PLATFORM_METRICS);
    allowed.addAll(recorded);
    List<String> unknown = new ArrayList<>();
    for (PromQl.Expr e : PromQl.all(ROOT)) {
      for (String name : PromQl.metricNames(e.expr())) {
        if (!allowed.contains(name)) {
          unknown.add(name + " in " + e);
        }
      }
    }
    assertTrue(unknown.isEmpty(), "metric names the application does not export:\n" + String.join("\n", unknown));
  }

  @Test
  void everyApplicationMetricIsOnADashboard() {
    Set<String> used = new HashSet<>();
    for (Path d : dashboards()) {
      PromQl.fromDashboard(ROOT, d, Map.of()).forEach(e -> used.addAll(PromQl.metricNames(e.expr())));
    }
    Set<String> missing = new TreeSet<>(APP_METRICS);
    missing.removeAll(used);
    // One series of a histogram family is enough; the others add nothing to the dashboards.
    for (MetricNames.Metric m : MetricNames.ALL) {
      if (m.kind() == MetricNames.Kind.TIMER && m.prometheusSeries().stream().anyMatch(used::contains)) {
        missing.removeAll(m.prometheusSeries());
      }
    }
    assertTrue(missing.isEmpty(), "application metrics shown on no dashboard: " + missing);
  }

  @Test
  void dashboardQueriesAggregateOverInstances() {
    Pattern aggregation = Pattern.compile("\\b(sum|max|min|avg|count|topk|bottomk)\\s*(by|without)?\\s*(\\([^)]*\\))?\\s*\\(");
    for (Path d : dashboards()) {
      for (PromQl.Expr e : PromQl.fromDashboard(ROOT, d, Map.of())) {
        if (e.location().startsWith("variable")) {
          continue;
        }
        assertTrue(aggregation.matcher(e.expr()).find(), "not aggregated across instances: " + e);
      }
    }
  }

  // ------------------------------------------------------------------------------------------ Grafana

  @Test
  void dashboardsUseTheDatasourceVariable() {
    String provisionedUid = provisionedDatasource().path("uid").asText();
    Set<String> uids = new HashSet<>();
    for (Path file : dashboards()) {
      JsonNode d = OpsFiles.json(file);
      assertTrue(uids.add(d.path("uid").asText()), file + ": duplicate or missing dashboard uid");
      assertTrue(d.path("schemaVersion").asInt() >= 36, file + ": Grafana 10+ schema expected");
      JsonNode dsVar = variable(d, "DS_PROMETHEUS");
      assertNotNull(dsVar, file + ": templating needs the datasource variable DS_PROMETHEUS");
      assertEquals("datasource", dsVar.path("type").asText(), file.toString());
      assertEquals("prometheus", dsVar.path("query").asText(), file.toString());
      assertEquals(provisionedUid, dsVar.path("current").path("value").asText(),
          file + ": DS_PROMETHEUS must default to the provisioned datasource");
      List<String> refs = new ArrayList<>();
      collectDatasources(d, "", refs);
      assertFalse(refs.isEmpty(), file.toString());
      for (String ref : refs) {
        assertTrue(ref.endsWith("=prometheus/${DS_PROMETHEUS}"), file + ": datasource must be ${DS_PROMETHEUS}: " + ref);
      }
      Set<Integer> ids = new HashSet<>();
      for (JsonNode panel : allPanels(d)) {
        String where = file.getFileName() + " panel '" + panel.path("title").asText() + "'";
        assertTrue(ids.add(panel.path("id").asInt()), where + ": duplicate panel id");
        JsonNode pos = panel.path("gridPos");
        assertTrue(pos.path("x").asInt() + pos.path("w").asInt() <= 24 && pos.path("h").asInt() > 0, where + ": gridPos");
        if ("row".equals(panel.path("type").asText())) {
          continue;
        }
        assertTrue(panel.has("datasource"), where + ": no datasource");
        assertTrue(panel.path("targets").size() > 0, where + ": no query");
        for (JsonNode t : panel.path("targets")) {
          assertTrue(t.has("datasource") && !t.path("expr").asText().isBlank() && !t.path("refId").asText().isBlank(),
              where + ": every target needs datasource, refId and expr");
        }
      }
    }
    assertEquals(Set.of("cipherwatch-campaign", "cipherwatch-health", "cipherwatch-readiness"), uids);
  }

  @Test
  void grafanaProvisioningMatchesCompose() {
    JsonNode ds = provisionedDatasource();
    assertEquals("prometheus", ds.path("type").asText());
    assertEquals("http://prometheus:" + containerPort(service("prometheus"), "9090"), ds.path("url").asText());
    JsonNode provider = OpsFiles.yaml(ROOT.resolve("grafana/provisioning/dashboards/cipherwatch.yml")).path("providers").get(0);
    String dashboardsPath = provider.path("options").path("path").asText();
    Map<String, String> grafanaMounts = mounts(service("grafana"));
    assertEquals(dashboardsPath, grafanaMounts.get(ROOT.resolve("grafana/dashboards").toString()),
        "compose must mount grafana/dashboards where the provider reads them");
    assertEquals("/etc/grafana/provisioning/datasources", grafanaMounts.get(ROOT.resolve("grafana/provisioning/datasources").toString()));
    assertEquals("/etc/grafana/provisioning/dashboards", grafanaMounts.get(ROOT.resolve("grafana/provisioning/dashboards").toString()));
    String home = service("grafana").path("environment").path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText();
    assertTrue(home.startsWith(dashboardsPath + "/")
        && Files.exists(ROOT.resolve("grafana/dashboards").resolve(home.substring(dashboardsPath.length() + 1))), home);
  }

  // ------------------------------------------------------------------------------------------ Prometheus

  @Test
  void prometheusRuleEqualsTheRulesFile() {
    JsonNode rule = k8s("PrometheusRule");
    assertEquals(OpsFiles.yaml(RULES).path("groups"), rule.path("spec").path("groups"),
        "deploy/kubernetes/prometheusrule.yaml spec.groups must equal deploy/prometheus/rules/cipherwatch.yml");
  }

  @Test
  void composeAndPrometheusLoadTheSameRules() {
    JsonNode config = OpsFiles.yaml(ROOT.resolve("deploy/prometheus/prometheus.yml"));
    Map<String, String> mounts = mounts(service("prometheus"));
    String configInContainer = mounts.get(ROOT.resolve("deploy/prometheus/prometheus.yml").toString());
    assertNotNull(configInContainer, "compose must mount deploy/prometheus/prometheus.yml");
    assertTrue(textList(service("prometheus").path("command")).contains("--config.file=" + configInContainer));
    String rulesInContainer = mounts.get(RULES.getParent().toString());
    assertNotNull(rulesInContainer, "compose must mount deploy/prometheus/rules");
    String containerDir = configInContainer.substring(0, configInContainer.lastIndexOf('/'));
    List<String> ruleGlobs = textList(config.path("rule_files"));
    assertEquals(List.of(rulesInContainer + "/*.yml"),
        ruleGlobs.stream().map(g -> g.startsWith("/") ? g : containerDir + "/" + g).toList(),
        "prometheus.yml must load the mounted rules directory");
  }

  @Test
  void prometheusScrapesTheApplicationAsJobCipherwatch() {
    JsonNode config = OpsFiles.yaml(ROOT.resolve("deploy/prometheus/prometheus.yml"));
    JsonNode job = null;
    for (JsonNode sc : config.path("scrape_configs")) {
      if (JOB.equals(sc.path("job_name").asText())) {
        job = sc;
      }
    }
    assertNotNull(job, "scrape job " + JOB + " (the rules select job=\"" + JOB + "\")");
    assertEquals("/metrics", job.path("metrics_path").asText("/metrics"));
    assertEquals(List.of("cipherwatch:" + MANAGEMENT_PORT),
        textList(job.path("static_configs").get(0).path("targets")), "Prometheus scrapes the management port");
    assertTrue(compose().path("services").has("cipherwatch"));

    JsonNode monitor = k8s("ServiceMonitor");
    JsonNode service = selectedService(monitor.path("spec").path("selector").path("matchLabels"));
    assertEquals(JOB, service.path("metadata").path("labels").path(monitor.path("spec").path("jobLabel").asText()).asText(),
        "the ServiceMonitor's jobLabel must yield job=\"" + JOB + "\"");
    JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
    assertEquals("/metrics", endpoint.path("path").asText());
    List<String> portNames = new ArrayList<>();
    service.path("spec").path("ports").forEach(port -> portNames.add(port.path("name").asText()));
    assertTrue(portNames.contains(endpoint.path("port").asText()), "ServiceMonitor port must be a named port of the Service");
    for (JsonNode port : service.path("spec").path("ports")) {
      assertEquals(MANAGEMENT_PORT, port.path("port").asText(), "the scraped Service exposes the management port only");
      assertEquals(MANAGEMENT_PORT, containerPort(port.path("targetPort").asText()), "and targets it");
    }
  }

  @Test
  void rulesSelectTheDocumentedJob() {
    for (PromQl.Expr e : PromQl.fromRules(ROOT, RULES)) {
      Matcher m = Pattern.compile("job\\s*=~?\\s*\"([^\"]*)\"").matcher(e.expr());
      while (m.find()) {
        assertEquals(JOB, m.group(1), e.toString());
      }
    }
  }

  @Test
  void everyAlertIsDocumentedAndTestedFiringAndQuiet() {
    Map<String, JsonNode> alerts = new LinkedHashMap<>();
    for (JsonNode group : OpsFiles.yaml(RULES).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("alert")) {
          alerts.put(rule.path("alert").asText(), rule);
        }
      }
    }
    assertTrue(alerts.size() >= 6, "expected the alerting rules, got " + alerts.keySet());
    Set<String> firing = new HashSet<>();
    Set<String> quiet = new HashSet<>();
    for (Path testFile : OpsFiles.files(ROOT.resolve("deploy/prometheus/tests"), ".yml")) {
      JsonNode tests = OpsFiles.yaml(testFile);
      for (String ruleFile : textList(tests.path("rule_files"))) {
        assertTrue(Files.isRegularFile(testFile.getParent().resolve(ruleFile)), testFile + ": " + ruleFile);
      }
      for (JsonNode test : tests.path("tests")) {
        for (JsonNode t : test.path("alert_rule_test")) {
          String name = t.path("alertname").asText();
          assertTrue(alerts.containsKey(name), testFile + " tests unknown alert " + name);
          (t.path("exp_alerts").size() > 0 ? firing : quiet).add(name);
        }
      }
    }
    for (Map.Entry<String, JsonNode> a : alerts.entrySet()) {
      String name = a.getKey();
      JsonNode rule = a.getValue();
      assertTrue(Set.of("warning", "critical").contains(rule.path("labels").path("severity").asText()), name + ": severity");
      for (String annotation : List.of("summary", "description", "runbook")) {
        assertFalse(rule.path("annotations").path(annotation).asText().isBlank(), name + ": annotation " + annotation);
      }
      assertTrue(firing.contains(name), name + " has no promtool test where it fires");
      assertTrue(quiet.contains(name), name + " has no promtool test where it stays quiet");
    }
  }

  // ------------------------------------------------------------------------------------------ Docker

  @Test
  void dockerfileBuildsAndRunsTheJar() {
    List<String> lines = dockerfile();
    List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertEquals(2, froms.size(), "multi-stage build expected: " + froms);
    assertTrue(froms.get(0).matches("FROM maven:3-eclipse-temurin-17 AS (\\w+)"), froms.get(0));
    assertEquals("FROM eclipse-temurin:17-jre", froms.get(1));
    String stage = froms.get(0).substring(froms.get(0).lastIndexOf(' ') + 1);
    assertTrue(lines.contains("COPY --from=" + stage + " /build/target/cipherwatch.jar /app/cipherwatch.jar"),
        "the runtime stage must copy target/cipherwatch.jar to /app/cipherwatch.jar");

    List<String> entrypoint = jsonArray(last(lines, "ENTRYPOINT "));
    assertEquals("java", entrypoint.get(0));
    int jar = entrypoint.indexOf("-jar");
    assertTrue(jar > 0 && jar == entrypoint.size() - 2 && entrypoint.get(jar + 1).equals("/app/cipherwatch.jar"), entrypoint.toString());
    assertEquals(List.of("run", "--config", CONFIG_FILE), jsonArray(last(lines, "CMD ")));
    assertEquals("EXPOSE " + HTTP_PORT + " " + MANAGEMENT_PORT, last(lines, "EXPOSE "));
    assertEquals(List.of(STATE_DIR), jsonArray(last(lines, "VOLUME ")));
    String user = last(lines, "USER ").substring(5).split(":")[0];
    assertFalse(user.equals("root") || user.equals("0"), "must run as a non-root user");
  }

  // ------------------------------------------------------------------------------------------ compose

  @Test
  void composeRunsTheWholeStack() {
    JsonNode services = compose().path("services");
    assertTrue(services.path("kafka").path("image").asText().startsWith("apache/kafka:"));
    assertTrue(services.path("schema-registry").path("image").asText().startsWith("confluentinc/cp-schema-registry:"));
    assertTrue(services.path("prometheus").path("image").asText().startsWith("prom/prometheus:"));
    assertTrue(services.path("grafana").path("image").asText().startsWith("grafana/grafana:"));
    for (String name : List.of("cipherwatch", "simulator")) {
      JsonNode build = services.path(name).path("build");
      Path context = ROOT.resolve("deploy").resolve(build.path("context").asText()).normalize();
      assertEquals(ROOT, context, name + ": the build context is the repository root");
      assertTrue(Files.isRegularFile(context.resolve(build.path("dockerfile").asText())), name + ": dockerfile");
    }
    assertEquals(List.of("simulator"), textList(services.path("simulator").path("profiles")));
    assertTrue(services.path("cipherwatch").path("profiles").isMissingNode(), "cipherwatch runs without a profile");

    JsonNode app = services.path("cipherwatch");
    assertTrue(textList(app.path("ports")).contains("127.0.0.1:" + HTTP_PORT + ":" + HTTP_PORT), "API on loopback");
    assertTrue(textList(app.path("ports")).stream().anyMatch(p -> p.startsWith("127.0.0.1:") && p.endsWith(":"
        + MANAGEMENT_PORT)), "management port published on loopback");
    assertEquals("service_completed_successfully",
        app.path("depends_on").path("schemas").path("condition").asText(), "schemas are registered before run");
    assertEquals(List.of("schemas", "register", "--config", CONFIG_FILE), textList(services.path("schemas")
        .path("command")));
    JsonNode env = app.path("environment");
    String bootstrap = env.path("KAFKA_BOOTSTRAP_SERVERS").asText();
    String registry = env.path("KAFKA_SCHEMA_REGISTRY_URL").asText();
    assertEquals("kafka:9092", bootstrap);
    assertEquals("http://schema-registry:8081", registry);
    assertTrue(textList(services.path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS")).get(0)
        .contains("//" + bootstrap), "the broker must advertise " + bootstrap);
    assertEquals(STATE_DIR, env.path("KAFKA_STATE_DIR").asText());
    assertTrue(mounts(app).containsValue(STATE_DIR), "state dir volume");
    Map<String, String> appMounts = mounts(app);
    String configSource = appMounts.entrySet().stream().filter(e -> e.getValue().equals(CONFIG_FILE))
        .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("compose must mount " + CONFIG_FILE));
    assertTrue(Files.isRegularFile(Path.of(configSource)), configSource);

    List<String> sim = textList(services.path("simulator").path("command"));
    assertEquals("simulate", sim.get(0));
    assertEquals(bootstrap, sim.get(sim.indexOf("--bootstrap-servers") + 1));
    assertEquals(registry, sim.get(sim.indexOf("--schema-registry-url") + 1));
    assertTrue(Integer.parseInt(sim.get(sim.indexOf("--rate") + 1)) > 0);
  }

  @Test
  void composeEnvironmentUsesDocumentedKeys() {
    for (String name : List.of("cipherwatch", "simulator")) {
      JsonNode env = service(name).path("environment");
      env.fieldNames().forEachRemaining(var -> assertDocumentedEnv(var, "compose service " + name));
      if (env.has("CIPHERWATCH_HTTP_PORT")) {
        assertEquals(HTTP_PORT, env.path("CIPHERWATCH_HTTP_PORT").asText());
      }
      if (env.has("CIPHERWATCH_MANAGEMENT_PORT")) {
        assertEquals(MANAGEMENT_PORT, env.path("CIPHERWATCH_MANAGEMENT_PORT").asText());
      }
    }
  }

  // ------------------------------------------------------------------------------------------ properties

  @Test
  void propertiesFilesUseDocumentedKeys() {
    Map<String, Properties> files = new LinkedHashMap<>();
    files.put("deploy/app.properties", OpsFiles.properties(ROOT.resolve("deploy/app.properties")));
    files.put("deploy/compose/app.properties", OpsFiles.properties(ROOT.resolve("deploy/compose/app.properties")));
    files.put("deploy/kubernetes/configmap.yaml", configMapProperties());
    for (Map.Entry<String, Properties> f : files.entrySet()) {
      for (String key : f.getValue().stringPropertyNames()) {
        assertTrue(documentedKey(key), f.getKey() + ": undocumented configuration key " + key);
      }
      String port = f.getValue().getProperty("cipherwatch.http.port");
      assertTrue(port == null || port.equals(HTTP_PORT), f.getKey() + ": cipherwatch.http.port");
      String management = f.getValue().getProperty("cipherwatch.management.port");
      assertTrue(management == null || management.equals(MANAGEMENT_PORT), f.getKey() + ": cipherwatch.management.port");
      for (String key : f.getValue().stringPropertyNames()) {
        String v = f.getValue().getProperty(key);
        assertTrue(!Secrets.isSecret(key) || v.isEmpty() || v.startsWith(Secrets.FILE_PREFIX),
            f.getKey() + ": the secret " + key + " must come from a file (file:/path), not the properties");
      }
    }
    Properties prod = files.get("deploy/app.properties");
    for (String key : CIPHERWATCH_KEYS) {
      boolean documented = prod.containsKey(key) || OpsFiles.read(ROOT.resolve("deploy/app.properties")).contains("#" + key + "=");
      assertTrue(documented, "deploy/app.properties must document " + key);
    }
    assertEquals(STATE_DIR, prod.getProperty("state.dir"));
  }

  // ------------------------------------------------------------------------------------------ Kubernetes

  @Test
  void statefulSetWiring() {
    JsonNode sts = k8s("StatefulSet");
    JsonNode spec = sts.path("spec");
    JsonNode pod = spec.path("template").path("spec");
    JsonNode container = pod.path("containers").get(0);
    String headlessName = spec.path("serviceName").asText();
    JsonNode headless = k8sNamed("Service", headlessName);
    assertEquals("None", headless.path("spec").path("clusterIP").asText(), "serviceName must be a headless Service");
    assertTrue(headless.path("spec").path("publishNotReadyAddresses").asBoolean(),
        "peers must resolve while not ready (rebalancing, restoring)");

    Map<String, JsonNode> env = new LinkedHashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
    env.keySet().forEach(var -> assertDocumentedEnv(var, "StatefulSet"));
    assertEquals("metadata.name", env.get("POD_NAME").path("valueFrom").path("fieldRef").path("fieldPath").asText());
    assertEquals("metadata.namespace", env.get("NAMESPACE").path("valueFrom").path("fieldRef").path("fieldPath").asText());
    assertEquals("$(POD_NAME)." + headlessName + ".$(NAMESPACE).svc:" + HTTP_PORT,
        env.get("KAFKA_APPLICATION_SERVER").path("value").asText());
    for (JsonNode e : env.values()) {
      assertTrue(e.path("valueFrom").path("secretKeyRef").isMissingNode(),
          e.path("name").asText() + ": Secrets are mounted as files, never passed as environment values");
    }

    Map<String, String> ports = new LinkedHashMap<>();
    container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asText()));
    assertEquals(Map.of("api", HTTP_PORT, "management", MANAGEMENT_PORT), ports);
    assertEquals("/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
    assertEquals("/health", container.path("livenessProbe").path("httpGet").path("path").asText());
    assertEquals("management", container.path("readinessProbe").path("httpGet").path("port").asText(),
        "probes use the management listener");
    assertEquals("management", container.path("livenessProbe").path("httpGet").path("port").asText());
    for (String kind : List.of("requests", "limits")) {
      assertTrue(container.path("resources").path(kind).has("memory"), "resources." + kind + ".memory");
    }
    assertTrue(pod.path("terminationGracePeriodSeconds").asInt() >= 30, "time for Kafka Streams to close");
    assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());

    Map<String, String> mounts = new LinkedHashMap<>();
    container.path("volumeMounts").forEach(m -> mounts.put(m.path("name").asText(), m.path("mountPath").asText()));
    String claim = spec.path("volumeClaimTemplates").get(0).path("metadata").path("name").asText();
    assertEquals(STATE_DIR, mounts.get(claim), "the persistent claim holds the state dir");
    String configVolume = null;
    for (JsonNode v : pod.path("volumes")) {
      if ("cipherwatch-config".equals(v.path("configMap").path("name").asText())) {
        configVolume = v.path("name").asText();
      }
    }
    assertEquals(CONFIG_FILE, mounts.get(configVolume) + "/app.properties", "ConfigMap mounted as " + CONFIG_FILE);

    Properties config = configMapProperties();
    assertEquals("1", config.getProperty("num.standby.replicas"));
    assertEquals(STATE_DIR, config.getProperty("state.dir"));
    assertFalse(config.containsKey("application.server"), "application.server is per pod (KAFKA_APPLICATION_SERVER)");
    for (JsonNode port : k8sNamed("Service", "cipherwatch-metrics").path("spec").path("ports")) {
      assertEquals(MANAGEMENT_PORT, port.path("port").asText());
      assertEquals("management", port.path("targetPort").asText());
    }
    for (String name : List.of(headlessName, "cipherwatch-api")) {
      for (JsonNode port : k8sNamed("Service", name).path("spec").path("ports")) {
        assertEquals(HTTP_PORT, port.path("port").asText(), name);
        assertEquals("api", port.path("targetPort").asText(), name);
      }
    }
  }

  @Test
  void podIsLockedDown() {
    JsonNode pod = k8s("StatefulSet").path("spec").path("template").path("spec");
    JsonNode container = pod.path("containers").get(0);
    assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), "no service-account token");
    assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), "runAsNonRoot");
    assertTrue(pod.path("securityContext").path("runAsUser").asInt() > 0, "a non-root uid");
    JsonNode sc = container.path("securityContext");
    assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), "read-only root filesystem");
    assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), "no privilege escalation");
    assertEquals(List.of("ALL"), textList(sc.path("capabilities").path("drop")));
    for (String r : List.of("cpu", "memory")) {
      assertTrue(container.path("resources").path("limits").has(r), "resources.limits." + r);
      assertTrue(container.path("resources").path("requests").has(r), "resources.requests." + r);
    }

    // writable: the state dir on the PVC and /tmp on an emptyDir; everything else is read-only
    Map<String, JsonNode> volumes = new LinkedHashMap<>();
    pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
    String claim = k8s("StatefulSet").path("spec").path("volumeClaimTemplates").get(0).path("metadata").path("name")
        .asText();
    Map<String, String> writable = new LinkedHashMap<>();
    Map<String, String> secretDirs = new LinkedHashMap<>();
    for (JsonNode m : container.path("volumeMounts")) {
      String name = m.path("name").asText();
      JsonNode v = volumes.get(name);
      if (v != null && v.has("secret")) {
        assertTrue(m.path("readOnly").asBoolean(), name + ": Secrets are mounted read-only");
        assertTrue(m.path("mountPath").asText().startsWith(SECRETS_DIR), name);
        assertTrue(v.path("secret").path("defaultMode").asInt(0644) <= 0440, name + ": not world-readable");
        secretDirs.put(m.path("mountPath").asText() + "/", v.path("secret").path("secretName").asText());
      } else if (!m.path("readOnly").asBoolean()) {
        writable.put(name, m.path("mountPath").asText());
      }
    }
    assertEquals(Map.of(claim, STATE_DIR, "tmp", "/tmp"), writable);
    assertTrue(volumes.get("tmp").has("emptyDir"), "/tmp is an emptyDir");

    // every secret file the pod reads (*_FILE variables, file: values) is a key of a mounted Secret
    List<String> secretFiles = new ArrayList<>();
    container.path("env").forEach(e -> {
      if (e.path("name").asText().endsWith("_FILE")) {
        secretFiles.add(e.path("value").asText());
      }
    });
    Properties config = configMapProperties();
    for (String key : config.stringPropertyNames()) {
      String v = config.getProperty(key);
      if (v.startsWith(Secrets.FILE_PREFIX)) {
        secretFiles.add(v.substring(Secrets.FILE_PREFIX.length()));
      } else if (key.endsWith("-file") || key.endsWith(".keystore") || key.endsWith(".truststore")
          || key.endsWith(".location")) {
        secretFiles.add(v);
      }
    }
    assertTrue(secretFiles.size() >= 8, "Kafka, registry and API secrets all come from files: " + secretFiles);
    Map<String, Set<String>> secretKeys = exampleSecretKeys();
    for (String file : secretFiles) {
      String dir = file.substring(0, file.lastIndexOf('/') + 1);
      String secret = secretDirs.get(dir);
      assertNotNull(secret, file + " is not in a mounted Secret");
      assertTrue(secretKeys.getOrDefault(secret, Set.of()).contains(file.substring(dir.length())),
          file + ": key missing from Secret " + secret + " in secret.example.yaml");
    }
  }

  @Test
  void networkPolicyLimitsBothPortsAndEgress() {
    JsonNode policy = k8s("NetworkPolicy");
    JsonNode spec = policy.path("spec");
    assertEquals("cipherwatch", spec.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText());
    assertEquals(Set.of("Ingress", "Egress"), new HashSet<>(textList(spec.path("policyTypes"))));
    Set<String> ingressPorts = new HashSet<>();
    for (JsonNode rule : spec.path("ingress")) {
      assertTrue(rule.path("from").size() > 0, "every ingress rule names its sources");
      rule.path("ports").forEach(p -> ingressPorts.add(p.path("port").asText()));
    }
    assertEquals(Set.of("api", "management"), ingressPorts, "only the two listeners are reachable");
    assertTrue(spec.path("egress").size() > 0, "egress is restricted too");
    for (JsonNode rule : spec.path("egress")) {
      assertTrue(rule.path("to").size() > 0 && rule.path("ports").size() > 0, "every egress rule is scoped");
    }
  }

  @Test
  void theImageIsPinnedByDigest() {
    JsonNode images = OpsFiles.yaml(ROOT.resolve("deploy/kubernetes/kustomization.yaml")).path("images");
    String image = k8s("StatefulSet").path("spec").path("template").path("spec").path("containers").get(0)
        .path("image").asText();
    JsonNode entry = null;
    for (JsonNode i : images) {
      if (image.equals(i.path("name").asText())) {
        entry = i;
      }
    }
    assertNotNull(entry, "kustomization images: sets " + image);
    assertTrue(entry.path("digest").asText().matches("sha256:[0-9a-f]{64}"), "pinned by a sha256 digest");
    assertTrue(entry.path("newTag").isMissingNode(), "no movable tag");
    String job = OpsFiles.yamlDocuments(ROOT.resolve("deploy/kubernetes/schemas-job.example.yaml")).get(0)
        .path("spec").path("template").path("spec").path("containers").get(0).path("image").asText();
    assertTrue(job.matches(".+@sha256:[0-9a-f]{64}"), "the schemas Job pins its image too: " + job);
  }

  @Test
  void kustomizationListsEveryManifest() {
    Path dir = ROOT.resolve("deploy/kubernetes");
    Set<String> resources = new TreeSet<>(textList(OpsFiles.yaml(dir.resolve("kustomization.yaml")).path("resources")));
    Set<String> files = OpsFiles.files(dir, ".yaml").stream().map(p -> p.getFileName().toString())
        .filter(n -> !n.equals("kustomization.yaml") && !n.endsWith(".example.yaml"))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(files, resources);
  }

  // ------------------------------------------------------------------------------------------ helpers

  private static boolean documentedKey(String key) {
    return CIPHERWATCH_KEYS.contains(key) || KAFKA_KEYS.contains(key)
        || KAFKA_KEY_PREFIXES.stream().anyMatch(key::startsWith);
  }

  /** Asserts an environment variable maps to a documented key (or is one of {@link #OTHER_ENV}). */
  private static void assertDocumentedEnv(String variable, String where) {
    if (OTHER_ENV.contains(variable)) {
      return;
    }
    // NAME_FILE reads NAME's value from a file, unless NAME_FILE is itself a key's variable
    boolean fileKey = CIPHERWATCH_KEYS.stream().anyMatch(k -> envName(k).equals(variable));
    String var = variable.endsWith("_FILE") && !fileKey ? variable.substring(0, variable.length() - 5) : variable;
    boolean ok;
    if (var.startsWith("CIPHERWATCH_")) {
      ok = CIPHERWATCH_KEYS.stream().anyMatch(k -> envName(k).equals(var));
    } else if (var.startsWith("KAFKA_")) {
      ok = KAFKA_KEYS.stream().anyMatch(k -> ("KAFKA_" + envName(k)).equals(var))
          || KAFKA_KEY_PREFIXES.stream().anyMatch(p -> var.startsWith("KAFKA_" + envName(p)));
    } else {
      ok = false;
    }
    assertTrue(ok, where + ": environment variable " + var + " matches no documented configuration key");
  }

  /** cipherwatch.usage.window-size → CIPHERWATCH_USAGE_WINDOW_SIZE. */
  private static String envName(String key) {
    return key.toUpperCase().replace('.', '_').replace('-', '_');
  }

  private static JsonNode compose() {
    return OpsFiles.yaml(ROOT.resolve("deploy/docker-compose.yml"));
  }

  private static JsonNode service(String name) {
    JsonNode s = compose().path("services").path(name);
    assertTrue(s.isObject(), "compose service " + name);
    return s;
  }

  /** Bind mounts of a compose service: absolute host path → container path (named volumes keyed by name). */
  private static Map<String, String> mounts(JsonNode service) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String v : textList(service.path("volumes"))) {
      String[] parts = v.split(":");
      String source = parts[0].startsWith(".") ? ROOT.resolve("deploy").resolve(parts[0]).normalize().toString() : parts[0];
      out.put(source, parts[1]);
    }
    return out;
  }

  /** The container port of the StatefulSet's port with this name. */
  private static String containerPort(String portName) {
    for (JsonNode p : k8s("StatefulSet").path("spec").path("template").path("spec").path("containers").get(0)
        .path("ports")) {
      if (portName.equals(p.path("name").asText())) {
        return p.path("containerPort").asText();
      }
    }
    throw new AssertionError("no container port named " + portName);
  }

  private static String containerPort(JsonNode service, String fallback) {
    List<String> ports = textList(service.path("ports"));
    return ports.isEmpty() ? fallback : ports.get(0).substring(ports.get(0).lastIndexOf(':') + 1);
  }

  private static List<JsonNode> k8sDocuments() {
    List<JsonNode> docs = new ArrayList<>();
    for (Path f : OpsFiles.files(ROOT.resolve("deploy/kubernetes"), ".yaml")) {
      if (!f.getFileName().toString().endsWith(".example.yaml")) {
        docs.addAll(OpsFiles.yamlDocuments(f));
      }
    }
    return docs;
  }

  private static JsonNode k8s(String kind) {
    List<JsonNode> found = k8sDocuments().stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    assertEquals(1, found.size(), "exactly one " + kind + " in deploy/kubernetes");
    return found.get(0);
  }

  private static JsonNode k8sNamed(String kind, String name) {
    return k8sDocuments().stream()
        .filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.path("metadata").path("name").asText()))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/kubernetes"));
  }

  private static JsonNode selectedService(JsonNode matchLabels) {
    List<JsonNode> selected = new ArrayList<>();
    for (JsonNode d : k8sDocuments()) {
      if (!"Service".equals(d.path("kind").asText())) {
        continue;
      }
      JsonNode labels = d.path("metadata").path("labels");
      boolean all = true;
      for (var it = matchLabels.fields(); it.hasNext(); ) {
        var l = it.next();
        all &= l.getValue().asText().equals(labels.path(l.getKey()).asText(null));
      }
      if (all) {
        selected.add(d);
      }
    }
    assertEquals(1, selected.size(), "the ServiceMonitor must select exactly one Service (no double scrape)");
    return selected.get(0);
  }

  private static Properties configMapProperties() {
    return OpsFiles.properties(k8s("ConfigMap").path("data").path("app.properties").asText());
  }

  private static Map<String, Set<String>> exampleSecretKeys() {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (JsonNode d : OpsFiles.yamlDocuments(ROOT.resolve("deploy/kubernetes/secret.example.yaml"))) {
      Set<String> keys = new HashSet<>();
      d.path("stringData").fieldNames().forEachRemaining(keys::add);
      d.path("data").fieldNames().forEachRemaining(keys::add);
      out.put(d.path("metadata").path("name").asText(), keys);
    }
    return out;
  }

  private static Set<String> recordedSeries() {
    Set<String> out = new HashSet<>();
    for (JsonNode group : OpsFiles.yaml(RULES).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("record")) {
          out.add(rule.path("record").asText());
        }
      }
    }
    return out;
  }

  private static List<Path> dashboards() {
    List<Path> d = OpsFiles.files(ROOT.resolve("grafana/dashboards"), ".json");
    assertEquals(List.of("deprecation-campaign.json", "processor-health.json", "removal-readiness.json"),
        d.stream().map(p -> p.getFileName().toString()).toList());
    return d;
  }

  private static JsonNode provisionedDatasource() {
    JsonNode list = OpsFiles.yaml(ROOT.resolve("grafana/provisioning/datasources/prometheus.yml")).path("datasources");
    assertEquals(1, list.size(), "one provisioned datasource");
    return list.get(0);
  }

  private static JsonNode variable(JsonNode dashboard, String name) {
    for (JsonNode v : dashboard.path("templating").path("list")) {
      if (name.equals(v.path("name").asText())) {
        return v;
      }
    }
    return null;
  }

  private static List<JsonNode> allPanels(JsonNode dashboard) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : dashboard.path("panels")) {
      out.add(p);
      p.path("panels").forEach(out::add);
    }
    return out;
  }

  /** Every "datasource" value in the dashboard as "path=type/uid". */
  private static void collectDatasources(JsonNode node, String path, List<String> out) {
    if (node.isObject()) {
      for (var it = node.fields(); it.hasNext(); ) {
        var f = it.next();
        if (f.getKey().equals("datasource")) {
          out.add(path + "=" + f.getValue().path("type").asText() + "/" + f.getValue().path("uid").asText());
        } else {
          collectDatasources(f.getValue(), path + "." + f.getKey(), out);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectDatasources(node.get(i), path + "[" + i + "]", out);
      }
    }
  }

  private static List<String> textList(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (!node.isMissingNode() && !node.isNull()) {
      out.add(node.asText());
    }
    return out;
  }

  private static List<String> dockerfile() {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : OpsFiles.read(ROOT.resolve("deploy/Dockerfile")).split("\n")) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      lines.add(current.toString().strip());
      current.setLength(0);
    }
    return lines;
  }

  private static String last(List<String> lines, String instruction) {
    String found = null;
    for (String l : lines) {
      if (l.startsWith(instruction)) {
        found = l;
      }
    }
    assertNotNull(found, "Dockerfile has no " + instruction.strip());
    return found;
  }

  /** The JSON-array (exec) form of ENTRYPOINT/CMD/VOLUME; the shell form fails. */
  private static List<String> jsonArray(String instruction) {
    String args = instruction.substring(instruction.indexOf(' ') + 1).strip();
    assertTrue(args.startsWith("["), "exec form (JSON array) expected: " + instruction);
    try {
      return textList(OpsFiles.JSON.readTree(args));
    } catch (java.io.IOException e) {
      throw new AssertionError("Invalid JSON array in Dockerfile: " + instruction, e);
    }
  }
}
