package io.cipherwatch.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EventTimelineTest {
  private static final long START = 1_772_445_600_000L; // 2026-03-02T10:00:00Z
  private static final long HOUR = 3_600_000L;

  @Test
  void timesAreNonDecreasingAndInsideTheSpan() {
    long n = 10_000;
    EventTimeline t = new EventTimeline(START, 6 * HOUR, n, x -> 1 + Math.sin(x / 1e6) * 0.5);
    long previous = Long.MIN_VALUE;
    for (long i = 0; i < n; i++) {
      long time = t.timeOf(i);
      assertTrue(time >= previous, "event " + i + " went back in time");
      assertTrue(time >= START && time < START + 6 * HOUR, "event " + i + " outside the span: " + time);
      previous = time;
    }
    assertTrue(t.timeOf(0) - START < 60_000, "first event near the start");
    assertTrue(START + 6 * HOUR - t.timeOf(n - 1) < 60_000, "last event near the end");
  }

  @Test
  void constantActivitySpacesEventsEvenly() {
    EventTimeline t = new EventTimeline(START, HOUR, 3_600, x -> 0.7);
    for (long i = 0; i < 3_600; i++) {
      assertEquals(START + i * 1_000 + 500, t.timeOf(i), 1, "event " + i);
    }
  }

  @Test
  void densityFollowsActivity() {
    long n = 40_000;
    // three times busier in the second hour than in the first
    EventTimeline t = new EventTimeline(START, 2 * HOUR, n, x -> x < START + HOUR ? 1 : 3);
    long firstHour = 0;
    for (long i = 0; i < n; i++) {
      if (t.timeOf(i) < START + HOUR) {
        firstHour++;
      }
    }
    assertEquals(n / 4, firstHour, n / 400, "a quarter of the events in the quiet hour");
  }

  @Test
  void spanShorterThanAMinuteAndSingleEvent() {
    EventTimeline t = new EventTimeline(START, 10_000, 1, x -> 1);
    assertEquals(START + 5_000, t.timeOf(0), 1);
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> new EventTimeline(START, 0, 10, x -> 1));
    assertThrows(IllegalArgumentException.class, () -> new EventTimeline(START, HOUR, 0, x -> 1));
    assertThrows(IllegalArgumentException.class, () -> new EventTimeline(START, HOUR, 10, x -> 0));
    EventTimeline t = new EventTimeline(START, HOUR, 10, x -> 1);
    assertThrows(IndexOutOfBoundsException.class, () -> t.timeOf(10));
    assertThrows(IndexOutOfBoundsException.class, () -> t.timeOf(-1));
  }
}
