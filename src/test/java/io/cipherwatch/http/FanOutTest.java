package io.cipherwatch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A fanned-out answer is whole only when its parts read every partition exactly once. */
class FanOutTest {

  private static Map<String, Object> part(Integer... partitions) {
    return Map.of("count", 0, "alerts", List.of(), FanOut.PARTITIONS, List.of(partitions));
  }

  /** A part as another instance sends it (through JSON). */
  private static Object viaJson(Object body) throws Exception {
    return Json.read(new String(Json.write(body), StandardCharsets.UTF_8));
  }

  @Test
  void partsThatReadEveryPartitionOnceAreWhole() throws Exception {
    assertNull(FanOut.gap(List.of(part(0, 2), viaJson(part(1, 3))), 4));
    assertNull(FanOut.gap(List.of(part(0, 1, 2, 3)), 4));
    assertNull(FanOut.gap(List.of(part(0, 1, 2, 3), viaJson(part())), 4));
  }

  @Test
  void aPartitionActiveNowhereMakesTheAnswerPartial() throws Exception {
    // revoked from one instance, still restoring on the other: neither reads it
    assertEquals("partitions [2] of 4 were read on no instance",
        FanOut.gap(List.of(part(0, 3), viaJson(part(1))), 4));
    assertEquals("partitions [0, 1, 2, 3] of 4 were read on no instance", FanOut.gap(List.of(part()), 4));
    assertEquals("partitions [0, 1, 2, 3] of 4 were read on no instance", FanOut.gap(List.of(), 4));
  }

  @Test
  void aPartitionReadTwiceMakesTheAnswerWrong() throws Exception {
    assertEquals("partitions [1] were read on two instances",
        FanOut.gap(List.of(part(0, 1), viaJson(part(1, 2, 3))), 4));
    assertEquals("partitions [3] of 4 were read on no instance, partitions [1] were read on two instances",
        FanOut.gap(List.of(part(0, 1), part(1, 2)), 4));
  }

  @Test
  void aPartNamingNoPartitionsOrAnUnknownOneIsRefused() throws Exception {
    assertEquals("an answer does not name the partitions it was read from",
        FanOut.gap(List.of(part(0, 1), viaJson(Map.of("count", 0, "alerts", List.of()))), 2));
    assertEquals("an answer names partition 4 of 4", FanOut.gap(List.of(part(0, 1, 2, 3, 4)), 4));
    assertEquals("an answer names partition -1 of 4", FanOut.gap(List.of(part(-1, 0, 1, 2, 3)), 4));
    assertEquals("an answer names partition x of 4",
        FanOut.gap(List.of(Map.of(FanOut.PARTITIONS, List.of("x"))), 4));
  }
}
