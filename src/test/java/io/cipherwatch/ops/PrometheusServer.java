package io.cipherwatch.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code prometheus} process for tests: listens on a free loopback port, scrapes one target every
 * second (and evaluates the given rule files every second), keeps its TSDB in a temporary directory and
 * answers instant queries through the HTTP API. Close it to stop the process and delete the directory.
 *
 * <pre>{@code
 * try (PrometheusServer prometheus = PrometheusServer.start("cipherwatch", "127.0.0.1:8080", List.of())) {
 *   prometheus.awaitSeries("up", Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class PrometheusServer implements AutoCloseable {

  /** The answer to an instant query: API status, error (if any) and the number of result series. */
  public record QueryResult(String status, String errorType, String error, String resultType, int resultCount,
      JsonNode body) {

    /** True when Prometheus parsed and evaluated the expression. */
    public boolean success() {
      return "success".equals(status);
    }
  }

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path dir;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusServer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /**
   * Starts Prometheus scraping {@code target} ({@code host:port}, path {@code /metrics}) as job {@code job},
   * loading {@code ruleFiles}; returns once {@code /-/ready} answers 200. Without a {@code prometheus}
   * binary the calling test is skipped (failed under {@code CI=true}), see {@link Binaries#require}.
   */
  public static PrometheusServer start(String job, String target, List<Path> ruleFiles)
      throws IOException, InterruptedException {
    return start(job, target, freePort(), ruleFiles);
  }

  /** Starts Prometheus scraping its own {@code /metrics} as job {@code prometheus}, loading {@code ruleFiles}. */
  public static PrometheusServer startScrapingItself(List<Path> ruleFiles) throws IOException, InterruptedException {
    int port = freePort();
    return start("prometheus", "127.0.0.1:" + port, port, ruleFiles);
  }

  private static PrometheusServer start(String job, String target, int port, List<Path> ruleFiles)
      throws IOException, InterruptedException {
    Path binary = Binaries.require("prometheus", Binaries.prometheus());
    Path dir = Files.createTempDirectory("prometheus-test");
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, config(job, target, ruleFiles));
    Path log = dir.resolve("prometheus.log");
    Process process = new ProcessBuilder(
        binary.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    PrometheusServer server = new PrometheusServer(process, dir, port);
    try {
      server.awaitReady(log);
      return server;
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The port Prometheus listens on (127.0.0.1). */
  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Runs an instant query ({@code GET /api/v1/query}); a parse error comes back as status "error", not an exception. */
  public QueryResult query(String expr) {
    JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    JsonNode result = body.path("data").path("result");
    return new QueryResult(body.path("status").asText(), body.path("errorType").asText(null),
        body.path("error").asText(null), body.path("data").path("resultType").asText(null),
        result.isArray() ? result.size() : (result.isMissingNode() ? 0 : 1), body);
  }

  /** Queries {@code expr} until it returns at least one series. */
  public QueryResult awaitSeries(String expr, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    QueryResult last = query(expr);
    while (!(last.success() && last.resultCount() > 0)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("No series for " + expr + " within " + timeout + "; last answer: " + last.body());
      }
      Thread.sleep(250);
      last = query(expr);
    }
    return last;
  }

  /** GET of any API path (e.g. {@code /api/v1/rules}), parsed as JSON. */
  public JsonNode get(String pathAndQuery) {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return OpsFiles.JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + pathAndQuery + " on Prometheus at " + baseUrl() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during GET " + pathAndQuery, e);
    }
  }

  /** Stops Prometheus (SIGTERM, then SIGKILL after 10 s) and deletes its directory. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete Prometheus test directory " + dir, e);
    }
  }

  private void awaitReady(Path log) throws IOException, InterruptedException {
    HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/-/ready"))
        .timeout(Duration.ofSeconds(2)).GET().build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("prometheus exited with code " + process.exitValue() + " before becoming ready:\n"
            + tail(log));
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // keep polling until the deadline
      }
      Thread.sleep(200);
    }
    throw new IOException("prometheus was not ready on port " + port + " within " + START_TIMEOUT + ":\n" + tail(log));
  }

  private static String config(String job, String target, List<Path> ruleFiles) {
    StringBuilder sb = new StringBuilder()
        .append("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n");
    if (!ruleFiles.isEmpty()) {
      sb.append("rule_files:\n");
      for (Path rules : ruleFiles) {
        sb.append("  - ").append(quote(rules.toAbsolutePath().toString())).append('\n');
      }
    }
    return sb.append("scrape_configs:\n")
        .append("  - job_name: ").append(quote(job)).append('\n')
        .append("    scrape_interval: 1s\n")
        .append("    static_configs:\n")
        .append("      - targets: [").append(quote(target)).append("]\n")
        .toString();
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(log));
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
