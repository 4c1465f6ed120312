package io.cipherwatch.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension giving integration tests a real schema registry: Apicurio Registry 2.1.5.Final
 * (Confluent-compatible API at {@code /apis/ccompat/v6}, in-memory storage) running as its own process on
 * a free loopback port, shared by every IT class of the JVM and killed when the JVM exits.
 *
 * <p>On first use it builds the registry from {@code src/test/registry/pom.xml} into {@code target/registry}
 * (skipped while the runner jar is newer than that pom and its application.properties) with the Maven,
 * offline flag and local repository of the outer build (passed by failsafe as {@code cipherwatch.it.maven.*}).
 * A cold build (empty local repository) downloads about 180 MB from Maven Central and took 84 s here;
 * with a warm repository it takes about 20 s, and the registry starts in 3-6 s on 2 cores.
 * The registry's compatibility level is set to BACKWARD through its ccompat API.
 */
public final class ApicurioRegistryExtension implements BeforeAllCallback {
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static String ccompatUrl;
  private static Process process;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  /** Base URL of the Confluent-compatible API, e.g. {@code http://127.0.0.1:40123/apis/ccompat/v6}. */
  public static synchronized String ccompatUrl() {
    if (ccompatUrl == null) {
      throw new IllegalStateException("Apicurio registry not started: add @ExtendWith(ApicurioRegistryExtension.class)");
    }
    return ccompatUrl;
  }

  private static synchronized void start() throws Exception {
    if (ccompatUrl != null) {
      return;
    }
    Path basedir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path out = basedir.resolve("target/registry");
    Path jar = buildIfNeeded(basedir, out);
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = out.resolve("registry.log");
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:TieredStopAtLevel=1",
        "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
        "-Dquarkus.log.console.level=WARN",
        "-jar", jar.toString());
    long t0 = System.nanoTime();
    process = new ProcessBuilder(cmd).directory(out.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    Process started = process;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started), "apicurio-registry-stop"));
    String base = "http://127.0.0.1:" + port;
    waitUntilReady(base, log);
    System.out.printf("[apicurio] registry ready at %s after %d ms (pid %d, log %s)%n",
        base, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), process.pid(), log);
    String url = base + "/apis/ccompat/v6";
    HttpResponse<String> config = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/config"))
        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"BACKWARD\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (config.statusCode() != 200) {
      throw new IllegalStateException("Could not set BACKWARD compatibility: HTTP " + config.statusCode() + " " + config.body());
    }
    ccompatUrl = url;
  }

  private static Path buildIfNeeded(Path basedir, Path out) throws Exception {
    Path wrapper = basedir.resolve("src/test/registry");
    Path jar = out.resolve("apicurio-registry-wrapper-0.1.0-runner.jar");
    long sources = Math.max(Files.getLastModifiedTime(wrapper.resolve("pom.xml")).toMillis(),
        Files.getLastModifiedTime(wrapper.resolve("src/main/resources/application.properties")).toMillis());
    if (Files.exists(jar) && Files.getLastModifiedTime(jar).toMillis() >= sources) {
      return jar;
    }
    String mavenHome = System.getProperty("cipherwatch.it.maven.home", "");
    Path mvn = mavenHome.isBlank() ? Path.of("mvn") : Path.of(mavenHome, "bin", "mvn");
    List<String> cmd = new ArrayList<>(List.of(mvn.toString(), "-B", "-q", "-f", wrapper.resolve("pom.xml").toString(),
        "-Dregistry.out=" + out, "package"));
    if (System.getProperty("cipherwatch.it.maven.offline", "").equals("offline=true")) {
      cmd.add(1, "-o");
    }
    String repo = System.getProperty("cipherwatch.it.maven.repo.local", "");
    if (!repo.isBlank()) {
      cmd.add(1, "-Dmaven.repo.local=" + repo);
    }
    Files.createDirectories(out.getParent());
    Path log = out.getParent().resolve("registry-build.log");
    System.out.println("[apicurio] building the test registry (first time: several minutes): " + String.join(" ", cmd));
    long t0 = System.nanoTime();
    Process build = new ProcessBuilder(cmd).directory(basedir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!build.waitFor(BUILD_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
      build.destroyForcibly();
      throw new IllegalStateException("Building the Apicurio registry took over " + BUILD_TIMEOUT + "; see " + log);
    }
    if (build.exitValue() != 0 || !Files.exists(jar)) {
      throw new IllegalStateException("Building the Apicurio registry failed (exit " + build.exitValue() + "): "
          + tail(log) + "\nFull log: " + log);
    }
    System.out.printf("[apicurio] registry built in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));
    return jar;
  }

  private static void waitUntilReady(String base, Path log) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Apicurio registry exited with " + process.exitValue() + ": " + tail(log));
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    stop(process);
    throw new IllegalStateException("Apicurio registry not ready within " + START_TIMEOUT + ": " + tail(log));
  }

  private static void stop(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(Path log) {
    try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
      List<String> all = lines.toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
