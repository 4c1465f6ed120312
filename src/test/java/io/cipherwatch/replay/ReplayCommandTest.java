package io.cipherwatch.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cipherwatch.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
  static final ObjectMapper MAPPER = new ObjectMapper();

  static List<JsonNode> read(Path p) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(p)) {
      out.add(MAPPER.readTree(line));
    }
    return out;
  }

  @Test
  void replaysLenientJsonAndWritesEveryFinalWindow(@TempDir Path dir) throws Exception {
    Path events = dir.resolve("events.jsonl");
    Files.write(events, List.of(
        // epoch millis, int codes, GREASE
        "{\"eventId\":\"a\",\"edgeId\":\"e1\",\"trunkId\":\"t1\",\"direction\":\"INBOUND\",\"timestamp\":1772445600000,"
            + "\"protocolVersion\":\"TLSv1.2\",\"offeredCipherSuites\":[2570,49192,49200],\"negotiatedCipherSuite\":49192,"
            + "\"outcome\":\"ESTABLISHED\"}",
        // ISO time, hex / pair / names, no eventId, no outcome, lower-case direction
        "{\"edgeId\":\"e1\",\"trunkId\":\"t1\",\"direction\":\"inbound\",\"timestamp\":\"2026-03-02T10:05:00Z\","
            + "\"offeredCipherSuites\":[\"0x003D\",\"0x00,0x2F\"],\"negotiatedCipherSuite\":\"AES256-SHA256\"}",
        "",
        "{\"edgeId\":\"e1\",\"trunkId\":\"t2\",\"direction\":\"OUTBOUND\",\"timestamp\":\"2026-03-02T10:06:00Z\","
            + "\"offeredCipherSuites\":\"ECDHE-RSA-AES256-GCM-SHA384:TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384\","
            + "\"negotiatedCipherSuite\":\"0xc030\"}",
        "not json",
        "{\"edgeId\":\"e1\",\"trunkId\":\"t1\",\"direction\":\"sideways\",\"timestamp\":1}",
        "{\"edgeId\":\"e1\",\"trunkId\":\"t1\",\"direction\":\"INBOUND\",\"timestamp\":1772445600000,"
            + "\"offeredCipherSuites\":[\"NO-SUCH-CIPHER\"]}",
        "{\"edgeId\":\"\",\"trunkId\":\"t1\",\"direction\":\"INBOUND\",\"timestamp\":1772445600000,"
            + "\"offeredCipherSuites\":[49200],\"negotiatedCipherSuite\":49200}"));
    Path trunks = dir.resolve("trunks.jsonl");
    Files.write(trunks, List.of("{\"trunkId\":\"t1\",\"trunkName\":\"Main\",\"organizationId\":\"o1\","
        + "\"organizationName\":\"Acme\",\"trunkType\":\"BYOC_CLOUD\",\"carrier\":\"Lumen\",\"region\":\"us-east-1\","
        + "\"contact\":\"noc@acme.example\",\"labels\":{\"tier\":\"gold\"}}"));
    Path cfg = dir.resolve("replay.properties");
    Files.writeString(cfg, "cipherwatch.usage.window.size=PT10M\ncipherwatch.usage.window.advance=PT5M\n");
    Path out = dir.resolve("out");

    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    PrintStream old = System.out;
    int rc;
    try {
      System.setOut(new PrintStream(stdout, true));
      rc = Main.commandLine().execute("replay", "--events", events.toString(), "--trunks", trunks.toString(),
          "--config", cfg.toString(), "--out", out.toString());
    } finally {
      System.setOut(old);
    }
    assertEquals(0, rc);
    String summary = stdout.toString();
    assertTrue(summary.contains("4 events"), summary);
    assertTrue(summary.contains("4 rejected"), summary);

    List<JsonNode> usage = read(out.resolve("usage.jsonl"));
    Set<String> keys = new HashSet<>();
    for (JsonNode u : usage) {
      assertTrue(keys.add(u.get("trunkId").asText() + u.get("direction").asText() + u.get("windowStart").asText()));
    }
    // t1 inbound at 10:00 and 10:05 -> windows 09:55, 10:00, 10:05 ; t2 outbound at 10:06 -> 10:00, 10:05
    assertEquals(5, usage.size());
    JsonNode t1 = usage.stream().filter(u -> u.get("trunkId").asText().equals("t1")
        && u.get("windowStart").asText().equals("2026-03-02T10:00:00Z")).findFirst().orElseThrow();
    assertEquals(2, t1.get("handshakes").asInt());
    assertEquals("CRITICAL", t1.get("riskLevel").asText());
    assertEquals("Acme", t1.get("organizationName").asText());
    assertEquals(1, t1.get("cipherCounts").get("TLS_RSA_WITH_AES_256_CBC_SHA256").asInt());
    assertEquals("2026-03-02T10:10:00Z", t1.get("windowEnd").asText());

    List<JsonNode> fleet = read(out.resolve("fleet.jsonl"));
    assertEquals(5, fleet.size());
    List<JsonNode> alerts = read(out.resolve("alerts.jsonl"));
    assertTrue(alerts.size() >= 2, "PREFERS_DEPRECATED and DEPRECATED_ONLY opened");
    for (int i = 1; i < alerts.size(); i++) {
      assertTrue(alerts.get(i).get("eventTime").asText().compareTo(alerts.get(i - 1).get("eventTime").asText()) >= 0);
    }
    List<JsonNode> rejected = read(out.resolve("rejected.jsonl"));
    assertEquals(List.of("BAD_JSON", "BAD_DIRECTION", "BAD_CIPHER_SUITE", "BLANK_EDGE_ID"),
        rejected.stream().map(r -> r.get("reason").asText()).toList());
    assertEquals(List.of(5, 6, 7, 8), rejected.stream().map(r -> r.get("line").asInt()).toList());
    assertTrue(rejected.get(2).get("message").asText().contains("NO-SUCH-CIPHER"));
  }

  @Test
  void unreadableFileOrBadOptionIsANonZeroExitWithAMessage(@TempDir Path dir) {
    assertNotEquals(0, Main.commandLine().execute("replay", "--events", dir.resolve("missing.jsonl").toString(),
        "--out", dir.toString()));
    assertEquals(2, Main.commandLine().execute("replay", "--bogus"));
  }

  @Test
  void eventsFromTheLastMinutesReplayLikeOldOnes(@TempDir Path dir) throws Exception {
    Path events = dir.resolve("recent.jsonl");
    String now = java.time.Instant.now().minusSeconds(60).toString();
    Files.write(events, List.of("{\"eventId\":\"r\",\"edgeId\":\"e1\",\"trunkId\":\"t1\",\"direction\":\"INBOUND\","
        + "\"timestamp\":\"" + now + "\",\"offeredCipherSuites\":[49200,61],\"negotiatedCipherSuite\":49200}"));
    Path out = dir.resolve("out");
    assertEquals(0, Main.commandLine().execute("replay", "--events", events.toString(), "--out", out.toString()));
    assertEquals(List.of(), Files.readAllLines(out.resolve("rejected.jsonl")),
        "the closing tick, up to a window past now, is not an edge clock running fast");
    assertTrue(Files.readAllLines(out.resolve("usage.jsonl")).stream().anyMatch(l -> l.contains("\"t1\"")));
  }
}
