package io.cipherwatch.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cipherwatch.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay --usage}: the topology's own modes (cipherwatch.usage.emit). Filling the on-change rows forward,
 * window by window, gives the every-window rows (a zero row standing for no row); {@code none} writes no usage
 * file and changes nothing else.
 */
class ReplayUsageOutputTest {
  private static final long ADVANCE = Duration.ofMinutes(5).toMillis();
  private static final List<String> COUNTS = List.of("handshakes", "establishedHandshakes", "failedHandshakes",
      "deprecatedHandshakes", "wouldBreakHandshakes", "cleanHandshakes", "offersDeprecatedHandshakes",
      "prefersDeprecatedHandshakes", "deprecatedOnlyHandshakes", "cipherCounts", "riskLevel", "deprecatedShare",
      "wouldBreakShare");

  @TempDir static Path dir;
  static Path events;
  static Path trunks;

  @BeforeAll
  static void simulate() {
    events = dir.resolve("ev.jsonl");
    trunks = dir.resolve("tr.jsonl");
    // few trunks, sparse traffic: keys go silent and come back, counts repeat and change
    assertEquals(0, Main.commandLine().execute("simulate", "--out", events.toString(), "--trunks-out",
        trunks.toString(), "--count", "3000", "--trunks", "40", "--span", "PT12H", "--seed", "3",
        "--start", "2026-03-02T00:00:00Z"));
  }

  private static Path replay(String usage) {
    Path out = dir.resolve("out-" + usage);
    assertEquals(0, Main.commandLine().execute("replay", "--events", events.toString(), "--trunks",
        trunks.toString(), "--out", out.toString(), "--usage", usage));
    return out;
  }

  @Test
  void fillingOnChangeRowsForwardGivesEveryWindowRows() throws Exception {
    List<JsonNode> every = ReplayCommandTest.read(replay("every-window").resolve("usage.jsonl"));
    List<JsonNode> onChange = ReplayCommandTest.read(replay("on-change").resolve("usage.jsonl"));
    assertTrue(onChange.size() < every.size(), onChange.size() + " on-change rows, " + every.size() + " in all");

    Map<String, Map<Long, JsonNode>> expected = byKeyAndWindow(every);
    Map<String, Map<Long, JsonNode>> changes = byKeyAndWindow(onChange);
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (JsonNode r : every) {
      first = Math.min(first, start(r));
      last = Math.max(last, start(r));
    }
    boolean sawZero = false;
    for (String key : changes.keySet()) {
      JsonNode current = null;
      for (long w = first; w <= last + ADVANCE; w += ADVANCE) {
        JsonNode change = changes.get(key).get(w);
        if (change != null) {
          current = change;
        }
        JsonNode want = expected.getOrDefault(key, Map.of()).get(w);
        boolean filledIsZero = current == null || current.get("handshakes").asLong() == 0;
        sawZero |= current != null && filledIsZero;
        if (want == null) {
          assertTrue(filledIsZero, key + " at " + Instant.ofEpochMilli(w) + ": no row expected, got " + current);
        } else {
          assertFalse(filledIsZero, key + " at " + Instant.ofEpochMilli(w) + ": expected " + want);
          assertEquals(counts(want), counts(current), key + " at " + Instant.ofEpochMilli(w));
        }
      }
    }
    assertEquals(expected.keySet(), changes.keySet());
    assertTrue(sawZero, "the input makes some key go silent");
  }

  @Test
  void onChangeIsTheTopologysModeSetInTheConfigurationOrByTheOption() throws Exception {
    Path cfg = dir.resolve("on-change.properties");
    Files.writeString(cfg, "cipherwatch.usage.emit=on-change\n");
    Path out = dir.resolve("out-configured");
    assertEquals(0, Main.commandLine().execute("replay", "--events", events.toString(), "--trunks",
        trunks.toString(), "--config", cfg.toString(), "--out", out.toString()));
    assertEquals(Files.readAllLines(replay("on-change").resolve("usage.jsonl")),
        Files.readAllLines(out.resolve("usage.jsonl")));
    // the option wins over the configuration
    Path every = dir.resolve("out-every-over-configured");
    assertEquals(0, Main.commandLine().execute("replay", "--events", events.toString(), "--trunks",
        trunks.toString(), "--config", cfg.toString(), "--out", every.toString(), "--usage", "every-window"));
    assertEquals(Files.readAllLines(replay("every-window").resolve("usage.jsonl")),
        Files.readAllLines(every.resolve("usage.jsonl")));
  }

  @Test
  void noneWritesNoUsageFileAndTheSameOtherOutputs() throws Exception {
    Path every = replay("every-window");
    Path none = replay("none");
    assertFalse(Files.exists(none.resolve("usage.jsonl")));
    for (String f : List.of("fleet.jsonl", "alerts.jsonl", "rejected.jsonl")) {
      assertEquals(Files.readAllLines(every.resolve(f)), Files.readAllLines(none.resolve(f)), f);
    }
  }

  @Test
  void anUnknownChoiceIsABadOption() {
    assertEquals(2, Main.commandLine().execute("replay", "--events", events.toString(), "--out",
        dir.resolve("x").toString(), "--usage", "sometimes"));
  }

  private static long start(JsonNode r) {
    return Instant.parse(r.get("windowStart").asText()).toEpochMilli();
  }

  private static Map<String, Map<Long, JsonNode>> byKeyAndWindow(List<JsonNode> rows) {
    Map<String, Map<Long, JsonNode>> m = new TreeMap<>();
    for (JsonNode r : rows) {
      String key = r.get("trunkId").asText() + "|" + r.get("direction").asText();
      JsonNode before = m.computeIfAbsent(key, k -> new HashMap<>()).put(start(r), r);
      assertEquals(null, before, "one row per key and window: " + key + " " + r.get("windowStart"));
    }
    return m;
  }

  private static ObjectNode counts(JsonNode r) {
    ObjectNode n = ReplayCommandTest.MAPPER.createObjectNode();
    COUNTS.forEach(f -> n.set(f, r.get(f)));
    return n;
  }
}
