package io.cipherwatch.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cipherwatch.alerting.AlertStatus;
import io.cipherwatch.alerting.AlertType;
import io.cipherwatch.alerting.Severity;
import org.junit.jupiter.api.Test;

/** Every domain alert enum value maps to its Avro counterpart and back, and the Avro side has no others. */
class AlertEnumsTest {
  @Test
  void everyAlertTypeMapsBothWays() {
    assertEquals(AlertType.values().length, io.cipherwatch.avro.AlertType.values().length);
    for (AlertType t : AlertType.values()) {
      assertEquals(t.name(), AlertEnums.toAvro(t).name());
      assertEquals(t, AlertEnums.fromAvro(AlertEnums.toAvro(t)));
    }
    for (io.cipherwatch.avro.AlertType t : io.cipherwatch.avro.AlertType.values()) {
      assertEquals(t, AlertEnums.toAvro(AlertEnums.fromAvro(t)));
    }
  }

  @Test
  void everySeverityMapsBothWays() {
    assertEquals(Severity.values().length, io.cipherwatch.avro.Severity.values().length);
    for (Severity s : Severity.values()) {
      assertEquals(s.name(), AlertEnums.toAvro(s).name());
      assertEquals(s, AlertEnums.fromAvro(AlertEnums.toAvro(s)));
    }
    for (io.cipherwatch.avro.Severity s : io.cipherwatch.avro.Severity.values()) {
      assertEquals(s, AlertEnums.toAvro(AlertEnums.fromAvro(s)));
    }
  }

  @Test
  void everyStatusMapsBothWays() {
    assertEquals(AlertStatus.values().length, io.cipherwatch.avro.AlertState.values().length);
    for (AlertStatus s : AlertStatus.values()) {
      assertEquals(s.name(), AlertEnums.toAvro(s).name());
      assertEquals(s, AlertEnums.fromAvro(AlertEnums.toAvro(s)));
    }
    for (io.cipherwatch.avro.AlertState s : io.cipherwatch.avro.AlertState.values()) {
      assertEquals(s, AlertEnums.toAvro(AlertEnums.fromAvro(s)));
    }
  }
}
