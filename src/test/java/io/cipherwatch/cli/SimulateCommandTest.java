package io.cipherwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cipherwatch.simulate.FaultKind;
import io.cipherwatch.simulate.JsonlExport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Runs a command in-process; returns {exit code, stdout}. */
  static Object[] run(String... args) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    int rc;
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      rc = Main.commandLine().execute(args);
    } finally {
      System.setOut(old);
    }
    return new Object[] {rc, buf.toString(StandardCharsets.UTF_8)};
  }

  private static long number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), "no match for " + regex + " in:\n" + text);
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  @Test
  void jsonlOutputRoundTripsThroughReplay(@TempDir Path dir) throws Exception {
    Path events = dir.resolve("events.jsonl");
    Path trunks = dir.resolve("trunks.jsonl");
    Object[] sim = run("simulate", "--out", events.toString(), "--trunks-out", trunks.toString(), "--count", "12000",
        "--trunks", "60", "--seed", "5", "--start", "2026-03-02T08:00:00Z", "--span", "PT3H");
    assertEquals(0, sim[0], (String) sim[1]);
    String simOut = (String) sim[1];
    long malformed = number(simOut, "\\(([\\d,]+) deliberately malformed\\)");
    assertTrue(malformed > 0, "the default fault rate (0.2%) yields malformed records in 12,000");

    List<String> lines = Files.readAllLines(events);
    assertEquals(12_000, lines.size());
    assertEquals(60, Files.readAllLines(trunks).size());
    Instant first = Instant.MAX;
    Instant last = Instant.MIN;
    long undecodable = 0;
    for (String line : lines) {
      if (line.startsWith(JsonlExport.UNDECODABLE_PREFIX)) {
        undecodable++;
        assertThrows(JsonProcessingException.class, () -> MAPPER.readTree(line));
        continue;
      }
      JsonNode e = MAPPER.readTree(line);
      Instant t = Instant.parse(e.get("timestamp").asText());
      first = t.isBefore(first) ? t : first;
      last = t.isAfter(last) ? t : last;
    }
    assertTrue(!first.isBefore(Instant.parse("2026-03-02T08:00:00Z")) && first.isBefore(Instant.parse(
        "2026-03-02T08:05:00Z")), "events start at --start: " + first);
    assertTrue(last.isAfter(Instant.parse("2026-03-02T10:55:00Z")) && last.isBefore(Instant.parse(
        "2026-03-02T11:00:00Z")), "events end at --start + --span: " + last);

    Path out = dir.resolve("replay");
    Object[] replay = run("replay", "--events", events.toString(), "--trunks", trunks.toString(), "--out",
        out.toString());
    assertEquals(0, replay[0], (String) replay[1]);
    String replayOut = (String) replay[1];
    assertEquals(malformed, number(replayOut, "([\\d,]+) rejected"), "every malformed record, and nothing else,"
        + " is rejected:\n" + replayOut);
    List<String> usage = Files.readAllLines(out.resolve("usage.jsonl"));
    List<String> alerts = Files.readAllLines(out.resolve("alerts.jsonl"));
    assertFalse(usage.isEmpty(), "usage rows");
    assertFalse(alerts.isEmpty(), "alerts");
    assertTrue(alerts.stream().anyMatch(a -> a.contains("\"type\":\"DEPRECATED_ONLY\"")), "legacy trunks alert");
    assertTrue(usage.stream().anyMatch(u -> u.contains("\"organizationName\":\"") && !u.contains(
        "\"organizationName\":null")), "trunk metadata joined");

    Set<String> reasons = new HashSet<>();
    for (String r : Files.readAllLines(out.resolve("rejected.jsonl"))) {
      reasons.add(MAPPER.readTree(r).get("reason").asText());
    }
    Set<String> allowed = Arrays.stream(FaultKind.values()).map(Enum::name).collect(Collectors.toSet());
    allowed.add("BAD_JSON");
    assertTrue(allowed.containsAll(reasons), "rejections are the simulator's faults: " + reasons);
    assertEquals(undecodable, number(replayOut, "BAD_JSON=(\\d+)"), "undecodable records become BAD_JSON");
  }

  @Test
  void sameSeedSameFiles(@TempDir Path dir) throws Exception {
    for (String name : new String[] {"a", "b"}) {
      Object[] r = run("simulate", "--out", dir.resolve(name + ".jsonl").toString(), "--count", "2000",
          "--trunks", "30", "--seed", "9", "--start", "2026-03-02T08:00:00Z");
      assertEquals(0, r[0], (String) r[1]);
    }
    assertEquals(-1, Files.mismatch(dir.resolve("a.jsonl"), dir.resolve("b.jsonl")));
    run("simulate", "--out", dir.resolve("c.jsonl").toString(), "--count", "2000", "--trunks", "30", "--seed",
        "10", "--start", "2026-03-02T08:00:00Z");
    assertTrue(Files.mismatch(dir.resolve("a.jsonl"), dir.resolve("c.jsonl")) >= 0, "another seed differs");
  }

  @Test
  void noFaultsMeansEveryLineIsAValidEvent(@TempDir Path dir) throws Exception {
    Path events = dir.resolve("events.jsonl");
    Object[] r = run("simulate", "--out", events.toString(), "--count", "5000", "--trunks", "40", "--no-faults");
    assertEquals(0, r[0], (String) r[1]);
    assertTrue(((String) r[1]).contains("(0 deliberately malformed)"), (String) r[1]);
    for (String line : Files.readAllLines(events)) {
      JsonNode e = MAPPER.readTree(line);
      assertFalse(e.get("trunkId").asText().isBlank());
      assertFalse(e.get("edgeId").asText().isBlank());
    }
  }

  @Test
  void contradictoryOrMissingOptionsExitWith2(@TempDir Path dir) {
    String out = dir.resolve("e.jsonl").toString();
    assertEquals(2, run("simulate", "--out", out, "--duration", "10s")[0]);
    assertEquals(2, run("simulate", "--out", out, "--rate", "10")[0]);
    assertEquals(2, run("simulate", "--out", out, "--start", "yesterday")[0]);
    assertEquals(2, run("simulate", "--trunks-out", out)[0]);
    assertEquals(2, run("simulate", "--start", "2026-03-02T08:00:00Z", "--bootstrap-servers", "x:9092",
        "--schema-registry-url", "mock://x")[0]);
    assertEquals(2, run("simulate", "--bootstrap-servers", "x:9092")[0], "registry missing");
    assertEquals(2, run("simulate", "--bootstrap-servers", "x:9092", "--schema-registry-url", "mock://x",
        "--count", "5", "--duration", "5s")[0]);
    assertEquals(2, run("simulate", "--out", out, "--trunks", "0")[0]);
    assertEquals(2, run("simulate", "--out", out, "--count", "0")[0]);
    assertEquals(2, run("simulate", "--out", out, "--span", "forever")[0]);
    assertFalse(Files.exists(dir.resolve("e.jsonl")), "nothing written on a usage error");
  }
}
