package io.cipherwatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Validates the Prometheus configuration, rules and rule unit tests with {@code promtool}. Skipped when
 * promtool is not installed, failed instead under {@code CI=true}.
 */
class PromtoolTest {

  @Test
  void configIsValid() throws Exception {
    String out = promtool("check", "config", "deploy/prometheus/prometheus.yml");
    assertTrue(out.contains("1 rule files found"), "prometheus.yml must load the rules file:\n" + out);
  }

  @Test
  void rulesAreValid() throws Exception {
    List<String> args = new ArrayList<>(List.of("check", "rules"));
    List<Path> files = OpsFiles.files(OpsFiles.path("deploy/prometheus/rules"), ".yml");
    assertFalse(files.isEmpty(), "no rules in deploy/prometheus/rules");
    files.forEach(f -> args.add(OpsFiles.root().relativize(f).toString()));
    promtool(args.toArray(String[]::new));
  }

  @Test
  void ruleUnitTestsPass() throws Exception {
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    List<Path> files = OpsFiles.files(OpsFiles.path("deploy/prometheus/tests"), ".yml");
    assertFalse(files.isEmpty(), "no promtool tests in deploy/prometheus/tests");
    files.forEach(f -> args.add(OpsFiles.root().relativize(f).toString()));
    promtool(args.toArray(String[]::new));
  }

  /** Runs promtool in the repository root; asserts exit code 0 and returns its output. */
  private static String promtool(String... args) throws IOException, InterruptedException {
    Path promtool = Binaries.require("promtool", Binaries.promtool());
    List<String> command = new ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(OpsFiles.root().toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish: " + command);
    assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
    return out;
  }
}
