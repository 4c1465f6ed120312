package io.cipherwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cipherwatch.embedded.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code policy show|set} against the real in-process broker. */
class PolicyCommandIT {
  static final ObjectMapper MAPPER = new ObjectMapper();

  static String[] run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int rc;
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      rc = Main.commandLine().execute(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new String[] {String.valueOf(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void showsTheConfiguredDefaultThenPublishesIncreasingVersions(@TempDir Path dir) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic("cipher-policy", 1, Map.of("cleanup.policy", "compact"));
      Path cfg = dir.resolve("app.properties");
      Files.writeString(cfg, "bootstrap.servers=" + kafka.bootstrapServers()
          + "\nschema.registry.url=mock://policy-it\n");
      String c = cfg.toString();

      String[] empty = run("policy", "show", "--config", c);
      assertEquals("0", empty[0], empty[2]);
      JsonNode d = MAPPER.readTree(empty[1]);
      assertEquals(0, d.get("version").asInt());
      assertEquals("configuration", d.get("source").asText());
      assertEquals("[\"0x003D\",\"0xC028\"]", d.get("deprecated").toString());

      String[] set = run("policy", "set", "--config", c, "--deprecated", "ECDHE-RSA-AES256-GCM-SHA384",
          "--candidate", "all-cbc=0x003D,0xC028,0x0035,0xC014", "--planned-removal", "2026-06-30");
      assertEquals("0", set[0], set[2]);
      JsonNode v1 = MAPPER.readTree(run("policy", "show", "--config", c)[1]);
      assertEquals(1, v1.get("version").asInt());
      assertEquals("topic", v1.get("source").asText());
      assertEquals("[\"0xC030\"]", v1.get("deprecated").toString());
      assertEquals(8, v1.get("supported").size(), "the supported set is kept from the configuration");
      assertEquals("2026-06-30", v1.get("plannedRemovalDate").asText());
      assertEquals("[\"0x003D\",\"0xC028\",\"0x0035\",\"0xC014\"]", v1.at("/candidateSets/all-cbc").toString());

      assertEquals("0", run("policy", "set", "--config", c, "--supported", "0xC02F,0xC030")[0]);
      JsonNode v2 = MAPPER.readTree(run("policy", "show", "--config", c)[1]);
      assertEquals(2, v2.get("version").asInt());
      assertEquals("[\"0xC030\"]", v2.get("deprecated").toString());
      assertEquals("[\"0xC02F\",\"0xC030\"]", v2.get("supported").toString());
      assertEquals(1, v2.get("candidateSets").size());

      String[] bad = run("policy", "set", "--config", c, "--deprecated", "NO-SUCH-SUITE");
      assertEquals("2", bad[0]);
      assertTrue(bad[2].contains("NO-SUCH-SUITE"), bad[2]);

      Files.writeString(cfg, "cipherwatch.topics.policy=missing-policy\n", java.nio.file.StandardOpenOption.APPEND);
      String[] missing = run("policy", "show", "--config", c);
      assertEquals("2", missing[0]);
      assertTrue(missing[2].contains("missing-policy does not exist"), missing[2]);
    }
  }
}
