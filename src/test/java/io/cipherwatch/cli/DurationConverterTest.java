package io.cipherwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter c = new DurationConverter();

  @Test
  void parsesUnitsAndIso() {
    assertEquals(Duration.ofMillis(500), c.convert("500ms"));
    assertEquals(Duration.ofSeconds(90), c.convert("90s"));
    assertEquals(Duration.ofMinutes(10), c.convert("10m"));
    assertEquals(Duration.ofHours(2), c.convert("2H"));
    assertEquals(Duration.ofDays(1), c.convert("1d"));
    assertEquals(Duration.ofSeconds(90), c.convert("PT90S"));
    assertEquals(Duration.ofSeconds(90), c.convert("pt1m30s"));
  }

  @Test
  void refusesNonsenseAndNonPositive() {
    for (String bad : new String[] {"", "s", "10", "10 minutes", "1.5m", "-5s", "PTXS", "0s", "PT0S",
        "99999999999999999999s"}) {
      assertThrows(TypeConversionException.class, () -> c.convert(bad), bad);
    }
  }

  @Test
  void formatsCompactly() {
    assertEquals("45s", DurationConverter.format(Duration.ofSeconds(45)));
    assertEquals("1m05s", DurationConverter.format(Duration.ofSeconds(65)));
    assertEquals("2h03m", DurationConverter.format(Duration.ofMinutes(123)));
  }
}
