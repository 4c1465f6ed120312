package io.cipherwatch.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class AlertSettingsTest {
  private static final long H = 3_600_000L;

  @Test
  void defaultsMatchTheSpec() {
    AlertSettings d = AlertSettings.defaults();
    assertEquals(H, d.resolveAfterMs());
    assertEquals(H, d.regressionCleanPeriodMs());
    assertEquals(H, d.failuresWindowMs());
    assertEquals(3, d.failuresMinCount());
    assertEquals(0.05, d.failuresMinShare());
    assertEquals(60, d.failuresBuckets());
    assertEquals(60_000, d.failuresBucketMs());
  }

  @Test
  void fiveArgumentConstructorUsesSixtyBuckets() {
    assertEquals(AlertSettings.defaults(), new AlertSettings(H, H, H, 3, 0.05));
  }

  @Test
  void typeSeveritiesMatchTheSpec() {
    assertEquals(Severity.CRITICAL, AlertType.DEPRECATED_ONLY.severity());
    assertEquals(Severity.WARNING, AlertType.PREFERS_DEPRECATED.severity());
    assertEquals(Severity.CRITICAL, AlertType.REGRESSION.severity());
    assertEquals(Severity.CRITICAL, AlertType.HANDSHAKE_FAILURES.severity());
  }

  @Test
  void rejectsEachInvalidThresholdNamingIt() {
    rejects("resolveAfterMs", () -> new AlertSettings(0, H, H, 3, 0.05));
    rejects("regressionCleanPeriodMs", () -> new AlertSettings(H, -1, H, 3, 0.05));
    rejects("failuresWindowMs", () -> new AlertSettings(H, H, 0, 3, 0.05));
    rejects("failuresMinCount", () -> new AlertSettings(H, H, H, 0, 0.05));
    rejects("failuresMinShare", () -> new AlertSettings(H, H, H, 3, 0));
    rejects("failuresMinShare", () -> new AlertSettings(H, H, H, 3, 1.0001));
    rejects("failuresMinShare", () -> new AlertSettings(H, H, H, 3, Double.NaN));
    rejects("failuresBuckets", () -> new AlertSettings(H, H, H, 3, 0.05, 0));
    rejects("failuresBuckets", () -> new AlertSettings(H, H, H, 3, 0.05, 7));
  }

  @Test
  void acceptsTheExtremes() {
    AlertSettings s = new AlertSettings(1, 1, 1, 1, 1.0, 1);
    assertEquals(1, s.failuresBucketMs());
  }

  private static void rejects(String name, Executable e) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    assertTrue(ex.getMessage().startsWith(name), ex.getMessage());
  }
}
