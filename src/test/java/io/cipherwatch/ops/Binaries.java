package io.cipherwatch.ops;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the Prometheus binaries ({@code promtool}, {@code prometheus}) the ops tests run. Without them a
 * test is skipped with the reason, except under {@code CI=true}, where a missing binary fails the test.
 */
public final class Binaries {

  private Binaries() {}

  /** {@code promtool}: {@code $PROMTOOL} or the PATH. */
  public static Optional<Path> promtool() {
    return find("promtool", "PROMTOOL");
  }

  /** {@code prometheus}: {@code $PROMETHEUS} or the PATH. */
  public static Optional<Path> prometheus() {
    return find("prometheus", "PROMETHEUS");
  }

  /** The binary, or skips the calling test (fails it when {@code CI=true}). */
  public static Path require(String name, Optional<Path> binary) {
    if (binary.isPresent()) {
      return binary.get();
    }
    String reason = name + " is not installed (not on PATH, nor given by $" + name.toUpperCase()
        + "); install it with `apt-get install prometheus` (Debian) or from https://prometheus.io/download/";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(reason + " — required when CI=true");
    }
    Assumptions.abort(reason);
    throw new AssertionError("unreachable");
  }

  private static Optional<Path> find(String name, String envVar) {
    String explicit = System.getenv(envVar);
    if (explicit != null && !explicit.isBlank()) {
      Path p = Path.of(explicit);
      if (!Files.isExecutable(p)) {
        throw new IllegalStateException("$" + envVar + "=" + explicit + " is not an executable file");
      }
      return Optional.of(p);
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
