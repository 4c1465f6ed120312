package io.cipherwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.embedded.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run}'s start-up checks say what is wrong and exit 2. */
class RunCommandIT {
  static int run(StringBuilder err, String... args) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.err;
    try {
      System.setErr(new PrintStream(buf, true));
      return Main.commandLine().execute(args);
    } finally {
      System.setErr(old);
      err.append(buf);
    }
  }

  @Test
  void missingBootstrapServersIsNamed(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("app.properties");
    Files.writeString(cfg, "schema.registry.url=mock://run-test\n");
    StringBuilder err = new StringBuilder();
    assertEquals(2, run(err, "run", "--config", cfg.toString()));
    assertTrue(err.toString().contains("bootstrap.servers is not set"), err.toString());
  }

  @Test
  void missingTopicsAreNamedWithTheTwoWaysToFixIt(@TempDir Path dir) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(1, "tls-handshakes");
      Path cfg = dir.resolve("app.properties");
      Files.writeString(cfg, "bootstrap.servers=" + kafka.bootstrapServers() + "\nschema.registry.url=mock://run-test\n"
          + "state.dir=" + dir.resolve("state") + "\ncipherwatch.http.port=0\ncipherwatch.management.port=0\n");
      StringBuilder err = new StringBuilder();
      assertEquals(2, run(err, "run", "--config", cfg.toString()));
      assertTrue(err.toString().contains("Missing topic(s) [trunk-metadata, cipher-usage"), err.toString());
      assertTrue(err.toString().contains("cipherwatch.topics.create=true"), err.toString());
    }
  }

  @Test
  void unreadableConfigFileAndBadValuesExit2(@TempDir Path dir) throws Exception {
    StringBuilder err = new StringBuilder();
    assertEquals(2, run(err, "run", "--config", dir.resolve("nope.properties").toString()));
    assertTrue(err.toString().contains("nope.properties"), err.toString());
    Path cfg = dir.resolve("bad.properties");
    Files.writeString(cfg, "cipherwatch.usage.window.size=one hour\n");
    err.setLength(0);
    assertEquals(2, run(err, "run", "--config", cfg.toString()));
    assertTrue(err.toString().contains("cipherwatch.usage.window.size: 'one hour' is not an ISO-8601 duration"),
        err.toString());
  }
}
