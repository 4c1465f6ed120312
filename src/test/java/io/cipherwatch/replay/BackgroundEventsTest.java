package io.cipherwatch.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.policy.DeadLetterReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background reader hands over every non-blank line in file order and reports what stopped it. */
class BackgroundEventsTest {
  private static final String THREAD = "test-events-reader";

  private static String event(int i) {
    return "{\"edgeId\":\"e\",\"trunkId\":\"t" + i + "\",\"direction\":\"INBOUND\",\"timestamp\":" + (1_000L + i)
        + ",\"offeredCipherSuites\":[49200],\"negotiatedCipherSuite\":49200}";
  }

  private static Path file(Path dir, int count) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      lines.add(i % 97 == 0 ? "" : i % 13 == 0 ? "{not json" : event(i));
    }
    return Files.write(dir.resolve("events.jsonl"), lines);
  }

  @Test
  void handsOverEveryNonBlankLineInOrderWithRejectedOnesInPlace(@TempDir Path dir) throws IOException {
    int count = 10_007; // batches and a last partial one
    Path f = file(dir, count);
    long expected = 1;
    try (BackgroundEvents in = new BackgroundEvents(f, e -> e.getEdgeId().getBytes(StandardCharsets.UTF_8), THREAD)) {
      BackgroundEvents.Line line;
      while ((line = in.next()) != null) {
        if (expected % 97 == 0) {
          expected++; // blank lines are skipped, but counted
        }
        assertEquals(expected, line.number());
        if (expected % 13 == 0) {
          assertNotNull(line.rejected());
          assertEquals(DeadLetterReason.BAD_JSON, line.rejected().reason());
          assertNull(line.value());
        } else {
          assertNull(line.rejected());
          assertArrayEquals(("t" + expected).getBytes(StandardCharsets.UTF_8), line.key());
          assertArrayEquals("e".getBytes(StandardCharsets.UTF_8), line.value());
          assertEquals(1_000L + expected, line.timestamp());
        }
        expected++;
      }
      assertNull(in.next(), "the end stays the end");
      assertEquals(count, in.lines());
    }
    assertEquals(count + 1, expected);
  }

  @Test
  void aFileThatCannotBeReadIsThrownByNext(@TempDir Path dir) {
    try (BackgroundEvents in = new BackgroundEvents(dir.resolve("missing.jsonl"), e -> new byte[0], THREAD)) {
      assertThrows(NoSuchFileException.class, in::next);
    }
  }

  @Test
  void anEncodingFailureIsThrownByNextAfterTheLinesBeforeIt(@TempDir Path dir) throws IOException {
    Path f = file(dir, 2_000);
    int[] seen = {0};
    try (BackgroundEvents in = new BackgroundEvents(f, e -> {
      if (e.getTrunkId().equals("t1500")) {
        throw new IllegalStateException("registry refused the schema");
      }
      return new byte[0];
    }, THREAD)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
        while (in.next() != null) {
          seen[0]++;
        }
      });
      assertEquals("registry refused the schema", e.getMessage());
    }
    assertTrue(seen[0] > 1_000 && seen[0] < 1_500, "lines handed over before the failure: " + seen[0]);
  }

  @Test
  void closingBeforeTheEndStopsTheReader(@TempDir Path dir) throws IOException {
    Path f = file(dir, 100_000);
    try (BackgroundEvents in = new BackgroundEvents(f, e -> new byte[0], THREAD)) {
      assertNotNull(in.next());
    }
    assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals(THREAD)),
        "the reader thread has ended");
  }
}
