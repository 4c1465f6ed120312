package io.cipherwatch.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.cli.Main;
import io.cipherwatch.embedded.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} with a malformed registry URL holding credentials: a clear start-up error, no password anywhere. */
class RegistryUrlSecretIT {
  private static final String SECRET = "Zq8-registry-secret";

  @Test
  void aMalformedUrlWithAPasswordEndsRunWithoutPrintingIt(@TempDir Path dir) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      for (String url : new String[] {"https://svc:" + SECRET + "@@registry:8081", "https://svc:" + SECRET + "@reg istry",
          "https://svc:" + SECRET + "/x@registry:8081%zz"}) {
        Path cfg = dir.resolve("app.properties");
        Files.writeString(cfg, "bootstrap.servers=" + kafka.bootstrapServers() + "\nschema.registry.url=" + url
            + "\nstate.dir=" + dir.resolve("state") + "\ncipherwatch.http.port=0\ncipherwatch.http.bind=127.0.0.1\n"
            + "cipherwatch.topics.create=true\ncipherwatch.topics.partitions=1\ncipherwatch.topics.replication-factor=1\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        int exit;
        try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
          System.setErr(capture);
          System.setOut(capture);
          exit = Main.commandLine().execute("run", "--config", cfg.toString());
        } finally {
          System.setErr(oldErr);
          System.setOut(oldOut);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(2, exit, printed);
        assertTrue(printed.contains("schema.registry.url"), printed);
        assertFalse(printed.contains(SECRET), printed);
        assertFalse(printed.contains("\tat "), "a message, not a stack trace: " + printed);
      }
    }
  }
}
