package io.cipherwatch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.alerting.AlertStatus;
import io.cipherwatch.alerting.AlertType;
import io.cipherwatch.alerting.Severity;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.metrics.Records;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertFilterTest {

  @Test
  void parsesCaseInsensitiveValues() {
    assertEquals(AlertFilter.ALL, AlertFilter.parse(Map.of()));
    assertEquals(new AlertFilter(AlertStatus.OPEN, Severity.WARNING, AlertType.PREFERS_DEPRECATED),
        AlertFilter.parse(Map.of("state", "open", "severity", " Warning ", "type", "prefers_deprecated")));
  }

  @Test
  void badValuesNameTheParameterAndTheAllowedValues() {
    assertEquals("Query parameter 'state' must be one of OPEN, RESOLVED",
        assertThrows(BadRequestException.class, () -> AlertFilter.parse(Map.of("state", "CLOSED"))).getMessage());
    assertEquals("Query parameter 'severity' must be one of WARNING, CRITICAL",
        assertThrows(BadRequestException.class, () -> AlertFilter.parse(Map.of("severity", "high"))).getMessage());
    assertEquals("Query parameter 'type' must be one of DEPRECATED_ONLY, PREFERS_DEPRECATED, REGRESSION,"
        + " HANDSHAKE_FAILURES",
        assertThrows(BadRequestException.class, () -> AlertFilter.parse(Map.of("type", "X"))).getMessage());
  }

  @Test
  void matchesEverySetField() {
    DeprecationAlert open = Records.alert("t", Direction.INBOUND, io.cipherwatch.avro.AlertType.REGRESSION,
        io.cipherwatch.avro.AlertState.OPEN, Records.START);
    assertTrue(AlertFilter.ALL.matches(open));
    assertTrue(new AlertFilter(AlertStatus.OPEN, Severity.CRITICAL, AlertType.REGRESSION).matches(open));
    assertFalse(new AlertFilter(AlertStatus.RESOLVED, null, null).matches(open));
    assertFalse(new AlertFilter(null, Severity.WARNING, null).matches(open));
    assertFalse(new AlertFilter(null, null, AlertType.DEPRECATED_ONLY).matches(open));
  }

  @Test
  void queryStringRoundTrips() {
    assertEquals("", AlertFilter.ALL.toQuery());
    AlertFilter f = new AlertFilter(AlertStatus.RESOLVED, Severity.CRITICAL, AlertType.HANDSHAKE_FAILURES);
    assertEquals("state=RESOLVED&severity=CRITICAL&type=HANDSHAKE_FAILURES", f.toQuery());
    assertEquals(f, AlertFilter.parse(UrlCodec.parseQuery(f.toQuery(), AlertFilter.PARAMETERS, "/api/alerts")));
  }
}
