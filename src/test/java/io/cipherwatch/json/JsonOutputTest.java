package io.cipherwatch.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.RiskLevel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streaming JSONL writer writes exactly what {@link JsonOutput#line} writes. */
class JsonOutputTest {
  @Test
  void linesWritesTheSameJsonAsLine() throws Exception {
    Map<String, Long> ciphers = new LinkedHashMap<>();
    ciphers.put("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", 7L);
    ciphers.put("TLS_RSA_WITH_AES_128_CBC_SHA \"quoted\" \u00e9", 2L);
    CipherUsage usage = new CipherUsage("t\u00e91", Direction.INBOUND, Instant.parse("2026-03-02T10:00:00Z"),
        Instant.parse("2026-03-02T11:00:00.123Z"), 9L, 9L, 0L, 2L, 2 / 9.0, 0L, 0.0, 7L, 0L, 2L, 0L, ciphers,
        RiskLevel.WARNING, "Main", null, "Acme\n", "Lumen", "us-east-1", "BYOC", null, 3L);
    DeadLetter dead = DeadLetter.newBuilder().setReason("UNDECODABLE").setMessage("m").setTopic("t")
        .setPartition(3).setOffset(-1).setRecordTimestamp(Instant.ofEpochMilli(1))
        .setOriginalKey(ByteBuffer.wrap(new byte[] {1, 2, 3})).setOriginalValue(null).setEventId(null)
        .setTrunkId(null).build();
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("file", "events");
    map.put("line", 12L);
    map.put("eventId", null);
    ByteArrayOutputStream w = new ByteArrayOutputStream();
    try (JsonOutput.Lines lines = new JsonOutput.Lines(w)) {
      lines.write(usage);
      lines.write(dead);
      lines.write(map);
      lines.write(usage);
    }
    assertEquals(JsonOutput.line(usage) + "\n" + JsonOutput.line(dead) + "\n" + JsonOutput.line(map) + "\n"
        + JsonOutput.line(usage) + "\n", w.toString(StandardCharsets.UTF_8));
  }

  @Test
  void recurringInstantsKeysAndDoublesAreWrittenAsLineWritesThem() throws Exception {
    ByteArrayOutputStream w = new ByteArrayOutputStream();
    StringBuilder expected = new StringBuilder();
    try (JsonOutput.Lines lines = new JsonOutput.Lines(w)) {
      for (int i = 0; i < 5_000; i++) {
        Map<String, Object> m = new LinkedHashMap<>();
        // instants that share seconds, differ in nanos, and come back after others took their cache slots
        m.put("at", Instant.ofEpochSecond(1_700_000_000L + i % 97 * 64, i % 7 * 1_000_000L + i % 3));
        m.put("share", (double) i / 7 + 1e-9 * i);
        m.put("suite" + i % 5_003, Map.of("k" + i, (long) i));
        lines.write(m);
        Map<String, Object> plain = new LinkedHashMap<>(m);
        plain.put("at", m.get("at").toString());
        expected.append(JsonOutput.line(plain)).append('\n');
      }
    }
    assertEquals(expected.toString(), w.toString(StandardCharsets.UTF_8));
  }
}
