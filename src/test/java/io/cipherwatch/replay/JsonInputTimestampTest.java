package io.cipherwatch.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The formatter-free reading of UTC timestamps agrees with the ISO-8601 parser on every text it accepts. */
class JsonInputTimestampTest {
  @Test
  void utcTextsReadAsTheIsoParserReadsThem() {
    SplittableRandom random = new SplittableRandom(17);
    for (int i = 0; i < 20_000; i++) {
      long millis = random.nextLong(-62_000_000_000_000L, 253_000_000_000_000L);
      String text = java.time.Instant.ofEpochMilli(millis).plusNanos(random.nextInt(1_000_000)).toString();
      assertEquals(iso(text), JsonInput.utcMillis(text), text);
    }
    for (String text : List.of("2026-03-02T10:00:00Z", "2026-03-02T10:00:00.1Z", "2026-03-02T10:00:00.12Z",
        "2026-03-02T10:00:00.123456789Z", "2024-02-29T23:59:59.999Z", "1969-12-31T23:59:59.999Z")) {
      assertEquals(iso(text), JsonInput.utcMillis(text), text);
    }
  }

  @Test
  void otherFormsAndImpossibleDatesAreLeftToTheIsoParser() {
    for (String text : List.of("2026-03-02T10:00:00+01:00", "2026-03-02T10:00:00.Z", "2026-02-30T10:00:00Z",
        "2026-13-02T10:00:00Z", "2026-03-02T24:00:00Z", "2026-03-02T10:60:00Z", "2026-03-02T10:00:60Z",
        "2026-03-02 10:00:00Z", "2026-03-02T10:00:00.1234567890Z", "+2026-03-02T10:00:00Z", "2026-03-0xT10:00:00Z",
        "2026-03-02T10:00:00.12aZ", "20260302T100000Z")) {
      assertEquals(JsonInput.NOT_UTC, JsonInput.utcMillis(text), text);
    }
  }

  private static long iso(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return JsonInput.NOT_UTC;
    }
  }
}
