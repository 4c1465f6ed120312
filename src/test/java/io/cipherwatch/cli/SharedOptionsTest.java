package io.cipherwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;

/** The options shared through mixins keep their names and defaults in every command that has them. */
class SharedOptionsTest {
  private static Set<String> options(String command) {
    Set<String> names = new TreeSet<>();
    for (OptionSpec o : Main.commandLine().getSubcommands().get(command).getCommandSpec().options()) {
      names.addAll(Set.of(o.names()));
    }
    return names;
  }

  private static String defaultOf(String command, String option) {
    return Main.commandLine().getSubcommands().get(command).getCommandSpec().findOption(option).defaultValue();
  }

  @Test
  void optionNamesAreUnchanged() {
    Set<String> std = Set.of("-h", "--help", "-V", "--version", "-v", "--verbose");
    assertEquals(with(std, "--config"), options("run"));
    assertEquals(with(std, "--events", "--trunks", "--config", "--out", "--usage"), options("replay"));
    assertEquals(with(std, "--bootstrap-servers", "--schema-registry-url", "--config", "--topic", "--metadata-topic",
        "--rate", "--duration", "--count", "--trunks", "--seed", "--no-faults", "--out", "--trunks-out", "--start",
        "--span", "--progress-every"), options("simulate"));
    assertEquals(with(std, "--trunks", "--rate", "--http-port", "--management-port", "--duration", "--summary-every", "--data-dir",
        "--seed", "--no-faults"), options("demo"));
  }

  @Test
  void theFleetDefaultsAreUnchanged() {
    for (String command : new String[] {"demo", "simulate"}) {
      assertEquals("300", defaultOf(command, "--trunks"), command);
      assertEquals("1", defaultOf(command, "--seed"), command);
    }
  }

  private static Set<String> with(Set<String> base, String... more) {
    Set<String> s = new TreeSet<>(base);
    s.addAll(Set.of(more));
    return s;
  }
}
