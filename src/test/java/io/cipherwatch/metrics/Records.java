package io.cipherwatch.metrics;

import io.cipherwatch.avro.AlertState;
import io.cipherwatch.avro.AlertType;
import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.avro.RiskLevel;
import io.cipherwatch.avro.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Complete Avro store values for tests (every required field set). */
public final class Records {
  public static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

  private Records() {}

  /** A trunk window with {@code deprecated} and {@code wouldBreak} out of {@code established} handshakes. */
  public static CipherUsage usage(String trunk, Direction dir, long established, long deprecated, long wouldBreak,
      String org, String carrier) {
    return CipherUsage.newBuilder()
        .setTrunkId(trunk).setDirection(dir).setWindowStart(START).setWindowEnd(START.plusSeconds(60))
        .setHandshakes(established).setEstablishedHandshakes(established).setFailedHandshakes(0)
        .setDeprecatedHandshakes(deprecated)
        .setDeprecatedShare(established == 0 ? 0 : (double) deprecated / established)
        .setWouldBreakHandshakes(wouldBreak)
        .setWouldBreakShare(established == 0 ? 0 : (double) wouldBreak / established)
        .setCleanHandshakes(established - deprecated).setOffersDeprecatedHandshakes(0)
        .setPrefersDeprecatedHandshakes(deprecated - wouldBreak).setDeprecatedOnlyHandshakes(wouldBreak)
        .setCipherCounts(Map.of()).setRiskLevel(wouldBreak > 0 ? RiskLevel.CRITICAL
            : deprecated > 0 ? RiskLevel.WARNING : RiskLevel.CLEAN)
        .setOrganizationName(org).setCarrier(carrier)
        .build();
  }

  /** A fleet window ending {@code endOffsetSeconds} after {@link #START}. */
  public static FleetUsage fleet(Direction dir, long endOffsetSeconds, long established, long deprecated,
      long wouldBreak, Map<String, Long> ciphers, long critical, long warning, long info, long clean) {
    return FleetUsage.newBuilder()
        .setDirection(dir).setWindowStart(START.plusSeconds(endOffsetSeconds - 60))
        .setWindowEnd(START.plusSeconds(endOffsetSeconds))
        .setTrunks(critical + warning + info + clean).setHandshakes(established)
        .setEstablishedHandshakes(established).setFailedHandshakes(0).setDeprecatedHandshakes(deprecated)
        .setDeprecatedShare(established == 0 ? 0 : (double) deprecated / established)
        .setWouldBreakHandshakes(wouldBreak)
        .setWouldBreakShare(established == 0 ? 0 : (double) wouldBreak / established)
        .setCleanHandshakes(established - deprecated).setOffersDeprecatedHandshakes(0)
        .setPrefersDeprecatedHandshakes(deprecated - wouldBreak).setDeprecatedOnlyHandshakes(wouldBreak)
        .setCipherCounts(ciphers).setCriticalTrunks(critical).setWarningTrunks(warning).setInfoTrunks(info)
        .setCleanTrunks(clean)
        .build();
  }

  /** The latest transition of one alert. */
  public static DeprecationAlert alert(String trunk, Direction dir, AlertType type, AlertState state,
      Instant eventTime) {
    return DeprecationAlert.newBuilder()
        .setAlertId(trunk + "-" + dir + "-" + type).setTrunkId(trunk).setDirection(dir).setType(type)
        .setSeverity(type == AlertType.PREFERS_DEPRECATED ? Severity.WARNING : Severity.CRITICAL)
        .setState(state).setOpenedAt(eventTime).setResolvedAt(state == AlertState.RESOLVED ? eventTime : null)
        .setEventTime(eventTime).setEventId("e-1").setOfferedCipherSuites(List.of())
        .setHandshakesSinceOpen(1).setLastEvidenceAt(eventTime).setMessage("test alert")
        .build();
  }
}
